/**
 * The shape every driver has, whatever the device kind.
 *
 * A driver starts and stops, reports health, emits typed events and lists what it can
 * do. The runtime only ever sees this shape plus the kind's own interface; it never
 * touches the library behind it.
 */
import type { EventMap, TypedEmitter } from './typed-emitter.js';

export type DeviceState = 'stopped' | 'starting' | 'ready' | 'lost' | 'backoff';

export interface DeviceHealth {
  state: DeviceState;
  /** Which back-end runs: 'real' drives hardware, 'simulated' speaks to an emulator. */
  backend: 'real' | 'simulated';
  /** ISO time of the last operation that worked, or null when none has yet. */
  lastSuccessAt: string | null;
  lastError: { code: string; message: string; at: string } | null;
  /** Kind-specific facts (port path, firmware version, reader name …). */
  detail: Record<string, unknown>;
}

/** Events every device emits, next to its kind's own. */
export interface DeviceEvents extends EventMap {
  state: { state: DeviceState; error?: { code: string; message: string } };
}

export interface Device<Events extends DeviceEvents = DeviceEvents> {
  /** Device kind, e.g. 'fingerprint', 'card-reader', 'gpio', 'mcu', 'screen'. */
  readonly kind: string;
  /** Name from the hardware profile, used in logs and health. */
  readonly name: string;
  readonly capabilities: readonly string[];
  readonly events: TypedEmitter<Events>;
  start(): Promise<void>;
  stop(): Promise<void>;
  health(): DeviceHealth;
}
