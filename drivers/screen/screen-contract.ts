/**
 * The behaviour every screen back-end must show, written once and run against the
 * simulated panel and the real back-end on its rig. Idle time runs on a ManualClock;
 * everything else is awaited as a condition with a generous limit, never a fixed sleep.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { DeviceState } from '../core/device.js';
import { createMemoryLogger } from '../core/logger.js';
import { ManualClock } from './clock.js';
import { createScreen, type Screen, type ScreenOptions } from './index.js';
import {
  ABS_MT_POSITION_X,
  ABS_MT_TRACKING_ID,
  BTN_TOUCH,
  EV_ABS,
  EV_KEY,
  EV_SYN,
  SYN_REPORT,
  encodeInputEvent,
  type RecordSize,
} from './input-event.js';

/** What a back-end's test bed offers the suite. */
export interface ScreenHarness {
  options: Partial<ScreenOptions> & Pick<ScreenOptions, 'backend'>;
  recordSize: RecordSize;
  /** Text a missing-backlight error must contain (the path, for the real back-end). */
  backlightLocation: string;
  sendBytes(bytes: Buffer): void;
  unplugTouch(): Promise<void>;
  plugTouch(): Promise<void>;
  removeBacklight(): Promise<void>;
  restoreBacklight(): Promise<void>;
  readBacklight(): Promise<{ brightness: number; blPower: number }>;
  close(): Promise<void>;
}

interface Context {
  harness: ScreenHarness;
  screen: Screen;
  clock: ManualClock;
}

const LIMIT_MS = 10_000;

export async function eventually(check: () => boolean | Promise<boolean>, what: string) {
  const until = Date.now() + LIMIT_MS;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`gave up after ${LIMIT_MS} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function stateIs(screen: Screen, ...states: DeviceState[]) {
  return eventually(() => states.includes(screen.health().state), `state ${states.join('|')}`);
}

function backlightIs(harness: ScreenHarness, brightness: number, blPower: number) {
  let last = '';
  return eventually(async () => {
    const now = await harness.readBacklight();
    last = JSON.stringify(now);
    return now.brightness === brightness && now.blPower === blPower;
  }, `backlight ${brightness}/${blPower} (last ${last})`).catch((error: Error) => {
    throw new Error(`${error.message}; last read ${last}`);
  });
}

/** One finger down and up at (x, y), as records of the given size. */
export function touchRecords(size: RecordSize, x: number, y: number, id: number): Buffer[] {
  const record = (type: number, code: number, value: number) =>
    encodeInputEvent({ sec: 1_767_600_000, usec: 250, type, code, value }, size);
  return [
    record(EV_ABS, ABS_MT_TRACKING_ID, id),
    record(EV_ABS, ABS_MT_POSITION_X, x),
    record(EV_ABS, ABS_MT_POSITION_X + 1, y),
    record(EV_KEY, BTN_TOUCH, 1),
    record(EV_SYN, SYN_REPORT, 0),
    record(EV_ABS, ABS_MT_TRACKING_ID, -1),
    record(EV_KEY, BTN_TOUCH, 0),
    record(EV_SYN, SYN_REPORT, 0),
  ];
}

export function screenContract(name: string, makeHarness: () => Promise<ScreenHarness>) {
  const test = suite<Context>(`screen contract: ${name}`);
  const touches: { x: number | null; y: number | null; wokeScreen: boolean }[] = [];

  test.before.each(async (context) => {
    context.harness = await makeHarness();
    context.clock = new ManualClock();
    touches.length = 0;
    context.screen = createScreen({
      name: 'cell-panel',
      logger: createMemoryLogger('screen'),
      idle: { dimAfterMs: 60_000, blankAfterMs: 300_000 },
      retry: { initialMs: 10, maxMs: 40, jitter: 0 },
      clock: context.clock,
      ...context.harness.options,
      backlight: { probeIntervalMs: 0, ...context.harness.options.backlight },
    });
    context.screen.events.on('touch', ({ x, y, wokeScreen }) => touches.push({ x, y, wokeScreen }));
  });

  test.after.each(async (context) => {
    await context.screen.stop();
    await context.harness.close();
  });

  test('starts ready with the backlight full on and reports what it found', async (context) => {
    const { screen, harness } = context;
    await screen.start();
    await stateIs(screen, 'ready');
    await backlightIs(harness, 255, 0);

    const detail = health(screen);
    assert.is(detail.backlight.power, 'on');
    assert.is(detail.backlight.level, 255);
    assert.is(detail.backlight.maxBrightness, 255);
    assert.is(detail.touch.present, true);
    assert.type(detail.touch.name, 'string');
    assert.is(detail.touch.lastTouchAt, null);
  });

  test('idle time dims then blanks; a touch wakes it', async (context) => {
    const { screen, harness, clock } = context;
    const modes: string[] = [];
    screen.events.on('power', (event) => modes.push(`${event.mode}:${event.reason}`));
    await screen.start();
    await stateIs(screen, 'ready');

    clock.advance(59_999);
    assert.is(screen.mode, 'on');
    clock.advance(1);
    await backlightIs(harness, 51, 0);
    clock.advance(240_000);
    await backlightIs(harness, 0, 4);
    assert.is(health(screen).backlight.power, 'off');

    for (const chunk of touchRecords(harness.recordSize, 120, 340, 7)) harness.sendBytes(chunk);
    await backlightIs(harness, 255, 0);
    await eventually(() => touches.length === 1, 'one touch event');
    assert.equal(modes, ['dim:idle', 'off:idle', 'on:touch']);
    assert.equal(touches, [{ x: 120, y: 340, wokeScreen: true }]);
    assert.is(health(screen).touch.lastTouchAt, new Date(clock.now()).toISOString());
  });

  test('a card wakes a dimmed screen; activity keeps it on', async (context) => {
    const { screen, harness, clock } = context;
    await screen.start();
    await stateIs(screen, 'ready');

    clock.advance(60_000);
    await backlightIs(harness, 51, 0);
    assert.is(screen.wake('card'), true);
    await backlightIs(harness, 255, 0);

    clock.advance(50_000);
    assert.is(screen.wake('finger'), false);
    clock.advance(50_000);
    assert.is(screen.mode, 'on');
    clock.advance(10_000);
    assert.is(screen.mode, 'dim');
  });

  test('split, batched and unknown records give one touch per touch', async (context) => {
    const { screen, harness } = context;
    await screen.start();
    await stateIs(screen, 'ready');

    const unknown = encodeInputEvent(
      { sec: 1, usec: 2, type: 0x7777, code: 9, value: 1 },
      harness.recordSize,
    );
    const stream = Buffer.concat([
      ...touchRecords(harness.recordSize, 1, 2, 1),
      unknown,
      ...touchRecords(harness.recordSize, 3, 4, 2),
    ]);

    // Split in uneven pieces so each record boundary is crossed at a different offset.
    for (let offset = 0, size = 1; offset < stream.length; offset += size, size += 1) {
      harness.sendBytes(stream.subarray(offset, offset + size));
    }
    harness.sendBytes(Buffer.concat(touchRecords(harness.recordSize, 5, 6, 3)));

    await eventually(() => touches.length === 3, 'three touch events');
    assert.equal(touches.map(({ x, y }) => [x, y]), [[1, 2], [3, 4], [5, 6]]);
    assert.is(health(screen).touch.unknownRecords, 1);
    assert.is(screen.health().state, 'ready');
  });

  test('an unplugged panel is lost, retried, and ready when it returns', async (context) => {
    const { screen, harness, clock } = context;
    await screen.start();
    await stateIs(screen, 'ready');

    await harness.unplugTouch();
    await stateIs(screen, 'backoff', 'lost');
    await eventually(() => health(screen).touch.present === false, 'panel absent');
    await eventually(() => screen.health().lastError?.code === 'touch-missing', 'touch-missing');

    // The backlight part keeps working while the panel is away.
    clock.advance(60_000);
    await backlightIs(harness, 51, 0);

    await harness.plugTouch();
    await stateIs(screen, 'ready');
    for (const chunk of touchRecords(harness.recordSize, 8, 9, 4)) harness.sendBytes(chunk);
    await eventually(() => touches.length === 1, 'a touch after replug');
    await backlightIs(harness, 255, 0);
  });

  test('a missing backlight is a typed error naming where; recovers', async (context) => {
    const { screen, harness } = context;
    await harness.removeBacklight();
    await screen.start();
    await stateIs(screen, 'backoff', 'lost');

    const error = screen.health().lastError;
    assert.is(error?.code, 'backlight-missing');
    assert.ok(error?.message.includes(harness.backlightLocation), error?.message);
    assert.is(health(screen).backlight.state === 'ready', false);

    await harness.restoreBacklight();
    await stateIs(screen, 'ready');
    await backlightIs(harness, 255, 0);
  });

  test('a backlight that vanishes while open is lost and re-applied on return', async (context) => {
    const { screen, harness, clock } = context;
    await screen.start();
    await stateIs(screen, 'ready');

    await harness.removeBacklight();
    clock.advance(300_000);
    await stateIs(screen, 'backoff', 'lost');

    await harness.restoreBacklight();
    await stateIs(screen, 'ready');
    await backlightIs(harness, 0, 4);
  });

  return test;
}

type Detail = { backlight: Record<string, unknown>; touch: Record<string, unknown> };

function health(screen: Screen): Detail {
  return screen.health().detail as Detail;
}
