/**
 * The outbox's waiting entries in seq order, kept so that the delivery loop's questions
 * ("what comes after seq N?") and the acks that remove from the front cost O(log n), not
 * a rebuild of the whole list per change: after an outage the queue holds thousands.
 *
 * Acks almost always remove the oldest entry, so the front is a moving head index and
 * the array is compacted only once the dead prefix is large.
 */
import type { OutboxEntry } from './outbox.js';

const COMPACT_AFTER = 1024;

export class PendingQueue {
  #entries: (OutboxEntry | undefined)[] = [];
  #head = 0;

  get size(): number {
    return this.#entries.length - this.#head;
  }

  add(entry: OutboxEntry): void {
    const last = this.#entries[this.#entries.length - 1];
    if (this.size === 0 || (last !== undefined && last.seq < entry.seq)) {
      this.#entries.push(entry);
      return;
    }
    // Out of order only when appends finish syncing out of call order; keep it sorted.
    this.#entries.splice(this.#firstAfter(entry.seq), 0, entry);
  }

  remove(seq: number): void {
    const index = this.#firstAfter(seq - 1);
    if (this.#entries[index]?.seq !== seq) return;
    if (index === this.#head) {
      this.#entries[index] = undefined;
      this.#head += 1;
      this.#compact();
    } else {
      this.#entries.splice(index, 1);
    }
  }

  /** Up to `max` entries with a seq above `seq`, in order. */
  after(seq: number, max: number): OutboxEntry[] {
    const start = this.#firstAfter(seq);
    return this.#entries.slice(start, start + max) as OutboxEntry[];
  }

  all(): OutboxEntry[] {
    return this.#entries.slice(this.#head) as OutboxEntry[];
  }

  /** Index of the first live entry whose seq is above `seq`. */
  #firstAfter(seq: number): number {
    let low = this.#head;
    let high = this.#entries.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.#entries[middle]!.seq <= seq) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  #compact(): void {
    if (this.#head === this.#entries.length) {
      this.#entries = [];
      this.#head = 0;
    } else if (this.#head >= COMPACT_AFTER && this.#head * 2 >= this.#entries.length) {
      this.#entries = this.#entries.slice(this.#head);
      this.#head = 0;
    }
  }
}
