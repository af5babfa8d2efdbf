import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InputTracker } from './input-tracker.js';
import type { PinConfig } from './types.js';

function tracker(overrides: Partial<PinConfig> = {}, level = false) {
  const config = {
    chip: 'pinctrl-bcm2711', line: 4, direction: 'in', activeLow: false,
    debounceMs: 0, edge: 'both', initial: false, ...overrides,
  } as Required<PinConfig>;
  const reported: boolean[] = [];
  const faults: unknown[] = [];
  const input = new InputTracker(config, async () => level, (v) => reported.push(v), (e) => faults.push(e));
  return { input, reported, faults, setLevel: (value: boolean) => (level = value) };
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
  await new Promise<void>((resolve) => {
    const poll = setInterval(() => reported.length > 0 && (clearInterval(poll), resolve()), 5);
  });
  assert.equal(reported, [true]);
});

test('a failing read after the quiet time is a fault, not a crash', async () => {
  const config = {
    chip: 'c', line: 1, direction: 'in', activeLow: false, debounceMs: 1, edge: 'both', initial: false,
  } as Required<PinConfig>;
  const faults: unknown[] = [];
  const input = new InputTracker(config, async () => Promise.reject(new Error('EIO')), () => {}, (e) => faults.push(e));
  input.baseline(false);
  input.change(true);
  await new Promise<void>((resolve) => {
    const poll = setInterval(() => faults.length > 0 && (clearInterval(poll), resolve()), 5);
  });
  assert.match(String(faults[0]), /EIO/);
});

test.run();
