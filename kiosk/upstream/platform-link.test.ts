// test-timeout: 180
/**
 * startPlatformLink against a real mosquitto: commands answered as the protocol says,
 * data snapshots applied or refused, birth after a broker restart and on request, alerts.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { startBroker, type RunningBroker } from '../../hardware-tests/rigs/mosquitto.js';
import { createMemoryLogger } from '../../drivers/core/logger.js';
import { Outbox } from './outbox.js';
import { startPlatformLink, type PlatformLink } from './platform-link.js';
import { checkMessage } from './protocol-schemas.js';
import { collect, waitFor, type Collector } from './testing/collector.js';

const SITE = 'north-wing';
const TERMINAL = 'cell-0142';
const BASE = `kiosk/v1/${SITE}/${TERMINAL}`;

let broker: RunningBroker;
let dir = '';
let outbox: Outbox;
let terminal: PlatformLink;
let platform: MqttClient;
let watcher: Collector;
let applied: string[] = [];
let rings = 0;

test.before(async () => {
  broker = await startBroker();
  dir = await mkdtemp(join(tmpdir(), 'platform-link-'));
  const logger = createMemoryLogger();
  outbox = await Outbox.open({ dir: join(dir, 'outbox'), logger });
  watcher = await collect(broker.url, `${BASE}/#`);
  terminal = await startPlatformLink({
    broker: { url: broker.url },
    site: SITE,
    terminalId: TERMINAL,
    keepaliveSeconds: 10,
    outbox,
    dataDir: dir,
    logger,
    backoff: { initialMs: 50, maxMs: 300 },
    describe: () => ({
      version: '0.1.0', role: 'cell', configDigest: 'c0ffee00', capabilities: ['duty'],
      devices: [{ name: 'finger', kind: 'fingerprint', state: 'ready', lastSuccessAt: null }],
    }),
    data: {
      kinds: ['roster', 'schedule'],
      apply: async (kind, snapshot) => {
        const people = (snapshot as { people?: Array<{ id: string }> }).people ?? [];
        if (new Set(people.map((p) => p.id)).size !== people.length) {
          return { ok: false, problems: ['roster: a person appears twice'] };
        }
        applied.push(`${kind}@${(snapshot as { version: string }).version}`);
        return { ok: true };
      },
    },
    deferStart: true,
    commands: [{
      name: 'ring',
      argsSchema: { type: 'object', required: ['times'],
        properties: { times: { type: 'integer', minimum: 1, maximum: 3 } } },
      run: (args) => ({ rang: (rings += (args as { times: number }).times) }),
    }],
  });
  platform = await mqtt.connectAsync(broker.url, { clientId: 'platform-test' });
  assert.is(terminal.link.online, false, 'deferred until start()');
  terminal.start();
  await waitFor('terminal online', () => terminal.link.online);
  // As a platform would: commands go out once the birth shows the terminal listens.
  await waitFor('the birth', () => watcher.json(`${BASE}/birth`).length > 0);
});

test.after(async () => {
  await terminal.stop();
  await platform.endAsync(true);
  await watcher.close();
  await outbox.close();
  await broker.stop();
  await rm(dir, { recursive: true, force: true });
});

const results = (requestId: string) => watcher.json(`${BASE}/result/${requestId}`);

async function command(name: string, payload: string, requestId: string, count = 1) {
  await platform.publishAsync(`${BASE}/cmd/${name}`, payload, { qos: 1 });
  await waitFor(`result ${requestId}`, () => results(requestId).length >= count);
  const all = results(requestId);
  for (const result of all) assert.equal(checkMessage('command-result', result), []);
  return all;
}

test('built-in and feature commands answer; bad ones get the protocol error codes', async () => {
  const [health] = await command('health', '{"requestId":"h-1"}', 'h-1');
  assert.is(health!.ok, true);
  assert.equal(checkMessage('health', health!.data), []);
  const [versions] = await command('data.versions', '{"requestId":"v-1"}', 'v-1');
  assert.equal(versions!.data, { roster: null, schedule: null });

  const [rang] = await command('ring', '{"requestId":"r-1","args":{"times":2}}', 'r-1');
  assert.equal(rang!.data, { rang: 2 });
  const [bad] = await command('ring', '{"requestId":"r-2","args":{"times":9}}', 'r-2');
  assert.equal([bad!.ok, (bad!.error as { code: string }).code], [false, 'invalid-args']);
  assert.match((bad!.error as { message: string }).message, 'args/times must be <= 3');
  const [unknown] = await command('fly', '{"requestId":"f-1"}', 'f-1');
  assert.is((unknown!.error as { code: string }).code, 'unknown-command');
  const [garbled] = await command('ring', '{"requestId": "x-1", ', 'invalid');
  assert.is((garbled!.error as { code: string }).code, 'malformed');
  const [stray] = await command('ring', '{"requestId":"m-1","args":{"times":1},"x":1}', 'm-1');
  assert.is((stray!.error as { code: string }).code, 'malformed');
  assert.match((stray!.error as { message: string }).message, 'additional properties (x)');

  const again = await command('ring', '{"requestId":"r-1","args":{"times":1}}', 'r-1', 2);
  assert.equal(again[1], again[0], 'a repeated request id gets the first result');
  assert.is(rings, 2, 'and does not run again');
});

test('an invalid snapshot leaves the previous data in use; a good one is applied', async () => {
  const roster = (version: string, ids: string[]) => JSON.stringify({
    version,
    people: ids.map((id, n) => ({ id, displayName: `Person ${id}`, templateIds: [n] })),
  });
  const events = () => watcher.json(`${BASE}/events`);
  const typed = (type: string) => events().filter((event) => event.type === type);

  await platform.publishAsync(`${BASE}/data/roster`, roster('r1', ['p1', 'p2']),
    { qos: 1, retain: true });
  await waitFor('r1 applied', () => typed('data.applied').length === 1);
  await platform.publishAsync(`${BASE}/data/roster`, '{"version":"r2","people":"none"}',
    { qos: 1, retain: true });
  await platform.publishAsync(`${BASE}/data/roster`, roster('r3', ['p1', 'p1']),
    { qos: 1, retain: true });
  await waitFor('two refusals', () => typed('data.rejected').length === 2);

  assert.equal(applied, ['roster@r1']);
  assert.is((terminal.heldData('roster') as { version: string }).version, 'r1');
  assert.match(JSON.stringify(typed('data.rejected')[0]!.data), '/people must be array');
  await waitFor('birth lists r1', () =>
    watcher.json(`${BASE}/birth`).some((b) => (b.data as { roster: string }).roster === 'r1'));
  for (const event of events()) assert.equal(checkMessage('event-envelope', event), []);
});

test('birth again after a broker restart without persistence and on rebirth', async () => {
  const births = () => watcher.json(`${BASE}/birth`);
  const before = terminal.link.birth;
  await broker.restart();
  await waitFor('birth of the new connection', () =>
    births().some((birth) => (birth.birth as number) > before));
  const late = await collect(broker.url, `${BASE}/birth`);
  await waitFor('retained birth on the fresh broker', () => late.messages.length > 0);
  assert.is(late.json(`${BASE}/birth`)[0]!.birth, terminal.link.birth);
  await late.close();

  const count = births().length;
  const [result] = await command('rebirth', '{"requestId":"b-1"}', 'b-1');
  await waitFor('birth on request', () => births().length > count);
  assert.equal(births().at(-1), result!.data);
  assert.equal(checkMessage('birth', result!.data), []);
});

test('alerts are retained until cleared with an empty retained message', async () => {
  const alert = { id: 'door-open', kind: 'door', text: 'Door open' };
  await terminal.raiseAlert({ ...alert, severity: 'warning' });
  const late = await collect(broker.url, `${BASE}/alerts/#`);
  await waitFor('retained alert', () => late.messages.length > 0);
  assert.equal(checkMessage('alert', JSON.parse(late.messages[0]!.text)), []);
  await terminal.clearAlert('door-open');
  await waitFor('cleared', () => late.messages.some((m) => m.text === ''));
  await late.close();
  // A retained marker arrives in the same batch as any retained alert left over.
  await platform.publishAsync(`${BASE}/alerts/marker`, 'x', { qos: 1, retain: true });
  const after = await collect(broker.url, `${BASE}/alerts/#`);
  await waitFor('marker', () => after.messages.some((m) => m.topic.endsWith('/marker')));
  assert.equal(after.messages.map((m) => m.topic), [`${BASE}/alerts/marker`], 'no alert left');
  await after.close();
});

test.run();
