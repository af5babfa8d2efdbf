/**
 * Options with every default filled in, as the session and the device use them.
 */
import type { BackoffOptions } from '../core/backoff.js';
import type { McuOptions } from './options.js';

export interface ResolvedMcuOptions {
  name: string;
  backend: 'real' | 'simulated';
  port: string;
  baudRate: number;
  lights: Record<string, string>;
  buzzer: string | null;
  buttons: Record<string, { pin: string; activeLow: boolean }>;
  sensors: Record<string, { pin: string; threshold: number; intervalMs: number }>;
  readyTimeoutMs: number;
  heartbeatMs: number;
  silenceMs: number;
  backoff: BackoffOptions;
  blinkMs: number;
}

export function resolveMcuOptions(options: McuOptions): ResolvedMcuOptions {
  const buttons: ResolvedMcuOptions['buttons'] = {};
  for (const [name, button] of Object.entries(options.buttons ?? {})) {
    buttons[name] = { pin: button.pin, activeLow: button.activeLow ?? false };
  }
  const sensors: ResolvedMcuOptions['sensors'] = {};
  for (const [name, sensor] of Object.entries(options.sensors ?? {})) {
    sensors[name] = {
      pin: sensor.pin,
      threshold: sensor.threshold ?? 8,
      intervalMs: sensor.intervalMs ?? 200,
    };
  }

  return {
    name: options.name,
    backend: options.backend,
    port: options.port ?? 'emulator',
    baudRate: options.baudRate ?? 57_600,
    lights: { ...options.lights },
    buzzer: options.buzzer ?? null,
    buttons,
    sensors,
    readyTimeoutMs: options.readyTimeoutMs ?? 4000,
    heartbeatMs: options.heartbeatMs ?? 1000,
    silenceMs: options.silenceMs ?? 3500,
    backoff: options.backoff ?? { initialMs: 500, maxMs: 30_000 },
    blinkMs: 500,
  };
}
