/**
 * What the screen driver needs from a back-end. The real one talks to sysfs and
 * /dev/input, the simulated one to an in-memory panel; the idle logic, the record
 * decoder and the supervision above them are the same for both.
 */
import type { DriverError } from '../core/errors.js';

export interface BacklightInfo {
  /** Device folder name, e.g. 'rpi_backlight'. */
  device: string;
  /** Where it lives, for logs and health. */
  path: string;
  maxBrightness: number;
}

export interface BacklightPort {
  /** Finds the device and reads its range; rejects with a typed error naming the path. */
  open(): Promise<BacklightInfo>;
  setBrightness(level: number): Promise<void>;
  /** On is bl_power 0 (FB_BLANK_UNBLANK), off is 4 (FB_BLANK_POWERDOWN). */
  setPower(on: boolean): Promise<void>;
  readActual(): Promise<number>;
  close(): Promise<void>;
}

export interface TouchInfo {
  name: string;
  /** The event node read, e.g. '/dev/input/event2'. */
  eventPath: string;
}

export interface TouchSink {
  /** Raw input_event bytes, in whatever pieces the reads returned. */
  data(chunk: Buffer): void;
  /** The panel went away (unplugged, end of file); called at most once per open. */
  lost(error: DriverError): void;
}

export interface TouchPort {
  open(sink: TouchSink): Promise<TouchInfo>;
  /** Must not throw when half-open or already closed. */
  close(): Promise<void>;
}
