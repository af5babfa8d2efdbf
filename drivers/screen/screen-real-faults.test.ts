/**
 * Faults only the real back-end meets: a stream ending inside a record, a panel coming
 * back on another eventN, names that match nothing, a corrupt sysfs value, bursts and
 * junk on the event node, and a stop that must release the node at once.
 */
import { readdirSync, readlinkSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createMemoryLogger } from '../core/logger.js';
import { startScreenRig, type ScreenRig } from '../../hardware-tests/screen/rig.js';
import { ManualClock } from './clock.js';
import { createScreen, type Screen, type ScreenOptions } from './index.js';
import { eventually, touchRecords } from './screen-contract.js';

interface Context {
  rig: ScreenRig;
  clock: ManualClock;
  logger: ReturnType<typeof createMemoryLogger>;
  screens: Screen[];
  make(extra?: Partial<ScreenOptions>): Screen;
}

const test = suite<Context>('screen real back-end faults');

test.before.each(async (context) => {
  const rig = await startScreenRig();
  context.rig = rig;
  context.clock = new ManualClock();
  context.logger = createMemoryLogger('screen');
  context.screens = [];
  context.make = (extra = {}) => {
    const screen = createScreen({
      name: 'cell-panel',
      backend: 'real',
      logger: context.logger,
      clock: context.clock,
      retry: { initialMs: 10, maxMs: 40, jitter: 0 },
      ...extra,
      backlight: { root: rig.backlightRoot, probeIntervalMs: 0, ...extra.backlight },
      touch: {
        devicesPath: rig.devicesPath,
        inputDir: rig.inputDir,
        recordSize: 24,
        ...extra.touch,
      },
    });
    context.screens.push(screen);
    return screen;
  };
});

test.after.each(async (context) => {
  for (const screen of context.screens) await screen.stop();
  await context.rig.stop();
});

type Detail = { backlight: Record<string, unknown>; touch: Record<string, unknown> };
const detail = (screen: Screen) => screen.health().detail as Detail;
const ready = (screen: Screen) => eventually(() => screen.health().state === 'ready', 'ready');
const touchBytes = (x: number, y: number) => Buffer.concat(touchRecords(24, x, y, x));

test('a record cut short by EOF is dropped; the panel returns as event7', async (context) => {
  const { rig, logger } = context;
  const screen = context.make();
  await screen.start();
  await ready(screen);

  rig.write(touchBytes(10, 20).subarray(0, 24 * 3 + 10));
  await rig.unplugTouch();
  await eventually(() => detail(screen).touch.present === false, 'panel lost');
  await eventually(() => detail(screen).touch.discardedBytes === 10, 'ten bytes discarded');
  assert.ok(logger.lines.some((line) => line.includes('ended inside a record')));

  await rig.plugTouch(7);
  await ready(screen);
  assert.is(detail(screen).touch.eventPath, join(rig.inputDir, 'event7'));
});

test('an unknown panel name is a typed error listing what is there', async (context) => {
  const screen = context.make({ touch: { deviceName: 'Demo Panel Missing' } });
  await screen.start();
  await eventually(() => screen.health().lastError?.code === 'touch-missing', 'touch-missing');
  const message = screen.health().lastError?.message ?? '';
  assert.ok(message.includes('"Demo Panel Missing"'), message);
  assert.ok(message.includes(context.rig.devicesPath), message);
  assert.ok(message.includes('"Demo Panel FT5406 Touch" (touch)'), message);
  assert.ok(message.includes('"Power Button"'), message);
});

test('a regular file where the event node should be is refused by name', async (context) => {
  const { rig } = context;
  await rig.unplugTouch();
  await rig.plugTouch(5);
  await rm(rig.eventPath);
  await writeFile(rig.eventPath, '');
  const screen = context.make();
  await screen.start();
  await eventually(() => screen.health().lastError?.code === 'touch-unwatchable', 'refused');
  assert.ok(screen.health().lastError?.message.includes(rig.eventPath));
  assert.is(detail(screen).backlight.state, 'ready');
});

test('a named backlight that is absent is reported with its full path', async (context) => {
  const screen = context.make({ backlight: { device: 'rpi_backlight' } });
  await screen.start();
  await eventually(() => screen.health().lastError?.code === 'backlight-missing', 'missing');
  const path = join(context.rig.backlightRoot, 'rpi_backlight');
  assert.ok(screen.health().lastError?.message.includes(path));
  assert.is(detail(screen).touch.present, true);
});

test('a corrupt max_brightness is a protocol error naming the file', async (context) => {
  await writeFile(join(context.rig.backlightPath, 'max_brightness'), 'bright\n');
  const screen = context.make();
  await screen.start();
  await eventually(() => screen.health().lastError?.code === 'protocol', 'protocol error');
  const message = screen.health().lastError?.message ?? '';
  assert.ok(message.includes(join(context.rig.backlightPath, 'max_brightness')), message);
  assert.ok(message.includes('"bright"'), message);
});

test('the probe reads actual_brightness and notices a lost backlight', async (context) => {
  const { rig, clock } = context;
  const screen = context.make({ backlight: { probeIntervalMs: 1000 } });
  await screen.start();
  await ready(screen);

  await rig.setActual(77);
  clock.advance(1000);
  await eventually(() => detail(screen).backlight.actualLevel === 77, 'actual level 77');

  await rig.removeBacklight();
  clock.advance(1000);
  await eventually(() => detail(screen).backlight.state !== 'ready', 'backlight lost');
  assert.is(detail(screen).touch.present, true);
});

test('a burst of 300 touches in one write, then junk: defined result', async (context) => {
  const { rig } = context;
  const screen = context.make();
  const seen: [number | null, number | null][] = [];
  screen.events.on('touch', ({ x, y }) => seen.push([x, y]));
  await screen.start();
  await ready(screen);

  const burst: Buffer[] = [];
  for (let i = 0; i < 300; i += 1) burst.push(touchBytes(i, i + 1));
  rig.write(Buffer.concat(burst));
  await eventually(() => seen.length === 300, '300 touches');
  assert.equal(seen[299], [299, 300]);

  // Junk a whole number of records long: decoded as whatever it says, never a crash.
  let seed = 7;
  const junk = Buffer.alloc(24 * 100);
  for (let i = 0; i < junk.length; i += 1) junk[i] = seed = (seed * 1103515245 + 12345) % 256;
  rig.write(junk);
  rig.write(touchBytes(640, 360));
  await eventually(() => seen.at(-1)?.[0] === 640 && seen.at(-1)?.[1] === 360, 'touch after junk');
  assert.is(screen.health().state, 'ready');
});

test('stop releases the event node at once, with no read left waiting', async (context) => {
  const { rig } = context;
  const screen = context.make();
  await screen.start();
  await ready(screen);
  const openOnNode = () =>
    readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`) === rig.eventPath;
      } catch {
        return false;
      }
    }).length;
  // The rig's writer and the driver's reader.
  assert.is(openOnNode(), 2);

  await screen.stop();
  assert.is(screen.health().state, 'stopped');
  assert.is(openOnNode(), 1);
});

test.run();
