/**
 * The GPIO driver: `createGpio(options)` gives a device with the real (onoff, sysfs) or
 * the simulated back-end. Options are checked at once; a GpioConfigError names every
 * wrong field.
 */
import { GpioDriver } from './gpio-device.js';
import { createOnoffBackend } from './onoff-backend.js';
import { checkGpioOptions } from './options.js';
import { createSimulatedBackend } from './simulated-backend.js';
import { GpioSimulator } from './simulator.js';
import type { GpioDevice, GpioOptions } from './api.js';

export function createGpio(options: GpioOptions): GpioDevice {
  const pins = checkGpioOptions(options);
  if (options.backend === 'real') {
    return new GpioDriver(options, pins, createOnoffBackend(options.name), null);
  }

  const simulator = options.simulator ?? new GpioSimulator(options.simulatedChips);
  return new GpioDriver(options, pins, createSimulatedBackend(simulator, options.name), simulator);
}

export { DEFAULT_SYSFS_ROOT, readChips, resolvePins } from './chips.js';
export * from './errors.js';
export { DEFAULT_SIMULATED_CHIPS, GpioSimulator, type HeldErrno } from './simulator.js';
export type * from './api.js';
export type * from './types.js';
