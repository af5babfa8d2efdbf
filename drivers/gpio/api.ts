/**
 * The GPIO device kind as the runtime sees it: logical pins (call button, tamper switch,
 * door contact, LEDs, relay) named in the options and resolved to kernel line numbers
 * at start.
 */
import type { BackoffOptions } from '../core/backoff.js';
import type { Device, DeviceEvents } from '../core/device.js';
import type { Logger } from '../core/logger.js';
import type { GpioSimulator } from './simulator.js';
import type { ChipInfo, PinConfig } from './types.js';

export interface GpioOptions {
  /** Device name used in logs, health and errors, e.g. 'cell-io'. */
  name: string;
  /** Where lifecycle steps and pin problems are logged. */
  logger: Logger;
  /** 'real' drives /sys/class/gpio through onoff; 'simulated' keeps pins in memory. */
  backend: 'real' | 'simulated';
  /** Logical pin name → wiring. Names are what the rest of the runtime uses. */
  pins: Record<string, PinConfig>;
  /** Simulated back-end: chips it pretends to have. Default one pinctrl-bcm2711 at 512. */
  simulatedChips?: ChipInfo[];
  /** Simulated back-end: an existing simulator to use (tests and demos drive it). */
  simulator?: GpioSimulator;
  /**
   * Period (ms) of a read of every pin that proves sysfs still answers and catches an
   * edge the interrupts missed. 0 turns it off. Default 2000.
   */
  checkIntervalMs?: number;
  /** Reopen delays after a failure. Default 500 ms doubling to 30 s. */
  backoff?: BackoffOptions;
}

export interface GpioEvents extends DeviceEvents {
  /** A debounced logical change of an input. `at` is an ISO time. */
  input: { pin: string; value: boolean; at: string };
  /** A pin could not be claimed (held by a kernel driver); the other pins still work. */
  pinError: { pin: string; code: string; message: string };
}

export interface GpioDevice extends Device<GpioEvents> {
  /** Logical pin names, in the order of the options. */
  readonly pinNames: readonly string[];
  /** The in-memory pins when the back-end is simulated, otherwise null. */
  readonly simulator: GpioSimulator | null;
  /** Sets an output's logical level; rejects with a typed error for inputs and unknown pins. */
  write(pin: string, value: boolean): Promise<void>;
  /** Reads a pin's logical level. */
  read(pin: string): Promise<boolean>;
}
