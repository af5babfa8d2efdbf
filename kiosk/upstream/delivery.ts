/**
 * Sends outbox entries over one live connection at a time, in seq order, QoS 1, with a
 * bounded in-flight window; an entry is acked in the outbox only on its PUBACK.
 *
 * Nothing is left to MQTT.js' own store: each connection gets a new client, and after a
 * disconnect everything not acked is sent again from the outbox. Entries that waited
 * through a disconnect or restart go out with `replayed: true`.
 *
 * A message the broker cannot take (too large, forbidden) typically makes it drop the
 * connection. After a disconnect with several messages in flight, the suspects are sent
 * one at a time; a message that alone in flight loses the connection `maxTries` times is
 * dead-lettered so the queue behind it keeps moving.
 */
import type { MqttClient } from 'mqtt';
import { errorMessage } from '../../drivers/core/errors.js';
import type { Logger } from '../../drivers/core/logger.js';
import { payloadForSend } from './events.js';
import type { Outbox, OutboxEntry } from './outbox.js';

export interface DeliveryOptions {
  window?: number;
  maxTries?: number;
  onDelivered(entry: OutboxEntry): void;
}

interface Session {
  client: MqttClient;
  connectedAtMs: number;
  sentUpTo: number;
  inFlight: Set<number>;
}

export class Delivery {
  #session: Session | null = null;
  /** Highest seq that was in flight when a connection dropped: sent alone until acked. */
  #suspectUpTo = 0;
  readonly #tries = new Map<number, number>();
  readonly #window: number;
  readonly #maxTries: number;
  #offAppended: (() => void) | null = null;

  constructor(
    private readonly outbox: Outbox,
    private readonly logger: Logger,
    private readonly options: DeliveryOptions,
  ) {
    this.#window = options.window ?? 16;
    this.#maxTries = options.maxTries ?? 5;
  }

  get inFlight(): number {
    return this.#session?.inFlight.size ?? 0;
  }

  /** Starts sending on a connection that just came up. */
  attach(client: MqttClient, connectedAtMs: number): void {
    this.#session = { client, connectedAtMs, sentUpTo: 0, inFlight: new Set() };
    this.#offAppended ??= this.outbox.events.on('appended', () => this.#pump());
    void this.#deadLetterHopeless().then(() => this.#pump());
  }

  /** The connection is gone: whatever was in flight will be sent again on the next one. */
  detach(reason: string): void {
    const session = this.#session;
    this.#session = null;
    if (!session || session.inFlight.size === 0) return;

    const seqs = [...session.inFlight];
    this.#suspectUpTo = Math.max(this.#suspectUpTo, ...seqs);
    if (seqs.length === 1) {
      const seq = seqs[0]!;
      const tries = (this.#tries.get(seq) ?? 0) + 1;
      this.#tries.set(seq, tries);
      this.logger.warn('connection lost with one message in flight', { seq, tries, reason });
    }
  }

  stop(): void {
    this.#offAppended?.();
    this.#offAppended = null;
    this.#session = null;
  }

  async #deadLetterHopeless(): Promise<void> {
    for (const [seq, tries] of this.#tries) {
      if (tries < this.#maxTries) continue;
      this.#tries.delete(seq);
      const reason =
        `broker refused it or dropped the connection ${tries} times while it was in flight`;
      await this.outbox.deadLetter(seq, reason).catch((error: unknown) => {
        const detail = errorMessage(error);
        this.logger.error('could not dead-letter outbox entry', { seq, reason: detail });
      });
    }
  }

  #pump(): void {
    const session = this.#session;
    if (!session) return;

    // At most a window can go out now; after a refusal some later ones are in flight.
    const candidates = this.outbox.pendingAfter(session.sentUpTo, this.#window + session.inFlight.size);
    for (const entry of candidates) {
      if (session.inFlight.has(entry.seq)) continue;
      const suspect = entry.seq <= this.#suspectUpTo;
      // Suspects go alone, so a message that kills the connection is recognised.
      if (suspect ? session.inFlight.size > 0 : session.inFlight.size >= this.#window) return;
      this.#send(session, entry);
      if (suspect) return;
    }
  }

  #send(session: Session, entry: OutboxEntry): void {
    session.sentUpTo = entry.seq;
    session.inFlight.add(entry.seq);
    const waited = Date.parse(entry.storedAt) < session.connectedAtMs;
    const replayed = waited || this.#tries.has(entry.seq);
    const payload = payloadForSend(entry.payload, replayed);

    session.client.publish(entry.topic, payload, { qos: 1 }, (error) => {
      if (this.#session !== session) return;
      session.inFlight.delete(entry.seq);
      if (error) return this.#refused(session, entry, error);
      void this.#acked(entry);
    });
  }

  async #acked(entry: OutboxEntry): Promise<void> {
    this.#tries.delete(entry.seq);
    try {
      await this.outbox.ack(entry.seq);
    } catch (error) {
      // The platform has it; after a restart it is sent again and recognised by its id.
      this.logger.warn('could not record delivery in the outbox', {
        seq: entry.seq,
        reason: errorMessage(error),
      });
    }
    this.options.onDelivered(entry);
    this.#pump();
  }

  #refused(session: Session, entry: OutboxEntry, error: Error): void {
    const tries = (this.#tries.get(entry.seq) ?? 0) + 1;
    this.#tries.set(entry.seq, tries);
    this.logger.warn('broker refused a message', { seq: entry.seq, tries, reason: error.message });

    // Send it again from here; later ones already sent keep their place.
    session.sentUpTo = Math.min(session.sentUpTo, entry.seq - 1);
    if (tries >= this.#maxTries) void this.#deadLetterHopeless().then(() => this.#pump());
    else this.#pump();
  }
}
