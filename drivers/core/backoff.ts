/**
 * Exponential back-off with full jitter, shared by every reconnect path (devices and the
 * upstream link) so that a fleet of terminals never retries in lock-step.
 */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** Growth per failed attempt; 2 doubles the ceiling each time. */
  factor?: number;
  /** 0 = no jitter, 1 = delay drawn uniformly from [0, ceiling]. */
  jitter?: number;
  random?: () => number;
}

export class Backoff {
  #attempt = 0;

  constructor(private readonly options: BackoffOptions) {}

  /** Delay before the next attempt; each call counts one more failure. */
  next(): number {
    const { initialMs, maxMs, factor = 2, jitter = 0.5, random = Math.random } = this.options;
    const ceiling = Math.min(maxMs, initialMs * factor ** this.#attempt);
    this.#attempt += 1;
    const spread = ceiling * jitter;
    return Math.round(ceiling - spread + random() * spread);
  }

  /** Call after a success so the next failure starts from the initial delay. */
  reset(): void {
    this.#attempt = 0;
  }

  get attempts(): number {
    return this.#attempt;
  }
}
