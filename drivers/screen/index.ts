/**
 * The screen driver: backlight dimming and blanking after idle time, and the touch
 * panel's presence and touches. `createScreen` picks the back-end from the options.
 */
import { SysfsBacklight } from './backlight-sysfs.js';
import { systemClock } from './clock.js';
import { resolveScreenOptions, type ScreenOptions } from './options.js';
import { ScreenDriver, type ScreenParts } from './screen-driver.js';
import { ScreenSimulator } from './simulator.js';
import { EvdevTouch } from './touch-evdev.js';

export type { Clock } from './clock.js';
export { ManualClock, systemClock } from './clock.js';
export { BacklightMissingError, ScreenConfigError, TouchMissingError } from './errors.js';
export type { ScreenMode } from './idle.js';
export type {
  ScreenBacklightOptions,
  ScreenIdleOptions,
  ScreenOptions,
  ScreenTouchOptions,
} from './options.js';
export { ScreenDriver, type ScreenEvents, type WakeReason } from './screen-driver.js';
export { ScreenSimulator } from './simulator.js';
export { bridgeWake, wakeOn, type WakeSource } from './wake-bridge.js';

/** The screen driver plus, for backend 'simulated', the panel a demo or test can drive. */
export type Screen = ScreenDriver & { readonly simulator: ScreenSimulator | null };

/**
 * Makes a screen driver (not started). Throws ScreenConfigError naming the field when
 * the options cannot work; everything that goes wrong later is reported in health.
 */
export function createScreen(options: ScreenOptions): Screen {
  const resolved = resolveScreenOptions(options);
  const label = options.name;
  let simulator: ScreenSimulator | null = null;
  let parts: ScreenParts;

  if (options.backend === 'simulated') {
    simulator = options.simulator ?? new ScreenSimulator(resolved.touch.recordSize);
    parts = {
      backlight: simulator.backlightPort(label),
      touch: resolved.touch.enabled ? simulator.touchPort(label) : null,
    };
  } else {
    parts = {
      backlight: new SysfsBacklight({ ...resolved.backlight, label }),
      touch: resolved.touch.enabled ? new EvdevTouch({ ...resolved.touch, label }) : null,
    };
  }

  const clock = options.clock ?? systemClock;
  const driver = new ScreenDriver(label, options.backend, parts, resolved, clock, options.logger);
  return Object.assign(driver, { simulator });
}
