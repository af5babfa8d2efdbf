/**
 * The screen contract against the real back-end: sysfs writes into a folder shaped like
 * /sys/class/backlight, the panel found in a /proc/bus/input/devices copy, and
 * input_event bytes read through epoll from a FIFO standing in for /dev/input/eventN.
 * Both record sizes run: 24 bytes (64-bit) and 16 bytes (armhf).
 */
import { startScreenRig } from '../../hardware-tests/screen/rig.js';
import type { RecordSize } from './input-event.js';
import { screenContract } from './screen-contract.js';

const parse = (text: string) => Number(text.trim());

for (const recordSize of [24, 16] as RecordSize[]) {
  screenContract(`real, ${recordSize}-byte records`, async () => {
    const rig = await startScreenRig();
    return {
      options: {
        backend: 'real',
        backlight: { root: rig.backlightRoot },
        touch: { devicesPath: rig.devicesPath, inputDir: rig.inputDir, recordSize },
      },
      recordSize,
      backlightLocation: rig.backlightRoot,
      sendBytes: (bytes) => rig.write(bytes),
      unplugTouch: () => rig.unplugTouch(),
      plugTouch: () => rig.plugTouch(),
      removeBacklight: () => rig.removeBacklight(),
      restoreBacklight: () => rig.restoreBacklight(),
      readBacklight: async () => {
        const values = await rig.readBacklight();
        return { brightness: parse(values.brightness), blPower: parse(values.blPower) };
      },
      close: () => rig.stop(),
    };
  }).run();
}
