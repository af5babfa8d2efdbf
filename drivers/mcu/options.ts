/**
 * Options of the peripheral microcontroller driver, and their checking.
 *
 * Everything the runtime wires to the board has a logical name ("red", "call-button",
 * "cabinet-temperature"); the board pin it sits on is given as the label printed on the
 * board ("D7", "A0"), never as a bare number, so a profile reads like the wiring plan.
 */
import type { BackoffOptions } from '../core/backoff.js';
import { DriverError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { FirmataEmulator } from './emulator.js';

export interface McuButtonOptions {
  /** Board pin label, e.g. "D2". */
  pin: string;
  /** True when the button pulls the pin low (pin uses the internal pull-up). Default false. */
  activeLow?: boolean;
}

export interface McuSensorOptions {
  /** Analog input label, e.g. "A0". */
  pin: string;
  /** Smallest change of the 10-bit reading that is reported. Default 8. */
  threshold?: number;
  /** Shortest time between two reports of this sensor, in ms. Default 200. */
  intervalMs?: number;
}

export interface McuOptions {
  /** Name from the hardware profile, used in logs, health and errors. */
  name: string;
  logger: Logger;
  /** 'real' opens `port` with serialport; 'simulated' talks to an in-process emulator. */
  backend: 'real' | 'simulated';
  /** Serial device of the board (real back-end), e.g. /dev/serial/by-id/usb-…-if00. */
  port?: string;
  /** Line speed of the firmware. Default 57600. */
  baudRate?: number;
  /** Light tower and status lights: logical name → output pin label. */
  lights?: Record<string, string>;
  /** Pin label of the buzzer (an active buzzer: on/off), or null/absent when none. */
  buzzer?: string | null;
  /** Buttons: logical name → pin and wiring. Reported as `button` events. */
  buttons?: Record<string, McuButtonOptions>;
  /** Analog sensors: logical name → pin and reporting limits. Reported as `analog` events. */
  sensors?: Record<string, McuSensorOptions>;
  /** How long the board has to answer the version and capability queries. Default 4000 ms. */
  readyTimeoutMs?: number;
  /** How often an idle board is asked for its version to prove it is alive. Default 1000 ms. */
  heartbeatMs?: number;
  /** Silence after which a ready board counts as lost. Default 3500 ms. */
  silenceMs?: number;
  /** Reopen delays after a failure. Default 500 ms doubling up to 30 s. */
  backoff?: BackoffOptions;
  /** Simulated back-end: the board to talk to; a fresh one is made when absent. */
  emulator?: FirmataEmulator;
}

export interface PinLabel {
  label: string;
  kind: 'digital' | 'analog';
  index: number;
}

/** Parses "D7" / "A0" (case-insensitive); null when it is not a pin label. */
export function parsePinLabel(text: string): PinLabel | null {
  const match = /^([DA])(\d{1,2})$/i.exec(text.trim());
  if (!match) return null;
  const kind = match[1]?.toUpperCase() === 'A' ? 'analog' : 'digital';
  const index = Number(match[2]);
  if (kind === 'digital' && index > 69) return null;
  if (kind === 'analog' && index > 15) return null;
  return { label: `${kind === 'analog' ? 'A' : 'D'}${index}`, kind, index };
}

/** Checks the options; throws one DriverError ('config') listing every problem by path. */
export function checkMcuOptions(options: McuOptions): void {
  const problems: string[] = [];
  const used = new Map<string, string>();

  const claim = (path: string, text: unknown, analogOnly: boolean): void => {
    const pin = typeof text === 'string' ? parsePinLabel(text) : null;
    if (!pin) {
      problems.push(`${path}: '${String(text)}' is not a pin label (D2…D69 or A0…A15)`);
      return;
    }
    if (pin.kind === 'digital' && pin.index < 2) {
      problems.push(`${path}: ${pin.label} carries the board's serial line`);
    }
    if (analogOnly && pin.kind !== 'analog') problems.push(`${path}: ${pin.label} is not analog`);
    const other = used.get(pin.label);
    if (other) problems.push(`${path}: ${pin.label} is already used by ${other}`);
    used.set(pin.label, path);
  };

  if (options.backend !== 'real' && options.backend !== 'simulated') {
    problems.push(`backend: must be 'real' or 'simulated', not '${String(options.backend)}'`);
  }
  if (options.backend === 'real' && !options.port) {
    problems.push('port: needed by the real back-end');
  }
  for (const [name, pin] of Object.entries(options.lights ?? {})) {
    claim(`lights.${name}`, pin, false);
  }
  if (options.buzzer) claim('buzzer', options.buzzer, false);
  for (const [name, button] of Object.entries(options.buttons ?? {})) {
    claim(`buttons.${name}.pin`, button?.pin, false);
  }
  for (const [name, sensor] of Object.entries(options.sensors ?? {})) {
    claim(`sensors.${name}.pin`, sensor?.pin, true);
    if (sensor?.threshold !== undefined && !(sensor.threshold >= 0)) {
      problems.push(`sensors.${name}.threshold: must be a number ≥ 0`);
    }
    if (sensor?.intervalMs !== undefined && !(sensor.intervalMs >= 20)) {
      problems.push(`sensors.${name}.intervalMs: must be at least 20`);
    }
  }

  if (problems.length > 0) {
    const name = options.name;
    throw new DriverError('config', `${name}: bad options: ${problems.join('; ')}`, name);
  }
}
