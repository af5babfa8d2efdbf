// test-timeout: 180
/**
 * A damaged data folder: the state file corrupt, empty, cut short, of the wrong shape or
 * a folder; the outbox journal cut mid-record or full of garbage. The terminal must start,
 * keep the damaged file aside for a technician, say so in its log, keep every intact
 * event, and still take a check-in afterwards.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startKioskProcess, type KioskProcess } from '../support/kiosk-process.js';
import { waitFor } from '../support/wait-for.js';
import {
  makeCrowdTerminal,
  outboxEvents,
  simFinger,
  watchNotices,
  type CrowdTerminal,
} from './support.js';

const ENV = { KIOSK_SKIP_UI_BUILD: '1' };
const running: KioskProcess[] = [];

async function start(terminal: CrowdTerminal): Promise<KioskProcess> {
  const kiosk = await startKioskProcess(terminal.configFile, ENV);
  running.push(kiosk);
  return kiosk;
}

async function stopAll(): Promise<void> {
  for (const kiosk of running.splice(0)) await kiosk.kill('SIGKILL');
}

/** Checks in the person with `templateId` and waits until the screen confirms it. */
async function checkIn(kiosk: KioskProcess, templateId: number): Promise<void> {
  const watch = await watchNotices(kiosk.url);
  try {
    assert.is(await simFinger(kiosk.url, templateId), 200);
    await waitFor('a checked-in notice', () => watch.notices.some((n) => n.kind === 'checked-in'));
  } finally {
    watch.close();
  }
}

const state = suite('damaged state file');
state.after.each(stopAll);

const DAMAGED_STATES: [string, (path: string) => void][] = [
  ['not JSON', (path) => writeFileSync(path, '{"duty": {"checkIns": {')],
  ['empty', (path) => writeFileSync(path, '')],
  ['cut short mid-write', (path) => writeFileSync(path, '{"duty":{"checkIns":{"s":{"p":"2026-')],
  ['JSON of the wrong shape', (path) => writeFileSync(path, '{"duty":{"checkIns":[],"alerts":5}}')],
  ['a list at the top', (path) => writeFileSync(path, '[1, 2, 3]')],
  ['an alert without its fields', (path) =>
    writeFileSync(path, '{"duty":{"checkIns":{},"judgedShifts":[],"alerts":[{"id":1}]}}')],
  ['a folder', (path) => mkdirSync(join(path, 'inside'), { recursive: true })],
  ['random bytes', (path) => writeFileSync(path, randomBytes(2048))],
];

for (const [what, damage] of DAMAGED_STATES) {
  state(`a state file that is ${what} is kept aside and the terminal works`, async () => {
    const terminal = makeCrowdTerminal({ count: 2 });
    mkdirSync(terminal.dataDir, { recursive: true });
    damage(join(terminal.dataDir, 'state.json'));

    const kiosk = await start(terminal);
    await kiosk.waitForLine(/ERROR.*store file was corrupt; kept a copy.*state\.json/);
    const names = readdirSync(terminal.dataDir);
    const kept = names.filter((name) => name.startsWith('state.json.corrupt-'));
    assert.is(kept.length, 1, 'the damaged file is kept for a technician');
    assert.ok(statSync(join(terminal.dataDir, 'state.json')).isFile());

    await checkIn(kiosk, 101);
  });
}

state('temp files of a write cut short are removed at start; a live writer\'s stay', async () => {
  const terminal = makeCrowdTerminal({ count: 2 });
  mkdirSync(terminal.dataDir, { recursive: true });
  // A process that has ended stands in for the kiosk that lost power mid-write.
  const deadPid = spawnSync('true').pid;
  const leftover = `.state.json.${deadPid}.3.tmp`;
  const live = `.state.json.${process.pid}.1.tmp`;
  writeFileSync(join(terminal.dataDir, leftover), '{"duty": {"checkIns"');
  writeFileSync(join(terminal.dataDir, live), '{}');

  const kiosk = await start(terminal);
  await kiosk.waitForLine(/removed temp files an interrupted write left.*count=1/);
  const names = readdirSync(terminal.dataDir);
  assert.not.ok(names.includes(leftover), 'the leftover is gone');
  assert.ok(names.includes(live), 'a running process\'s temp file is left alone');
  await checkIn(kiosk, 101);
});

const journal = suite('damaged outbox journal');
journal.after.each(stopAll);

journal('a journal cut mid-record keeps every record before the cut', async () => {
  const terminal = makeCrowdTerminal({ count: 3 });
  const first = await start(terminal);
  await checkIn(first, 101);
  await checkIn(first, 102);
  await first.kill('SIGKILL');

  const file = join(terminal.dataDir, 'outbox', 'outbox.journal');
  const before = await outboxEvents(terminal.dataDir);
  const size = statSync(file).size;
  // Cut a few bytes off the last record, as a power cut during its write would.
  truncateSync(file, size - 7);

  const second = await start(terminal);
  await second.waitForLine(/WARN.*outbox journal had a damaged tail/);
  await checkIn(second, 103);
  await second.kill('SIGTERM');

  const after = await outboxEvents(terminal.dataDir);
  const ids = new Set(after.map((event) => event.id));
  const lost = before.slice(0, -1).filter((event) => !ids.has(event.id));
  assert.equal(lost, [], 'records before the cut survive');
  assert.ok(after.some((event) => event.data.personId === 'p-3002'), 'the new check-in is stored');
});

journal('a journal of garbage is kept aside and the terminal still stores events', async () => {
  const terminal = makeCrowdTerminal({ count: 2 });
  mkdirSync(join(terminal.dataDir, 'outbox'), { recursive: true });
  writeFileSync(join(terminal.dataDir, 'outbox', 'outbox.journal'), randomBytes(4096));

  const kiosk = await start(terminal);
  await kiosk.waitForLine(/WARN.*outbox journal had a damaged tail/);
  const names = readdirSync(join(terminal.dataDir, 'outbox'));
  const kept = names.filter((name) => name.includes('.damaged-'));
  assert.is(kept.length, 1, 'the garbage is kept for a technician');

  await checkIn(kiosk, 101);
  await kiosk.kill('SIGTERM');
  const events = await outboxEvents(terminal.dataDir);
  const stored = events.filter((event) => event.type === 'duty.check-in');
  assert.ok(stored.some((event) => event.data.personId === 'p-3000'));
});

state.run();
journal.run();
