/**
 * Typed errors shared by every driver. Each carries a stable `code` that callers switch
 * on (never the message text), the device it concerns, and the underlying cause.
 */
export class DriverError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly device: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The device did not answer within the time allowed. */
export class DeviceTimeoutError extends DriverError {
  constructor(device: string, what: string, timeoutMs: number, options?: { cause?: unknown }) {
    super('timeout', `${device}: no answer to ${what} within ${timeoutMs} ms`, device, options);
  }
}

/** The device went away (port closed, reader removed, board silent). */
export class DeviceLostError extends DriverError {
  constructor(device: string, detail: string, options?: { cause?: unknown }) {
    super('lost', `${device}: ${detail}`, device, options);
  }
}

/** Bytes or values from the device that do not follow its protocol. */
export class ProtocolError extends DriverError {
  constructor(device: string, detail: string, options?: { cause?: unknown }) {
    super('protocol', `${device}: ${detail}`, device, options);
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function isErrno(error: unknown, code: string): error is NodeJS.ErrnoException {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
