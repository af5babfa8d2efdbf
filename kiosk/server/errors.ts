/**
 * Errors of the local HTTP server. Each carries a stable `code` to switch on.
 */
import { errorMessage } from '../../drivers/core/errors.js';

/** startServer was asked to listen somewhere other than the loopback address. */
export class LoopbackOnlyError extends Error {
  readonly code = 'host-not-loopback';

  constructor(readonly host: string) {
    super(
      `kiosk server refuses to listen on ${JSON.stringify(host)}: ` +
        'the local API has no authentication, so it only binds 127.0.0.1',
    );
    this.name = 'LoopbackOnlyError';
  }
}

/** The server could not start listening (port taken, permission denied …). */
export class ServerStartError extends Error {
  readonly code = 'listen-failed';

  constructor(host: string, port: number, options: { cause: unknown }) {
    const reason = errorMessage(options.cause);
    super(`kiosk server could not listen on ${host}:${port}: ${reason}`, options);
    this.name = 'ServerStartError';
  }
}

/**
 * A request the server answers with an error status. The message names what was wrong
 * and is sent to the client as `{ error: { code, message } }`.
 */
export class HttpError extends Error {
  readonly headers: Record<string, string>;

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    options?: { cause?: unknown; headers?: Record<string, string> },
  ) {
    super(message, options);
    this.name = 'HttpError';
    this.headers = options?.headers ?? {};
  }
}
