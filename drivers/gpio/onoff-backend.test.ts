// test-timeout: 180
/**
 * The GPIO contract on the real back-end: onoff against gpio-fs mounted at
 * /sys/class/gpio inside a private mount namespace (this file re-runs itself there).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { suite, test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  prepareSysClassGpio,
  reexecInMountNamespace,
  RIG_NEEDS_ROOT,
  startGpioRig,
  type GpioRig,
} from '../../hardware-tests/rigs/gpio.js';
import { createMemoryLogger } from '../core/logger.js';
import {
  BCM2711,
  cellPins,
  gpioContract,
  waitForEvent,
  type GpioHarness,
} from './contract.js';
import { createGpio } from './index.js';
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

/** A process that really held the pins is killed; the next run adopts what it left. */
function crashSuite() {
  const crash = suite<{ rig: GpioRig | null; child: ChildProcess | null }>('gpio after a crash', {
    rig: null,
    child: null,
  });
  crash.after.each(async (context) => {
    context.child?.kill('SIGKILL');
    await context.rig?.stop();
  });

  crash('pins a killed run left exported are adopted, then released on stop', async (context) => {
    const rig = (context.rig = await startGpioRig({ chips: [BCM2711] }));
    const pins = cellPins(BCM2711.label);
    const script = new URL('../../hardware-tests/gpio/hold-pins.ts', import.meta.url).pathname;
    const child = spawn(process.execPath, [...process.execArgv, script, JSON.stringify(pins)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    context.child = child;
    const first = await new Promise<string>((resolve) => {
      child.stdout!.once('data', (data: Buffer) => resolve(data.toString().trim()));
    });
    assert.is(first, 'ready');
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const exported = () => {
      return [...rig.lines()].filter(([, line]) => line.exported).map(([gpio]) => gpio);
    };
    assert.equal(exported(), [516, 529, 534, 535, 539], 'the killed run left its pins exported');

    rig.control(['set 539 1']); // the call button at rest (pulled up)
    const logger = createMemoryLogger('gpio');
    const options = { name: 'cell-io', backend: 'real' as const, logger, pins, checkIntervalMs: 0 };
    const device = createGpio(options);
    await device.start();
    const status = device.health().detail.pins as Record<string, { status: string }>;
    assert.equal(Object.values(status).map((pin) => pin.status), Array(5).fill('adopted'));
    assert.ok(rig.exportLog().includes('export 539 EBUSY'));
    const leftover = /callButton \(gpio539\) was left exported by an earlier run; adopted it/;
    assert.match(logger.lines.join('\n'), leftover);

    const pressed = waitForEvent(device, 'input', (e) => e.pin === 'callButton' && e.value);
    rig.control(['set 539 0']);
    await pressed;
    await device.stop();
    assert.equal(exported(), []);
  });

  return crash;
}

if (process.getuid?.() !== 0) {
  test('the real GPIO back-end runs as root', () => {
    assert.unreachable(RIG_NEEDS_ROOT);
  });
  test.run();
} else if (await reexecInMountNamespace(import.meta.url)) {
  prepareSysClassGpio();
  gpioContract('real: onoff on gpio-fs', rigHarness).run();
  crashSuite().run();
}
