/**
 * Typed errors of the GPIO driver. Every one names the device and, where there is one,
 * the logical pin, so an operator reading a log knows which wire to look at.
 */
import { DriverError } from '../core/errors.js';

export class GpioError extends DriverError {
  constructor(
    code: string,
    device: string,
    readonly pin: string | null,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(code, `${device}: ${pin === null ? '' : `pin '${pin}' `}${detail}`, device, options);
  }
}

/** The options are wrong; `path` says where ("pins.callButton.line"). */
export class GpioConfigError extends DriverError {
  constructor(
    device: string,
    readonly problems: string[],
  ) {
    super('config', `${device}: invalid GPIO options: ${problems.join('; ')}`, device);
  }
}

/** The chip named by a pin is missing, ambiguous, or the line is outside it. */
export class PinResolveError extends GpioError {
  constructor(device: string, pin: string, detail: string, options?: { cause?: unknown }) {
    super('pin-unresolved', device, pin, detail, options);
  }
}

/** A kernel driver owns the line, so sysfs refuses to export it. */
export class PinHeldError extends GpioError {
  constructor(device: string, pin: string, detail: string, options?: { cause?: unknown }) {
    super('pin-held', device, pin, detail, options);
  }
}

export class UnknownPinError extends GpioError {
  constructor(device: string, pin: string, known: readonly string[]) {
    super('unknown-pin', device, pin, `is not configured (known: ${known.join(', ') || 'none'})`);
  }
}

export class NotAnOutputError extends GpioError {
  constructor(device: string, pin: string) {
    super('not-an-output', device, pin, 'is an input and cannot be written');
  }
}

export class GpioNotReadyError extends GpioError {
  constructor(device: string, pin: string, state: string) {
    super('not-ready', device, pin, `cannot be used while the device is ${state}`);
  }
}

/** Reading, writing or configuring a claimed pin failed at the OS level. */
export class PinIoError extends GpioError {
  constructor(device: string, pin: string, detail: string, options?: { cause?: unknown }) {
    super('pin-io', device, pin, detail, options);
  }
}
