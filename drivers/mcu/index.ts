/**
 * The peripheral microcontroller driver (Firmata board through johnny-five).
 *
 *   const mcu = createMcuDevice({ name: 'tower', logger, backend: 'real', port, lights, … });
 *   mcu.events.on('button', ({ name, pressed }) => …);
 *   await mcu.start();
 *   mcu.setLight('red', 'blink');
 */
import { McuDevice } from './mcu-device.js';
import { checkMcuOptions, type McuOptions } from './options.js';

export { McuDevice, type McuEvents, type LightMode } from './mcu-device.js';
export { FirmataEmulator, type EmulatorEvents } from './emulator.js';
export {
  parsePinLabel,
  type McuButtonOptions,
  type McuOptions,
  type McuSensorOptions,
} from './options.js';

/** Checks the options (throws a DriverError with code 'config' naming each bad field). */
export function createMcuDevice(options: McuOptions): McuDevice {
  checkMcuOptions(options);
  return new McuDevice(options);
}
