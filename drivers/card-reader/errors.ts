/**
 * Typed errors of the card reader driver. Callers switch on `code`; the message names
 * the reader and what it answered.
 */
import { DriverError } from '../core/errors.js';

export const BACKEND_UNAVAILABLE_MESSAGE =
  'card back-end unavailable: pcsclite is not installed ' +
  '(apt install libpcsclite-dev, then npm install)';

/** The optional native `pcsclite` module could not be loaded. */
export class CardBackendUnavailableError extends DriverError {
  constructor(device: string, options?: { cause?: unknown }) {
    super('backend-unavailable', BACKEND_UNAVAILABLE_MESSAGE, device, options);
  }
}

/** PC/SC return codes the driver tells apart; anything else is code 'pcsc'. */
const PCSC_CODES: Record<number, string> = {
  0x80100002: 'cancelled',
  0x80100009: 'unknown-reader',
  0x8010000a: 'pcsc-timeout',
  0x8010000b: 'sharing-violation',
  0x8010000c: 'no-smartcard',
  0x80100013: 'comm-error',
  0x80100016: 'not-transacted',
  0x80100017: 'reader-unavailable',
  0x8010001d: 'no-service',
  0x8010002e: 'no-readers',
  0x80100066: 'unresponsive-card',
  0x80100067: 'unpowered-card',
  0x80100068: 'reset-card',
  0x80100069: 'removed-card',
};

/** Codes that mean the card went away or stopped answering, not that the driver is broken. */
export const CARD_GONE_CODES = new Set([
  'no-smartcard', 'removed-card', 'reset-card', 'unresponsive-card', 'unpowered-card',
  'not-transacted', 'comm-error', 'reader-unavailable', 'unknown-reader', 'no-response',
]);

export function pcscCodeName(status: number | null): string {
  return status === null ? 'pcsc' : (PCSC_CODES[status] ?? 'pcsc');
}

/** Reads the "(0x8010001d)" suffix pcsclite puts on its error messages. */
export function pcscStatusOf(error: unknown): number | null {
  const text = error instanceof Error ? error.message : String(error);
  const match = /\(0x([0-9a-fA-F]{8})\)/.exec(text);
  return match ? Number.parseInt(match[1]!, 16) : null;
}

export function hex32(value: number): string {
  return '0x' + value.toString(16).toUpperCase().padStart(8, '0');
}

/** A PC/SC call failed; `status` is the SCARD_* return code when the library gave one. */
export class PcscError extends DriverError {
  readonly status: number | null;

  constructor(device: string, what: string, status: number | null, options?: { cause?: unknown }) {
    const cause = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    const suffix = status === null ? cause : ` (${hex32(status)} ${pcscCodeName(status)})${cause}`;
    super(pcscCodeName(status), `${device}: ${what} failed${suffix}`, device, options);
    this.status = status;
  }

  static from(device: string, what: string, error: unknown): PcscError {
    if (error instanceof PcscError) return error;
    return new PcscError(device, what, pcscStatusOf(error), { cause: error });
  }
}

/** The card answered a command with a status word that does not give a UID. */
export class CardStatusError extends DriverError {
  constructor(
    code: string,
    device: string,
    readonly reader: string,
    readonly sw: number,
    detail: string,
  ) {
    const sw4 = sw.toString(16).toUpperCase().padStart(4, '0');
    super(code, `${device}: card in "${reader}" answered ${sw4} to get-UID (${detail})`, device);
  }
}
