/**
 * Options of the screen driver, with their defaults and checks. The runtime puts the
 * same fields in its config schema, so each one is documented here.
 */
import type { BackoffOptions } from '../core/backoff.js';
import type { Logger } from '../core/logger.js';
import type { Clock } from './clock.js';
import { ScreenConfigError } from './errors.js';
import { nativeRecordSize, type RecordSize } from './input-event.js';
import type { ScreenSimulator } from './simulator.js';

export interface ScreenBacklightOptions {
  /** Folder of backlight class devices. Default '/sys/class/backlight'. */
  root?: string;
  /** Device folder under `root` (e.g. 'rpi_backlight'); default the first by name. */
  device?: string;
  /** Brightness in use, in percent of max_brightness. Default 100. */
  brightPercent?: number;
  /** Brightness once dimmed, in percent of max_brightness. Default 20. */
  dimPercent?: number;
  /**
   * How often actual_brightness is re-read, so a vanished device is noticed while
   * nothing is written; 0 turns it off. Default 30000 ms.
   */
  probeIntervalMs?: number;
}

export interface ScreenTouchOptions {
  /** False on a terminal without a touch panel. Default true. */
  enabled?: boolean;
  /** The kernel's input device list. Default '/proc/bus/input/devices'. */
  devicesPath?: string;
  /** Folder of the eventN nodes. Default '/dev/input'. */
  inputDir?: string;
  /** Exact panel name as listed (N: Name=…); default the first touchscreen listed. */
  deviceName?: string;
  /** Bytes per input_event record; 'auto' follows this process (24 on 64-bit, 16 on armhf). */
  recordSize?: RecordSize | 'auto';
}

export interface ScreenIdleOptions {
  /** Idle time before the backlight dims; 0 never dims. Default 60000 ms. */
  dimAfterMs?: number;
  /** Idle time (from the last activity) before it blanks; 0 never blanks. Default 300000 ms. */
  blankAfterMs?: number;
}

export interface ScreenOptions {
  /** Name from the hardware profile, used in logs and health. */
  name: string;
  logger: Logger;
  /** 'real' drives sysfs and /dev/input; 'simulated' runs an in-memory panel. */
  backend: 'real' | 'simulated';
  backlight?: ScreenBacklightOptions;
  touch?: ScreenTouchOptions;
  idle?: ScreenIdleOptions;
  /** Reopen delays after a part is lost. Default 500 ms doubling up to 30 s. */
  retry?: BackoffOptions;
  /** Time source for the idle timers and probes; tests pass a ManualClock. */
  clock?: Clock;
  /** The in-memory panel for backend 'simulated'; one is made when left out. */
  simulator?: ScreenSimulator;
}

export interface ResolvedScreenOptions {
  backlight: Required<Omit<ScreenBacklightOptions, 'device'>> & { device?: string };
  touch: Required<Omit<ScreenTouchOptions, 'deviceName' | 'recordSize'>> & {
    deviceName?: string;
    recordSize: RecordSize;
  };
  idle: Required<ScreenIdleOptions>;
  retry: BackoffOptions;
}

function check(name: string, ok: boolean, detail: string): void {
  if (!ok) throw new ScreenConfigError(name, detail);
}

function checkMs(name: string, field: string, value: number): void {
  check(name, Number.isInteger(value) && value >= 0, `${field} (${value}) must be ms ≥ 0`);
}

function checkPercent(name: string, field: string, value: number): void {
  const ok = Number.isFinite(value) && value >= 0 && value <= 100;
  check(name, ok, `${field} (${value}) must be a percent from 0 to 100`);
}

/** Fills in defaults and rejects settings that cannot work, naming the field. */
export function resolveScreenOptions(options: ScreenOptions): ResolvedScreenOptions {
  const { name } = options;
  const backlight = {
    root: '/sys/class/backlight',
    brightPercent: 100,
    dimPercent: 20,
    probeIntervalMs: 30_000,
    ...options.backlight,
  };
  const touch = {
    enabled: true,
    devicesPath: '/proc/bus/input/devices',
    inputDir: '/dev/input',
    ...options.touch,
  };
  const idle = { dimAfterMs: 60_000, blankAfterMs: 300_000, ...options.idle };
  const recordSize = touch.recordSize ?? 'auto';

  checkPercent(name, 'backlight.brightPercent', backlight.brightPercent);
  checkPercent(name, 'backlight.dimPercent', backlight.dimPercent);
  check(
    name,
    backlight.dimPercent <= backlight.brightPercent,
    `backlight.dimPercent (${backlight.dimPercent}) must not exceed brightPercent`,
  );
  checkMs(name, 'backlight.probeIntervalMs', backlight.probeIntervalMs);
  checkMs(name, 'idle.dimAfterMs', idle.dimAfterMs);
  checkMs(name, 'idle.blankAfterMs', idle.blankAfterMs);
  check(
    name,
    idle.blankAfterMs === 0 || idle.dimAfterMs === 0 || idle.blankAfterMs > idle.dimAfterMs,
    `idle.blankAfterMs (${idle.blankAfterMs}) must be greater than idle.dimAfterMs`,
  );
  check(
    name,
    recordSize === 'auto' || recordSize === 16 || recordSize === 24,
    `touch.recordSize (${String(recordSize)}) must be 16, 24 or 'auto'`,
  );

  return {
    backlight,
    touch: { ...touch, recordSize: recordSize === 'auto' ? nativeRecordSize() : recordSize },
    idle,
    retry: options.retry ?? { initialMs: 500, maxMs: 30_000 },
  };
}
