// test-timeout: 180
/**
 * The GPIO contract on the real back-end: onoff against gpio-fs mounted at
 * /sys/class/gpio inside a private mount namespace (this file re-runs itself there).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  prepareSysClassGpio,
  reexecInMountNamespace,
  RIG_NEEDS_ROOT,
  startGpioRig,
  type GpioRig,
} from '../../hardware-tests/rigs/gpio.js';
import { gpioContract, type GpioHarness } from './contract.js';
import type { HeldErrno } from './simulator.js';
import type { ChipInfo } from './types.js';

async function waitUntil(condition: () => boolean, what: string): Promise<void> {
  const timeoutMs = 10_000;
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

const HOLD_WORDS: Record<HeldErrno, string> = { EBUSY: 'busy', EPERM: 'perm', EINVAL: 'inval' };

async function rigHarness(chips: ChipInfo[]): Promise<GpioHarness> {
  let rig: GpioRig = await startGpioRig({ chips });
  return {
    options: { backend: 'real' },
    setLevels: (levels) => rig.control(levels.map(([gpio, high]) => `set ${gpio} ${high ? 1 : 0}`)),
    bounce: async (gpio, levels) => {
      for (const high of levels) {
        const before = rig.lines().get(gpio)?.reads ?? 0;
        rig.control([`set ${gpio} ${high ? 1 : 0}`]);
        // onoff reads the value once per interrupt: a new read means this change was handled.
        const handled = () => (rig.lines().get(gpio)?.reads ?? 0) > before;
        await waitUntil(handled, `gpio${gpio} interrupt handled`);
      }
    },
    line: (gpio) => {
      const line = rig.lines().get(gpio);
      if (!line) throw new Error(`gpio-fs knows nothing of gpio${gpio}`);
      return { exported: line.exported, direction: line.direction, high: line.high };
    },
    leaveExported: (gpio, direction, high) => {
      rig.control([`leftover ${gpio} ${direction} ${high ? 1 : 0}`]);
    },
    holdByKernel: (gpio, code) => rig.control([`hold ${gpio} ${HOLD_WORDS[code]}`]),
    exported: () => [...rig.lines()].filter(([, line]) => line.exported).map(([gpio]) => gpio),
    exportLog: () => rig.exportLog(),
    disconnect: () => rig.crash(),
    reconnect: async () => {
      await rig.stop();
      rig = await startGpioRig({ chips });
    },
    close: () => rig.stop(),
  };
}

if (process.getuid?.() !== 0) {
  test('the real GPIO back-end runs as root', () => {
    assert.unreachable(RIG_NEEDS_ROOT);
  });
  test.run();
} else if (await reexecInMountNamespace(import.meta.url)) {
  prepareSysClassGpio();
  gpioContract('real: onoff on gpio-fs', rigHarness).run();
}
