/** Typed errors of the outbox; each names the journal and what could not be done. */
import { errorMessage } from '../../drivers/core/errors.js';

export class OutboxError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The journal could not be read or written; the caller's record is not stored. */
export class OutboxWriteError extends OutboxError {
  constructor(
    readonly path: string,
    step: string,
    cause: unknown,
  ) {
    super('outbox-write-failed', `outbox journal ${path}: ${step} failed: ${errorMessage(cause)}`, {
      cause,
    });
  }
}

/** The outbox holds as much as it may; nothing was dropped, the new record was refused. */
export class OutboxFullError extends OutboxError {
  constructor(
    readonly limit: 'entries' | 'bytes',
    readonly depth: number,
    readonly bytes: number,
    readonly max: number,
  ) {
    super(
      'outbox-full',
      `outbox full: ${limit} limit ${max} reached (${depth} entries, ${bytes} bytes waiting); ` +
        'the upstream link must deliver before new events can be stored',
    );
  }
}

export class OutboxClosedError extends OutboxError {
  constructor(readonly path: string) {
    super('outbox-closed', `outbox ${path} is closed`);
  }
}

/** A message that does not fit the journal format (field too long). */
export class OutboxRecordError extends OutboxError {
  constructor(detail: string) {
    super('outbox-bad-record', `outbox refused a record: ${detail}`);
  }
}
