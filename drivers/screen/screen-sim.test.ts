/** The screen contract against the simulated back-end. */
import { ScreenSimulator } from './simulator.js';
import { screenContract } from './screen-contract.js';

screenContract('simulated', async () => {
  const simulator = new ScreenSimulator(24);
  return {
    options: { backend: 'simulated', simulator, touch: { recordSize: 24 } },
    recordSize: 24,
    backlightLocation: 'simulated backlight',
    sendBytes: (bytes) => simulator.sendBytes(bytes),
    unplugTouch: async () => simulator.unplugTouch(),
    plugTouch: async () => simulator.plugTouch(),
    removeBacklight: async () => simulator.removeBacklight(),
    restoreBacklight: async () => simulator.restoreBacklight(),
    readBacklight: async () => ({
      brightness: simulator.backlight.brightness,
      blPower: simulator.backlight.blPower,
    }),
    close: async () => undefined,
  };
}).run();
