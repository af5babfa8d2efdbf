import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createMemoryLogger } from '../core/logger.js';
import { ScreenConfigError } from './errors.js';
import { resolveScreenOptions, type ScreenOptions } from './options.js';

const base: ScreenOptions = { name: 'lobby-panel', logger: createMemoryLogger(), backend: 'real' };

function rejects(options: Partial<ScreenOptions>, field: string): void {
  try {
    resolveScreenOptions({ ...base, ...options });
  } catch (error) {
    assert.instance(error, ScreenConfigError);
    assert.is((error as ScreenConfigError).code, 'config');
    assert.ok((error as Error).message.includes(field), (error as Error).message);
    assert.ok((error as Error).message.includes("'lobby-panel'"), (error as Error).message);
    return;
  }
  assert.unreachable(`accepted a bad ${field}`);
}

test('defaults point at the kernel paths and follow the process record size', () => {
  const resolved = resolveScreenOptions(base);
  assert.is(resolved.backlight.root, '/sys/class/backlight');
  assert.is(resolved.touch.devicesPath, '/proc/bus/input/devices');
  assert.is(resolved.touch.inputDir, '/dev/input');
  assert.is(resolved.touch.recordSize, process.arch === 'arm' ? 16 : 24);
  assert.equal(resolved.idle, { dimAfterMs: 60_000, blankAfterMs: 300_000 });
});

test('settings that cannot work are refused, naming the field', () => {
  rejects({ backlight: { brightPercent: 140 } }, 'backlight.brightPercent');
  rejects({ backlight: { dimPercent: -1 } }, 'backlight.dimPercent');
  rejects({ backlight: { brightPercent: 30, dimPercent: 60 } }, 'backlight.dimPercent');
  rejects({ backlight: { probeIntervalMs: 1.5 } }, 'backlight.probeIntervalMs');
  rejects({ idle: { dimAfterMs: -5 } }, 'idle.dimAfterMs');
  rejects({ idle: { dimAfterMs: 60_000, blankAfterMs: 30_000 } }, 'idle.blankAfterMs');
  rejects({ touch: { recordSize: 20 as 16 } }, 'touch.recordSize');
});

test.run();
