/**
 * Time as the screen driver sees it. The idle timers run on this, so tests advance a
 * manual clock instead of waiting (no timed assertions).
 */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

interface Pending {
  at: number;
  seq: number;
  callback: () => void;
}

/** A clock that only moves when told to; timers fire in time order during `advance`. */
export class ManualClock implements Clock {
  #now: number;
  #seq = 0;
  readonly #pending = new Map<number, Pending>();

  constructor(start = Date.parse('2026-01-05T08:00:00Z')) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const seq = ++this.#seq;
    this.#pending.set(seq, { at: this.#now + Math.max(0, ms), seq, callback });
    return seq;
  }

  clearTimeout(handle: unknown): void {
    this.#pending.delete(handle as number);
  }

  /** Moves time forward, firing every timer that falls due, including ones they set. */
  advance(ms: number): void {
    const until = this.#now + ms;
    for (let next = this.#due(until); next; next = this.#due(until)) {
      this.#pending.delete(next.seq);
      this.#now = next.at;
      next.callback();
    }
    this.#now = until;
  }

  get pendingTimers(): number {
    return this.#pending.size;
  }

  #due(until: number): Pending | undefined {
    let first: Pending | undefined;
    for (const entry of this.#pending.values()) {
      if (entry.at > until) continue;
      if (!first || entry.at < first.at || (entry.at === first.at && entry.seq < first.seq)) {
        first = entry;
      }
    }
    return first;
  }
}
