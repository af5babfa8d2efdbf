import { gpioContract, type GpioHarness } from './contract.js';
import { GpioSimulator } from './simulator.js';
import type { ChipInfo } from './types.js';

async function simulatedHarness(chips: ChipInfo[]): Promise<GpioHarness> {
  const simulator = new GpioSimulator(chips);
  return {
    options: { backend: 'simulated', simulator },
    setLevels: (levels) => levels.forEach(([gpio, high]) => simulator.setLevel(gpio, high)),
    bounce: async (gpio, levels) => {
      for (const high of levels) {
        simulator.setLevel(gpio, high);
        // The simulated interrupt is delivered on the next turn of the event loop.
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
    line: (gpio) => {
      const { exported, direction, high } = simulator.describe(gpio);
      return { exported, direction, high };
    },
    leaveExported: (gpio, direction, high) => simulator.leaveExported(gpio, direction, high),
    holdByKernel: (gpio, code) => simulator.holdByKernel(gpio, code),
    exported: () => simulator.exported(),
    exportLog: () => simulator.exportLog(),
    disconnect: async () => simulator.disconnect(),
    reconnect: async () => simulator.reconnect(),
    close: async () => {},
  };
}

gpioContract('simulated', simulatedHarness).run();
