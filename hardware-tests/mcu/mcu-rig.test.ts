// test-timeout: 300
/**
 * The MCU contract on the real back-end: serialport 13 + firmata-io + johnny-five talking
 * to the project's firmware on simavr through a pseudo-terminal.
 */
import { runMcuContract, type McuTarget } from '../../drivers/mcu/mcu-contract.js';
import { startMcuRig } from '../rigs/mcu.js';

async function rigTarget(): Promise<McuTarget> {
  const rig = await startMcuRig();
  return {
    deviceOptions: { backend: 'real', port: rig.portPath },
    drivePin: (pin, level) => rig.drivePin(pin, level),
    setAnalogFraction: (channel, fraction) => rig.setAnalogMillivolts(channel, fraction * 5000),
    waitForOutput: (pin, level) => rig.waitForOutput(pin, level, 10_000),
    async silence() {
      rig.pause();
    },
    async revive() {
      rig.resume();
    },
    unplug: () => rig.kill(),
    replug: () => rig.restart(),
    async close() {
      rig.resume();
      await rig.stop();
    },
  };
}

runMcuContract('real on the simavr rig', rigTarget);
