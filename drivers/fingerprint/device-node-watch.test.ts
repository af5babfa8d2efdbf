import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { watchDeviceNode } from './device-node-watch.js';
import { until } from './test-support.js';

test('a device node whose target disappears is reported once; a present one never', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fingerprint-node-'));
  try {
    const target = join(dir, 'pts-7');
    const link = join(dir, 'tty-module');
    const steady = join(dir, 'tty-steady');
    await writeFile(target, '');
    await writeFile(steady, '');
    await symlink(target, link);

    let gone = 0;
    let steadyGone = 0;
    const stopLink = watchDeviceNode(link, 10, () => (gone += 1));
    const stopSteady = watchDeviceNode(steady, 10, () => (steadyGone += 1));

    // A dangling link is what a killed socat leaves behind.
    await rm(target);
    await until('the vanished node to be noticed', () => gone === 1);

    // Let several more check intervals pass: the loss must not be reported again.
    let ticks = 0;
    const tick = setInterval(() => (ticks += 1), 10);
    await until('ten more check intervals', () => ticks >= 10);
    clearInterval(tick);

    assert.is(gone, 1);
    assert.is(steadyGone, 0);
    stopLink();
    stopSteady();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test.run();
