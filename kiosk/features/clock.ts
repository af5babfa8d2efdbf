/**
 * Time as the features see it. Handed in by the composition root so that rules about
 * windows and deadlines can be tested without waiting.
 */
export interface Clock {
  now(): Date;
  /** Calls `fn` at (or soon after) `at`; returns a function that cancels it. */
  at(at: Date, fn: () => void): () => void;
}

/** Node's setTimeout caps at about 24.8 days; longer waits are chained. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export const systemClock: Clock = {
  now: () => new Date(),
  at(at, fn) {
    let timer: NodeJS.Timeout;
    const arm = () => {
      const wait = at.getTime() - Date.now();
      timer = wait > MAX_TIMEOUT_MS ? setTimeout(arm, MAX_TIMEOUT_MS) : setTimeout(fn, Math.max(0, wait));
    };
    arm();
    return () => clearTimeout(timer);
  },
};
