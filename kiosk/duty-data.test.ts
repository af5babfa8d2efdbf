import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createMemoryLogger } from '../drivers/core/logger.js';
import { DEMO_ROSTER, demoSchedule } from './features/duty/demo-data.js';
import { checkLocalData } from './features/duty/local-data.js';
import { startingData } from './duty-data.js';
import { checkMessage } from './upstream/protocol-schemas.js';

const now = new Date('2026-05-01T10:00:00Z');

test('the duty rules and the protocol schemas agree on roster and schedule', () => {
  // Two definitions of one shape, at the protocol boundary and in the feature: a change to
  // one must show here before a snapshot the platform thinks valid is refused.
  const schedule = demoSchedule(now);
  assert.equal(checkMessage('data-roster', DEMO_ROSTER), []);
  assert.equal(checkMessage('data-schedule', schedule), []);
  assert.equal(checkLocalData({ roster: DEMO_ROSTER, schedule }, 'demo').problems, []);
});

test('held platform data wins at start when it keeps the rules', () => {
  const local = { roster: DEMO_ROSTER, schedule: { version: 'local', shifts: [] } };
  const held = demoSchedule(now);
  const data = startingData(local, { roster: null, schedule: held }, createMemoryLogger());
  assert.is(data.schedule.version, held.version);
});

test('held platform data that breaks a rule gives way to the local data, logged', () => {
  const local = { roster: DEMO_ROSTER, schedule: demoSchedule(now) };
  const held = demoSchedule(now);
  held.version = 'held-bad';
  held.shifts[0]!.personIds = ['p-1001'];
  const logger = createMemoryLogger();
  const data = startingData(local, { roster: null, schedule: held }, logger);
  assert.is(data.schedule.version, local.schedule.version);
  assert.ok(logger.lines.some((line) => line.includes('ERROR') && line.includes('duty rules')));
});

test.run();
