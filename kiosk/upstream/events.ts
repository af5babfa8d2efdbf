/**
 * Events as the platform receives them: a JSON envelope with a random id (duplicates
 * after a replay are recognisable by it), the terminal's seq (order and gaps) and the
 * `replayed` flag, which the link sets when it sends an entry that waited through a
 * disconnect or restart.
 */
import { randomUUID } from 'node:crypto';
import type { Outbox } from './outbox.js';
import { assertMessage, eventDataSchema } from './protocol-schemas.js';
import { terminalTopics } from './topics.js';

export interface EventEnvelope<Data = unknown> {
  id: string;
  terminal: string;
  site: string;
  type: string;
  /** ISO time the event happened (was recorded). */
  time: string;
  seq: number;
  replayed: boolean;
  data: Data;
}

export class EventTypeError extends Error {
  readonly code = 'bad-event-type';

  constructor(readonly type: unknown) {
    super(
      `event type ${JSON.stringify(type)} is not a dotted lower-case name like "duty.check-in"`,
    );
    this.name = 'EventTypeError';
  }
}

/** An event type the protocol does not define (no `schemas/event.<type>.json`). */
export class UnknownEventTypeError extends Error {
  readonly code = 'unknown-event-type';

  constructor(readonly type: string) {
    super(
      `event type ${type} is not in the protocol: add schemas/event.${type}.json ` +
        'and document it in docs/protocol.md',
    );
    this.name = 'UnknownEventTypeError';
  }
}

const EVENT_TYPE = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/;

export class EventRecorder {
  readonly #topic: string;

  constructor(
    private readonly outbox: Outbox,
    private readonly identity: { site: string; terminalId: string },
  ) {
    this.#topic = terminalTopics(identity.site, identity.terminalId).events;
  }

  /**
   * Stores the event durably in the outbox; resolves with the envelope once synced.
   * Data that does not match its type's schema is refused (SchemaViolationError naming
   * the field): a programming error must not reach the platform.
   */
  async record<Data>(event: { type: string; data: Data }): Promise<EventEnvelope<Data>> {
    if (typeof event.type !== 'string' || !EVENT_TYPE.test(event.type)) {
      throw new EventTypeError(event.type);
    }
    const schema = eventDataSchema(event.type);
    if (schema === null) throw new UnknownEventTypeError(event.type);
    assertMessage(schema, event.data, `data of event ${event.type}`);

    const envelope: EventEnvelope<Data> = {
      id: randomUUID(),
      terminal: this.identity.terminalId,
      site: this.identity.site,
      type: event.type,
      time: new Date().toISOString(),
      // The outbox gives seqs in call order; reading and appending in one tick keeps them equal.
      seq: this.outbox.nextSeq,
      replayed: false,
      data: event.data,
    };
    const payload = Buffer.from(JSON.stringify(envelope));
    const entry = await this.outbox.append({ id: envelope.id, topic: this.#topic, payload });

    if (entry.seq !== envelope.seq) {
      throw new Error(`outbox gave seq ${entry.seq}, envelope says ${envelope.seq}`);
    }
    return envelope;
  }
}

export function recordEvent<Data>(
  outbox: Outbox,
  identity: { site: string; terminalId: string },
  event: { type: string; data: Data },
): Promise<EventEnvelope<Data>> {
  return new EventRecorder(outbox, identity).record(event);
}

/**
 * The bytes to send for an outbox entry: envelope payloads get `replayed` set as asked;
 * anything that is not a JSON object goes out unchanged.
 */
export function payloadForSend(payload: Buffer, replayed: boolean): Buffer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload.toString('utf8'));
  } catch {
    return payload;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return payload;
  if (!('replayed' in parsed) || (parsed as { replayed: unknown }).replayed === replayed) {
    return payload;
  }
  return Buffer.from(JSON.stringify({ ...parsed, replayed }));
}
