import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryLogger } from '../../drivers/core/logger.js';
import { DataSync, UnknownDataKindError, type ApplyOutcome } from './data-sync.js';
import { EventRecorder } from './events.js';
import { Outbox } from './outbox.js';

let dir = '';
let outbox: Outbox;
let applied: Array<{ kind: string; snapshot: unknown }>;
let verdict: (snapshot: unknown) => ApplyOutcome;

const roster = (version: string, ids: string[]) => ({
  version,
  people: ids.map((id, index) => ({ id, displayName: `Person ${id}`, templateIds: [index] })),
});
const bytes = (value: unknown) => Buffer.from(JSON.stringify(value));

async function open(kinds = ['roster', 'notices']): Promise<DataSync> {
  const recorder = new EventRecorder(outbox, { site: 'north-wing', terminalId: 'cell-0142' });
  return DataSync.open({
    dataDir: dir,
    logger: createMemoryLogger(),
    recorder,
    kinds,
    apply: async (kind, snapshot) => {
      const outcome = verdict(snapshot);
      if (outcome.ok) applied.push({ kind, snapshot });
      return outcome;
    },
  });
}

function events(): Array<{ type: string; data: Record<string, unknown> }> {
  return outbox.pending().map((entry) => JSON.parse(entry.payload.toString()));
}

test.before.each(async () => {
  dir = await mkdtemp(join(tmpdir(), 'data-sync-'));
  outbox = await Outbox.open({ dir: join(dir, 'outbox'), logger: createMemoryLogger() });
  applied = [];
  verdict = () => ({ ok: true });
});

test.after.each(async () => {
  await outbox.close();
  await rm(dir, { recursive: true, force: true });
});

test('a good snapshot is applied, kept on disk, reported; the same version skipped', async () => {
  const sync = await open();
  await sync.receive('roster', false, bytes(roster('r1', ['p1', 'p2'])));
  await sync.receive('roster', false, bytes(roster('r1', ['p1', 'p2'])));

  assert.is(applied.length, 1);
  assert.equal(sync.versions(), { roster: 'r1', notices: null });
  const stored = JSON.parse(await readFile(join(dir, 'data', 'roster.json'), 'utf8'));
  assert.equal(stored, roster('r1', ['p1', 'p2']));
  assert.equal(events().map((e) => [e.type, e.data]), [
    ['data.applied', { kind: 'roster', version: 'r1' }],
  ]);

  const reopened = await open();
  assert.equal(reopened.held('roster'), roster('r1', ['p1', 'p2']), 'held after a restart');
});

test('schema-invalid, non-JSON and feature-refused snapshots keep the previous data', async () => {
  const sync = await open();
  await sync.receive('roster', false, bytes(roster('r1', ['p1', 'p2'])));
  await sync.receive('roster', false, bytes({ version: 'r2', people: [{ id: 'p1' }] }));
  await sync.receive('roster', false, Buffer.from('{"version": "r3", '));
  verdict = () => ({ ok: false, problems: ['roster: person p1 appears twice'] });
  await sync.receive('roster', false, bytes(roster('r4', ['p1', 'p1'])));

  assert.equal(sync.versions().roster, 'r1');
  assert.equal((sync.held('roster') as { version: string }).version, 'r1');
  const refused = events().filter((e) => e.type === 'data.rejected').map((e) => e.data);
  assert.is(refused.length, 3);
  assert.is(refused[0]!.version, 'r2');
  assert.match(String(refused[0]!.problems), "/people/0 must have required property 'displayName'");
  assert.is(refused[1]!.version, undefined);
  assert.match(String(refused[1]!.problems), 'payload is not JSON');
  assert.equal(refused[2], { kind: 'roster', version: 'r4',
    problems: ['roster: person p1 appears twice'] });
});

test('roster deltas add, replace and remove people; a stale base is refused', async () => {
  const sync = await open();
  await sync.receive('roster', true, bytes({ baseVersion: 'r0', version: 'r1', remove: [] }));
  await sync.receive('roster', false, bytes(roster('r1', ['p1', 'p2'])));
  const delta = {
    baseVersion: 'r1', version: 'r2', remove: ['p2'],
    add: [{ id: 'p3', displayName: 'Nils Oak', templateIds: [7] }],
  };
  await sync.receive('roster', true, bytes(delta));
  await sync.receive('roster', true, bytes({ ...delta, baseVersion: 'r1', version: 'r3' }));
  await sync.receive('notices', true, bytes({ version: 'n2' }));

  const held = sync.held('roster') as { version: string; people: Array<{ id: string }> };
  assert.is(held.version, 'r2');
  assert.equal(held.people.map((person) => person.id), ['p1', 'p3']);
  const problems = events().filter((e) => e.type === 'data.rejected').map((e) => e.data.problems);
  assert.match(String(problems[0]), 'no roster held');
  assert.match(String(problems[1]), 'delta is for roster r1 but r2 is held');
  assert.match(String(problems[2]), 'deltas are not supported for notices');
});

test('a damaged held file is logged and ignored; unknown kinds are refused at start', async () => {
  const sync = await open();
  await sync.receive('notices', false, bytes({ version: 'n1', notices: [] }));
  await writeFile(join(dir, 'data', 'notices.json'), '{"version": 4');
  const reopened = await open();
  assert.is(reopened.held('notices'), null);

  const error = await open(['roster', 'weather']).catch((e: unknown) => e);
  assert.instance(error, UnknownDataKindError);
  assert.match((error as Error).message, 'schemas/data-weather.json');
});

test.run();
