/**
 * What the GPIO device needs from a back-end. The real one goes through onoff and
 * sysfs; the simulated one keeps the same state in memory. Both hand out logical
 * levels: active-low inversion happens where the kernel does it (sysfs active_low).
 */
import type { ChipInfo, ResolvedPin } from './types.js';

export interface LineHandlers {
  /** An input's level changed (an interrupt); `value` is the logical level read then. */
  onChange(value: boolean): void;
  /** The line failed outside any call (interrupt error, unreadable value). */
  onFault(error: unknown): void;
}

export interface PinLine {
  /** True when the line was already exported by an earlier run and taken over. */
  readonly adopted: boolean;
  read(): Promise<boolean>;
  write(value: boolean): Promise<void>;
  /** Unwatches and unexports; never throws, also when the file system is gone. */
  release(): void;
}

export interface GpioBackend {
  listChips(): Promise<ChipInfo[]>;
  /** Exports and configures one pin; throws PinHeldError or PinIoError. */
  claim(pin: ResolvedPin, handlers: LineHandlers): Promise<PinLine>;
}
