/** The data shapes of GPIO wiring: pins as configured, chips as found, pins as resolved. */

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
