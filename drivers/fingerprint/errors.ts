/**
 * Errors of the fingerprint driver. Callers switch on `code` (and `confirmation` for a
 * module error), never on message text.
 */
import { DriverError } from '../core/errors.js';
import { confirmationText, hex } from './constants.js';

/** The module answered a command with a confirmation code other than success. */
export class ModuleError extends DriverError {
  constructor(
    device: string,
    readonly command: string,
    readonly confirmation: number,
    options?: { cause?: unknown },
  ) {
    super(
      'module-error',
      `fingerprint module at ${device} answered 0x${hex(confirmation)} ` +
        `(${confirmationText(confirmation)}) to ${command}`,
      device,
      options,
    );
  }
}

/** A data transfer (template upload) broke its framing: too long, or no end packet. */
export class DataSequenceError extends DriverError {
  constructor(device: string, detail: string, options?: { cause?: unknown }) {
    super('data-sequence', `fingerprint module at ${device}: ${detail}`, device, options);
  }
}

/** The caller asked for something the module cannot do (bad slot, id out of range …). */
export class InvalidRequestError extends DriverError {
  constructor(device: string, detail: string) {
    super('invalid-request', `fingerprint module at ${device}: ${detail}`, device);
  }
}
