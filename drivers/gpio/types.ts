/**
 * The GPIO device kind: logical pins (call button, tamper switch, door contact, LEDs,
 * relay) named in the options and resolved to kernel line numbers at start.
 */
import type { BackoffOptions } from '../core/backoff.js';
import type { Device, DeviceEvents } from '../core/device.js';
import type { Logger } from '../core/logger.js';
import type { GpioSimulator } from './simulator.js';

export type PinDirection = 'in' | 'out';
export type PinEdge = 'rising' | 'falling' | 'both';

/** One logical pin, named by what it is wired to, never by a raw kernel number. */
export interface PinConfig {
  /** Chip label as the kernel reports it: 'pinctrl-bcm2711' (Pi 4), 'pinctrl-rp1' (Pi 5). */
  chip: string;
  /** Line offset inside that chip; header pin "GPIO 27" is line 27 of the header chip. */
  line: number;
  direction: PinDirection;
  /** The pin is active when its electrical level is low (pull-up button, low-side relay). */
  activeLow?: boolean;
  /** Inputs: a new level must hold this long (ms) before it is reported. Default 0. */
  debounceMs?: number;
  /** Inputs: which logical changes raise an `input` event. Default 'both'. */
  edge?: PinEdge;
  /** Outputs: logical level set when the pin is claimed. Default false (inactive). */
  initial?: boolean;
}

/** A GPIO chip as sysfs describes it in gpiochipN/{label,base,ngpio}. */
export interface ChipInfo {
  label: string;
  base: number;
  ngpio: number;
}

/** A configured pin after its chip was found: `gpio` is the sysfs number (base + line). */
export interface ResolvedPin {
  name: string;
  config: Required<PinConfig>;
  gpio: number;
}

export interface GpioOptions {
  /** Device name used in logs, health and errors, e.g. 'cell-io'. */
  name: string;
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
