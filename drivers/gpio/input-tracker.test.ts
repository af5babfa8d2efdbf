import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InputTracker } from './input-tracker.js';
import type { PinConfig } from './types.js';

function tracker(overrides: Partial<PinConfig> = {}, read?: () => Promise<boolean>) {
  const config = {
    chip: 'pinctrl-bcm2711',
    line: 4,
    direction: 'in',
    activeLow: false,
    debounceMs: 0,
    edge: 'both',
    initial: false,
    ...overrides,
  } as Required<PinConfig>;
  let level = false;
  const reported: boolean[] = [];
  const faults: unknown[] = [];
  const report = (value: boolean) => reported.push(value);
  const fault = (error: unknown) => faults.push(error);
  const input = new InputTracker(config, read ?? (async () => level), report, fault);
  return { input, reported, faults, setLevel: (value: boolean) => (level = value) };
}

/** Resolves once `done()` holds; the test runner's time limit catches a hang. */
function until(done: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const poll = setInterval(() => {
      if (!done()) return;
      clearInterval(poll);
      resolve();
    }, 5);
  });
}

test('only changes of the logical value are reported', () => {
  const { input, reported } = tracker();
  input.baseline(false);
  for (const value of [false, true, true, false, false, true]) input.change(value);
  assert.equal(reported, [true, false, true]);
});

test("edge 'rising' reports only presses, 'falling' only releases", () => {
  const rising = tracker({ edge: 'rising' });
  const falling = tracker({ edge: 'falling' });
  for (const { input } of [rising, falling]) {
    input.baseline(false);
    for (const value of [true, false, true, false]) input.change(value);
  }
  assert.equal(rising.reported, [true, true]);
  assert.equal(falling.reported, [false, false]);
});

test('a change while the device was away is reported when it is back', () => {
  const { input, reported } = tracker();
  input.baseline(false);
  input.baseline(false);
  assert.equal(reported, []);
  input.baseline(true);
  assert.equal(reported, [true]);
});

test('the periodic check reports a missed edge only when two checks agree', () => {
  const { input, reported } = tracker();
  input.baseline(false);
  input.check(true);
  assert.equal(reported, [], 'one reading may be a bounce');
  input.check(false);
  input.check(true);
  assert.equal(reported, [], 'a bounce between checks starts over');
  input.check(true);
  assert.equal(reported, [true]);
});

test('debounce reads the settled level once the contact is quiet', async () => {
  const { input, reported, setLevel } = tracker({ debounceMs: 10 });
  input.baseline(false);
  for (const value of [true, false, true, false, true]) input.change(value);
  setLevel(true);
  assert.equal(reported, [], 'nothing before the quiet time');
  await until(() => reported.length > 0);
  assert.equal(reported, [true]);
});

test('a failing read after the quiet time is a fault, not a crash', async () => {
  const failingRead = async () => Promise.reject(new Error('EIO'));
  const { input, faults } = tracker({ debounceMs: 1 }, failingRead);
  input.baseline(false);
  input.change(true);
  await until(() => faults.length > 0);
  assert.match(String(faults[0]), /EIO/);
});

test.run();
