import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createMemoryLogger } from '../../../drivers/core/logger.js';
import { ManualClock } from '../manual-clock.js';
import { DutyCheckIn } from './duty-check-in.js';
import { emptyDutyState, type DutyState } from './duty-state.js';
import type { Roster, Schedule } from './model.js';

const T0 = new Date('2026-03-02T06:00:00.000Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

const roster: Roster = {
  version: 'r1',
  people: [
    { id: 'a', displayName: 'Ana Test', templateIds: [1] },
    { id: 'b', displayName: 'Ben Test', templateIds: [2] },
    { id: 'c', displayName: 'Cai Test', templateIds: [3] },
  ],
};

const schedule: Schedule = {
  version: 's1',
  shifts: [
    {
      id: 'morning',
      label: 'Morning',
      start: minutes(0).toISOString(),
      end: minutes(480).toISOString(),
      checkIn: { opens: minutes(-5).toISOString(), closes: minutes(15).toISOString() },
      personIds: ['a', 'b'],
    },
  ],
};

function setup() {
  const clock = new ManualClock(minutes(0));
  let state: DutyState = emptyDutyState();
  const events: { type: string; data: Record<string, unknown> }[] = [];
  const logger = createMemoryLogger();
  let changes = 0;
  const duty = new DutyCheckIn({
    clock,
    state: {
      read: () => structuredClone(state),
      write: async (next) => void (state = structuredClone(next)),
    },
    record: async (type, data) => void events.push({ type, data }),
    changed: () => (changes += 1),
    logger,
  });
  return { clock, duty, events, logger, getState: () => state, changes: () => changes };
}

const duty = suite('duty check-in');

duty('a person on duty checks in and is greeted by name', async () => {
  const t = setup();
  await t.duty.setData(roster, schedule);
  const notice = await t.duty.onFinger({ kind: 'match', templateId: 1, score: 120 });
  assert.equal(notice.kind, 'checked-in');
  assert.equal((notice as { personName: string }).personName, 'Ana Test');
  assert.equal(
    t.events.map((e) => e.type),
    ['duty.check-in'],
  );
  assert.equal(t.events[0]?.data.personId, 'a');
  const view = t.duty.view();
  assert.equal(
    view.shift?.people.find((p) => p.personId === 'a')?.checkedInAt,
    minutes(0).toISOString(),
  );
  assert.equal(view.shift?.people.find((p) => p.personId === 'b')?.checkedInAt, null);
});

duty('a second check-in of the same person is not recorded twice', async () => {
  const t = setup();
  await t.duty.setData(roster, schedule);
  await t.duty.onFinger({ kind: 'match', templateId: 1, score: 90 });
  const again = await t.duty.onFinger({ kind: 'match', templateId: 1, score: 90 });
  assert.equal(again.kind, 'already-checked-in');
  assert.equal(t.events.filter((e) => e.type === 'duty.check-in').length, 1);
});

duty('a person not on duty is told so', async () => {
  const t = setup();
  await t.duty.setData(roster, schedule);
  const notice = await t.duty.onFinger({ kind: 'match', templateId: 3, score: 80 });
  assert.equal(notice.kind, 'not-on-duty');
  assert.equal(t.events[0]?.data.reason, 'not-on-duty');
});

duty('an unknown finger gets its own message', async () => {
  const t = setup();
  await t.duty.setData(roster, schedule);
  const notice = await t.duty.onFinger({ kind: 'no-match' });
  assert.equal(notice.kind, 'unknown-finger');
});

duty('a template that maps to nobody is reported and logged, not a crash', async () => {
  const t = setup();
  await t.duty.setData(roster, schedule);
  const notice = await t.duty.onFinger({ kind: 'match', templateId: 42, score: 70 });
  assert.equal(notice, {
    kind: 'unassigned-template',
    templateId: 42,
    at: minutes(0).toISOString(),
  });
  assert.ok(t.logger.lines.some((line) => line.includes('template 42') && line.includes('WARN')));
});

duty('outside any window a finger is refused with no-open-window', async () => {
  const t = setup();
  await t.duty.setData(roster, schedule);
  await t.clock.advanceTo(minutes(20));
  const notice = await t.duty.onFinger({ kind: 'match', templateId: 1, score: 80 });
  assert.equal(notice.kind, 'no-open-window');
});

duty('window closing with one checked in raises one-on-duty', async () => {
  const t = setup();
  await t.duty.setData(roster, schedule);
  await t.duty.onFinger({ kind: 'match', templateId: 2, score: 80 });
  await t.clock.advanceTo(minutes(16));
  const alert = t.events.find((e) => e.type === 'duty.alert');
  assert.ok(alert, 'an alert event was recorded');
  assert.equal(alert.data.kind, 'one-on-duty');
  assert.equal(alert.data.present, ['b']);
  assert.equal(
    t.duty.view().alerts.map((a) => a.kind),
    ['one-on-duty'],
  );
});

duty('window closing with nobody checked in raises none-on-duty', async () => {
  const t = setup();
  await t.duty.setData(roster, schedule);
  await t.clock.advanceTo(minutes(16));
  assert.equal(t.events.find((e) => e.type === 'duty.alert')?.data.kind, 'none-on-duty');
});

duty('two checked in closes the window without an alert', async () => {
  const t = setup();
  await t.duty.setData(roster, schedule);
  await t.duty.onFinger({ kind: 'match', templateId: 1, score: 80 });
  await t.duty.onFinger({ kind: 'match', templateId: 2, score: 80 });
  await t.clock.advanceTo(minutes(16));
  assert.equal(t.events.filter((e) => e.type === 'duty.alert').length, 0);
  assert.ok(t.events.some((e) => e.type === 'duty.window-closed'));
});

duty('after the window closes the running shift stays on screen, window shut', async () => {
  const t = setup();
  await t.duty.setData(roster, schedule);
  await t.duty.onFinger({ kind: 'match', templateId: 2, score: 80 });
  await t.clock.advanceTo(minutes(16));
  const view = t.duty.view();
  assert.is(view.shift?.id, 'morning');
  assert.is(view.shift?.windowOpen, false);
  assert.ok(view.shift?.people.find((p) => p.personId === 'b')?.checkedInAt);
  await t.clock.advanceTo(minutes(481));
  assert.is(t.duty.view().shift, null, 'nothing left once the shift has ended');
});

duty('the alert clears when the shift ends', async () => {
  const t = setup();
  await t.duty.setData(roster, schedule);
  await t.clock.advanceTo(minutes(16));
  await t.clock.advanceTo(minutes(481));
  assert.ok(t.events.some((e) => e.type === 'duty.alert-cleared'));
  assert.equal(t.duty.view().alerts, []);
});

duty('a window judged before a restart is not judged again', async () => {
  const t = setup();
  await t.duty.setData(roster, schedule);
  await t.clock.advanceTo(minutes(16));
  await t.duty.setData(roster, schedule);
  assert.equal(t.events.filter((e) => e.type === 'duty.alert').length, 1);
});

duty('fingers arriving together are handled one after the other', async () => {
  const t = setup();
  await t.duty.setData(roster, schedule);
  const results = await Promise.all([
    t.duty.onFinger({ kind: 'match', templateId: 1, score: 80 }),
    t.duty.onFinger({ kind: 'match', templateId: 1, score: 80 }),
  ]);
  assert.equal(results.map((r) => r.kind).sort(), ['already-checked-in', 'checked-in']);
});

duty.run();
