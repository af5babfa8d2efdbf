/**
 * A clock the test moves by hand. `advanceTo` fires every callback that has come due, in
 * time order, and waits for the work each one started.
 */
import type { Clock } from './clock.js';

interface Pending {
  at: number;
  fn: () => void;
}

export class ManualClock implements Clock {
  #time: number;
  #pending: Pending[] = [];

  constructor(start: Date) {
    this.#time = start.getTime();
  }

  now(): Date {
    return new Date(this.#time);
  }

  at(at: Date, fn: () => void): () => void {
    const entry = { at: at.getTime(), fn };
    this.#pending.push(entry);
    return () => {
      this.#pending = this.#pending.filter((pending) => pending !== entry);
    };
  }

  async advanceTo(target: Date, settle: () => Promise<void> = flush): Promise<void> {
    for (;;) {
      const due = this.#pending
        .filter((pending) => pending.at <= target.getTime())
        .sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.#pending = this.#pending.filter((pending) => pending !== due);
      this.#time = Math.max(this.#time, due.at);
      due.fn();
      await settle();
    }
    this.#time = target.getTime();
  }
}

/** Lets queued promise chains run to their end. */
async function flush(): Promise<void> {
  for (let round = 0; round < 20; round += 1) await new Promise((resolve) => setImmediate(resolve));
}
