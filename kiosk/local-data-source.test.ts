import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryLogger } from '../drivers/core/logger.js';
import { loadLocalData } from './local-data-source.js';

const HOUR = 3_600_000;

test('the demo keeps its shift across restarts while the shift runs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-demo-'));
  const start = new Date('2026-06-01T08:00:00Z');
  const first = await loadLocalData('demo', dir, start, createMemoryLogger());
  const again = await loadLocalData(
    'demo',
    dir,
    new Date(start.getTime() + HOUR),
    createMemoryLogger(),
  );
  assert.equal(
    again.schedule.shifts.map((s) => s.id),
    first.schedule.shifts.map((s) => s.id),
  );

  const later = await loadLocalData(
    'demo',
    dir,
    new Date(start.getTime() + 20 * HOUR),
    createMemoryLogger(),
  );
  assert.not.equal(
    later.schedule.shifts[0]!.id,
    first.schedule.shifts[0]!.id,
    'a new demo once every shift ended',
  );
});

test('an unreadable kept demo schedule is replaced, not fatal', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-demo-'));
  writeFileSync(join(dir, 'demo-schedule.json'), '{ not json');
  const data = await loadLocalData(
    'demo',
    dir,
    new Date('2026-06-01T08:00:00Z'),
    createMemoryLogger(),
  );
  assert.is(data.schedule.shifts.length, 2);
});

test('a local data file that does not exist leaves the terminal with no shifts and a log line', async () => {
  const logger = createMemoryLogger();
  const data = await loadLocalData('/nonexistent/local.json', '/tmp', new Date(), logger);
  assert.equal(data.schedule.shifts, []);
  assert.ok(
    logger.lines.some((line) => line.includes('ERROR') && line.includes('/nonexistent/local.json')),
  );
});

test.run();
