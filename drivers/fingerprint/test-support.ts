/**
 * Helpers shared by the fingerprint tests: wait for an event or a condition with a
 * generous limit, never a fixed sleep.
 */
import type { EventMap, TypedEmitter } from '../core/typed-emitter.js';

export function nextEvent<E extends EventMap, K extends keyof E>(
  events: TypedEmitter<E>,
  name: K,
  matches: (payload: E[K]) => boolean = () => true,
  timeoutMs = 5000,
): Promise<E[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no '${String(name)}' event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = events.on(name, (payload) => {
      if (!matches(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

export async function until(
  what: string,
  condition: () => boolean,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Collects every payload of one event until `stop()` is called. */
export function record<E extends EventMap, K extends keyof E>(events: TypedEmitter<E>, name: K) {
  const seen: E[K][] = [];
  const off = events.on(name, (payload) => seen.push(payload));
  return { seen, stop: off };
}
