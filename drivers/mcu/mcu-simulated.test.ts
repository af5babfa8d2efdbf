// test-timeout: 180
/**
 * The MCU contract on the simulated back-end: the in-process emulator speaking Firmata bytes.
 */
import { FirmataEmulator } from './emulator.js';
import { runMcuContract, type McuTarget } from './mcu-contract.js';

async function emulatorTarget(): Promise<McuTarget> {
  const emulator = new FirmataEmulator();
  return {
    deviceOptions: { backend: 'simulated', emulator },
    async drivePin(pin, level) {
      emulator.setInput(pin, level);
    },
    async setAnalogFraction(channel, fraction) {
      emulator.setAnalog(channel, fraction * 1023);
    },
    waitForOutput(pin, level) {
      return new Promise((resolve, reject) => {
        if (emulator.outputLevel(pin) === level) return resolve();
        const timer = setTimeout(() => {
          off();
          reject(new Error(`emulated pin ${pin} did not go ${level}`));
        }, 10_000);
        const off = emulator.events.on('output', (change) => {
          if (change.pin !== pin || change.level !== level) return;
          clearTimeout(timer);
          off();
          resolve();
        });
      });
    },
    async silence() {
      emulator.setSilent(true);
    },
    async revive() {
      emulator.setSilent(false);
    },
    async unplug() {
      emulator.unplug();
    },
    async replug() {
      emulator.plug();
    },
    async close() {
      emulator.unplug();
    },
  };
}

runMcuContract('simulated', emulatorTarget);
