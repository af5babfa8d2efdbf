import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ManualClock } from './clock.js';
import { IdleController, type IdleSettings, type ScreenMode } from './idle.js';

function setup(settings: IdleSettings) {
  const clock = new ManualClock();
  const modes: ScreenMode[] = [];
  const idle = new IdleController(settings, clock, (mode) => modes.push(mode));
  idle.start();
  return { clock, modes, idle };
}

test('dims at the dim deadline and blanks at the blank deadline, both from last activity', () => {
  const { clock, modes, idle } = setup({ dimAfterMs: 1000, blankAfterMs: 5000 });
  clock.advance(999);
  assert.equal(modes, []);
  clock.advance(1);
  assert.equal(modes, ['dim']);
  clock.advance(3999);
  assert.is(idle.mode, 'dim');
  clock.advance(1);
  assert.equal(modes, ['dim', 'off']);
  clock.advance(60_000);
  assert.equal(modes, ['dim', 'off']);
  assert.is(clock.pendingTimers, 0);
});

test('activity restarts both deadlines and wakes from any mode', () => {
  const { clock, modes, idle } = setup({ dimAfterMs: 1000, blankAfterMs: 5000 });
  clock.advance(900);
  assert.is(idle.activity(), 'on');
  clock.advance(900);
  assert.equal(modes, []);
  clock.advance(5000);
  assert.equal(modes, ['dim', 'off']);
  assert.is(idle.activity(), 'off');
  assert.equal(modes, ['dim', 'off', 'on']);
  clock.advance(1000);
  assert.equal(modes, ['dim', 'off', 'on', 'dim']);
});

test('many activities keep one pending timer, not one per call', () => {
  const { clock, idle } = setup({ dimAfterMs: 1000, blankAfterMs: 5000 });
  for (let i = 0; i < 500; i += 1) {
    clock.advance(1);
    idle.activity();
  }
  assert.is(clock.pendingTimers, 1);
});

test('0 turns a step off: never dim, or never blank', () => {
  const noDim = setup({ dimAfterMs: 0, blankAfterMs: 2000 });
  noDim.clock.advance(10_000);
  assert.equal(noDim.modes, ['off']);

  const noBlank = setup({ dimAfterMs: 1000, blankAfterMs: 0 });
  noBlank.clock.advance(10_000);
  assert.equal(noBlank.modes, ['dim']);

  const never = setup({ dimAfterMs: 0, blankAfterMs: 0 });
  never.clock.advance(10_000);
  assert.equal(never.modes, []);
  assert.is(never.clock.pendingTimers, 0);
});

test('stop cancels the timer and later activity changes nothing', () => {
  const { clock, modes, idle } = setup({ dimAfterMs: 1000, blankAfterMs: 5000 });
  idle.stop();
  assert.is(clock.pendingTimers, 0);
  clock.advance(10_000);
  idle.activity();
  assert.equal(modes, []);
});

test.run();
