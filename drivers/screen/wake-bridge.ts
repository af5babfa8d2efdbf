/**
 * Bridges other devices' events to the screen: a card presented, a finger on the
 * reader or a button pressed wakes the screen as a touch does. The composition root
 * lists the sources once; drivers stay unaware of each other.
 */
import type { EventMap, TypedEmitter } from '../core/typed-emitter.js';
import type { WakeReason } from './screen-driver.js';

export interface WakeSource {
  attach(wake: (reason: WakeReason) => void, owner: symbol): void;
  detach(owner: symbol): void;
}

/**
 * One source: `event` on `events` counts as activity of kind `reason`. With `accept`,
 * only payloads it approves wake the screen (a button pressed, not released).
 */
export function wakeOn<Events extends EventMap, K extends keyof Events & string>(
  events: TypedEmitter<Events>,
  event: K,
  reason: WakeReason,
  accept?: (payload: Events[K]) => boolean,
): WakeSource {
  return {
    attach: (wake, owner) => {
      events.on(
        event,
        (payload) => {
          if (accept && !accept(payload)) return;
          wake(reason);
        },
        owner,
      );
    },
    detach: (owner) => events.removeOwner(owner),
  };
}

/**
 * Subscribes the screen to every source; returns one function that removes them all.
 * A filter that throws is caught by its emitter like any listener, so the device that
 * emitted keeps working.
 */
export function bridgeWake(
  screen: { wake(reason: WakeReason): unknown },
  sources: WakeSource[],
): () => void {
  const owner = Symbol('screen-wake');
  for (const source of sources) source.attach((reason) => screen.wake(reason), owner);
  return () => {
    for (const source of sources) source.detach(owner);
  };
}
