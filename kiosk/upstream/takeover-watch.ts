/**
 * Recognises a session taken over by another client with the same client id (usually a
 * second board provisioned with the same terminal id, or a stale process). MQTT 5 brokers
 * say so (DISCONNECT reason 0x8E); an MQTT 3.1.1 broker just closes the connection, so
 * the sign is a connection closed soon after its CONNACK several times in a row. Both
 * clients would otherwise throw each other off in a tight loop; after a takeover the link
 * waits on a back-off of its own that starts at minutes.
 */
import { Backoff, type BackoffOptions } from '../../drivers/core/backoff.js';

export interface TakeoverOptions {
  /** A close this soon after CONNACK counts as quick (default 5000 ms). */
  quickCloseMs?: number;
  /** Quick closes in a row that mean "taken over" (default 3). */
  quickClosesToTrip?: number;
  /** Waits after a takeover (default 60 s growing to 15 min, jittered). */
  backoff?: BackoffOptions;
  /** Online this long after a takeover ends its alert (default 120 s). */
  stableMs?: number;
}

/** MQTT 5 DISCONNECT reason code "session taken over". */
export const SESSION_TAKEN_OVER = 0x8e;

export class TakeoverWatch {
  #connectedAt = 0;
  #quickCloses = 0;
  readonly #quickMs: number;
  readonly #trip: number;
  readonly #backoff: Backoff;

  constructor(options: TakeoverOptions = {}) {
    this.#quickMs = options.quickCloseMs ?? 5000;
    this.#trip = options.quickClosesToTrip ?? 3;
    this.#backoff = new Backoff(options.backoff ?? { initialMs: 60_000, maxMs: 15 * 60_000 });
  }

  get quickCloses(): number {
    return this.#quickCloses;
  }

  connected(nowMs: number): void {
    this.#connectedAt = nowMs;
  }

  /**
   * An online connection closed. Returns the wait before the next attempt when this looks
   * like a takeover, or null for an ordinary loss. A close with messages in flight neither
   * counts nor resets: a message the broker refuses also ends the connection at once, and
   * the delivery's dead-letter path deals with that.
   */
  closed(nowMs: number, reasonCode: number | null, messagesInFlight = false): number | null {
    if (messagesInFlight && reasonCode !== SESSION_TAKEN_OVER) return null;
    const quick = nowMs - this.#connectedAt < this.#quickMs;
    if (!quick && reasonCode !== SESSION_TAKEN_OVER) {
      this.#quickCloses = 0;
      this.#backoff.reset();
      return null;
    }
    this.#quickCloses += 1;
    if (reasonCode !== SESSION_TAKEN_OVER && this.#quickCloses < this.#trip) return null;
    return this.#backoff.next();
  }
}
