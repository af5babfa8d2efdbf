import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEMO_ROSTER, demoSchedule } from './demo-data.js';
import { checkLocalData, LocalDataError } from './local-data.js';

const now = new Date('2026-05-01T10:00:00Z');

test('the demo data passes every rule', () => {
  const checked = checkLocalData({ roster: DEMO_ROSTER, schedule: demoSchedule(now) }, 'demo');
  assert.equal(checked.problems, []);
  assert.equal(checked.schedule.shifts.length, 2);
});

test('a one-person shift is left out with a message naming it', () => {
  const schedule = demoSchedule(now);
  schedule.shifts[0]!.personIds = ['p-1001'];
  const checked = checkLocalData({ roster: DEMO_ROSTER, schedule }, 'data.json');
  assert.equal(
    checked.schedule.shifts.map((s) => s.id),
    [schedule.shifts[1]!.id],
  );
  assert.equal(checked.problems.length, 1);
  assert.match(checked.problems[0]!, /shift demo-\d+-a has 1 person\(s\) on duty; at least 2/);
});

test('the same person twice does not make two on duty', () => {
  const schedule = demoSchedule(now);
  schedule.shifts[0]!.personIds = ['p-1001', 'p-1001'];
  const checked = checkLocalData({ roster: DEMO_ROSTER, schedule }, 'data.json');
  assert.equal(checked.schedule.shifts.length, 1);
});

test('a shift naming someone outside the roster is left out', () => {
  const schedule = demoSchedule(now);
  schedule.shifts[1]!.personIds = ['p-1003', 'p-9999'];
  const checked = checkLocalData({ roster: DEMO_ROSTER, schedule }, 'data.json');
  assert.match(checked.problems.join('\n'), /p-9999, not in the roster/);
});

test('a template given to two people is kept for the first only', () => {
  const roster = structuredClone(DEMO_ROSTER);
  roster.people[1]!.templateIds = [1, 3];
  const checked = checkLocalData({ roster, schedule: demoSchedule(now) }, 'data.json');
  assert.equal(checked.roster.people[1]!.templateIds, [3]);
  assert.match(checked.problems[0]!, /template 1 is given to both p-1001 and p-1002/);
});

test('bad times are refused per shift', () => {
  const schedule = demoSchedule(now);
  schedule.shifts[0]!.start = 'yesterday';
  schedule.shifts[1]!.checkIn = {
    opens: schedule.shifts[1]!.checkIn.closes,
    closes: schedule.shifts[1]!.checkIn.opens,
  };
  const checked = checkLocalData({ roster: DEMO_ROSTER, schedule }, 'data.json');
  assert.equal(checked.schedule.shifts, []);
  assert.equal(checked.problems.length, 2);
});

test('a file of the wrong shape is refused whole, naming where', () => {
  try {
    checkLocalData(
      { roster: { version: 'x', people: [{ id: 'p', templateIds: 'one' }] } },
      'data.json',
    );
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, LocalDataError);
    const message = (error as Error).message;
    assert.match(message, /data\.json/);
    assert.match(message, /schedule/);
    assert.match(message, /\/roster\/people\/0/);
  }
});

test.run();
