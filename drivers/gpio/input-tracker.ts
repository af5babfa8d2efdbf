/**
 * Turns raw changes of one input into the events the runtime sees: debounced (a level
 * must stay quiet for debounceMs before it is read and reported), de-duplicated (only
 * a change of the logical value counts) and filtered by the pin's edge setting.
 *
 * The last reported value outlives a reopen, so a change that happened while the
 * device was lost is reported once it is back. The periodic check reports a change the
 * interrupts missed only after two checks in a row agree, so it never reports a bounce.
 */
import type { PinConfig } from './types.js';

export class InputTracker {
  #last: boolean | null = null;
  #candidate: boolean | null = null;
  #timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly config: Required<PinConfig>,
    private readonly readLine: () => Promise<boolean>,
    private readonly report: (value: boolean) => void,
    private readonly fault: (error: unknown) => void,
  ) {}

  /** The value read when the line was (re)claimed. */
  baseline(value: boolean): void {
    if (this.#last === null) this.#last = value;
    else this.#settle(value);
  }

  /** An interrupt arrived with the value read at that moment. */
  change(value: boolean): void {
    this.#candidate = null;
    if (this.config.debounceMs === 0) {
      this.#settle(value);
      return;
    }
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      // Through a promise, so that even a read that throws at once ends in fault().
      Promise.resolve()
        .then(this.readLine)
        .then((settled) => this.#settle(settled), this.fault);
    }, this.config.debounceMs);
  }

  /** A periodic read; ignored while a debounce is running. */
  check(value: boolean): void {
    if (this.#timer || value === this.#last) {
      this.#candidate = null;
      return;
    }
    if (this.#candidate === value) this.#settle(value);
    else this.#candidate = value;
  }

  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#candidate = null;
  }

  #settle(value: boolean): void {
    if (value === this.#last) return;
    this.#last = value;
    const { edge } = this.config;
    if (edge === 'both' || (edge === 'rising') === value) this.report(value);
  }
}
