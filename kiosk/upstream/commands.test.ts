// test-timeout: 180
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { startBroker, type RunningBroker } from '../../hardware-tests/rigs/mosquitto.js';
import { createMemoryLogger } from '../../drivers/core/logger.js';
import { startPresence } from './birth.js';
import { checkMessage } from './protocol-schemas.js';
import { CommandRouter } from './commands.js';
import { createUpstreamLink, type UpstreamLink } from './link.js';
import { Outbox } from './outbox.js';
import { collect, waitFor, type Collector } from './testing/collector.js';

const SITE = 'north-wing';
const TERMINAL = 'lobby-02';
const BASE = `kiosk/v1/${SITE}/${TERMINAL}`;

let broker: RunningBroker;
let dir = '';
let outbox: Outbox;
let link: UpstreamLink;
let router: CommandRouter;
let platform: MqttClient;
let watcher: Collector;
let pingRuns = 0;

test.before(async () => {
  broker = await startBroker();
  dir = await mkdtemp(join(tmpdir(), 'commands-'));
  const logger = createMemoryLogger();
  outbox = await Outbox.open({ dir, logger });
  link = createUpstreamLink({
    broker: { url: broker.url },
    site: SITE,
    terminalId: TERMINAL,
    outbox,
    logger,
    backoff: { initialMs: 50, maxMs: 300 },
  });
  router = new CommandRouter({ link, outbox, logger, dataDir: dir });
  router.register({ name: 'ping', run: () => ({ pong: ++pingRuns }) });
  router.register({
    name: 'set-volume',
    argsSchema: {
      type: 'object',
      properties: { level: { type: 'integer', minimum: 0, maximum: 10 } },
      required: ['level'],
    },
    run: (args) => ({ level: (args as { level: number }).level }),
  });
  router.register({
    name: 'explode',
    run: () => {
      throw new Error('printer jammed');
    },
  });
  await router.start();
  watcher = await collect(broker.url, `${BASE}/result/#`);
  link.start();
  await waitFor('link online', () => link.online);
  platform = await mqtt.connectAsync(broker.url, { clientId: 'platform-test' });
});

test.after(async () => {
  router.stop();
  await platform.endAsync(true);
  await watcher.close();
  await link.stop();
  await outbox.close();
  await broker.stop();
  await rm(dir, { recursive: true, force: true });
});

async function command(name: string, body: string, resultTopic: string, count = 1) {
  const before = watcher.json(`${BASE}/result/${resultTopic}`).length;
  // The subscription is made on connect; repeat until the first answer shows it is there.
  await platform.publishAsync(`${BASE}/cmd/${name}`, body, { qos: 1 });
  await waitFor(`result on ${resultTopic}`, () => {
    return watcher.json(`${BASE}/result/${resultTopic}`).length >= before + count;
  });
  return watcher.json(`${BASE}/result/${resultTopic}`).slice(before);
}

test('a command is run and answered on its result topic', async () => {
  await waitFor('command subscription', () => link.client !== null);
  const [result] = await command('ping', JSON.stringify({ requestId: 'req-1' }), 'req-1');
  assert.equal(result!.data, { pong: 1 });
  assert.is(result!.ok, true);
  assert.is(result!.command, 'ping');
});

test('a repeated request id gets the first result without running again', async () => {
  const [first] = await command('ping', JSON.stringify({ requestId: 'req-2' }), 'req-2');
  const [again] = await command('ping', JSON.stringify({ requestId: 'req-2' }), 'req-2');
  assert.equal(again, first);
  assert.is(pingRuns, 2, 'req-1 and req-2 ran once each');
});

test('unknown, malformed, invalid and failing commands get error replies', async () => {
  const [unknown] = await command('reboot-now', JSON.stringify({ requestId: 'req-3' }), 'req-3');
  assert.is((unknown!.error as { code: string }).code, 'unknown-command');

  const [malformed] = await command('ping', '{not json', 'invalid');
  assert.is((malformed!.error as { code: string }).code, 'malformed');
  assert.is(malformed!.ok, false);

  const body = JSON.stringify({ requestId: 'req-4', args: { level: 99 } });
  const [invalid] = await command('set-volume', body, 'req-4');
  assert.is((invalid!.error as { code: string }).code, 'invalid-args');
  assert.match((invalid!.error as { message: string }).message, 'args/level');

  const [failed] = await command('explode', JSON.stringify({ requestId: 'req-5' }), 'req-5');
  assert.equal(failed!.error, { code: 'failed', message: 'printer jammed' });

  const ok = JSON.stringify({ requestId: 'req-6', args: { level: 4 } });
  const [done] = await command('set-volume', ok, 'req-6');
  assert.equal(done!.data, { level: 4 });
});

test('birth pairs with status by counter, is sent again after the broker forgot it', async () => {
  const births = await collect(broker.url, `${BASE}/birth`);
  const statuses = await collect(broker.url, `${BASE}/status`);
  const presence = startPresence({
    link, outbox, dataDir: dir, logger: createMemoryLogger(), site: SITE, terminalId: TERMINAL,
    healthIntervalMs: 200,
    describe: () => ({ version: '0.1.0', role: 'lobby', configDigest: 'abcd1234',
      capabilities: ['ping'], devices: [] }),
  });
  try {
    const before = link.birth;
    await broker.restart();
    await waitFor('birth after reconnect', () =>
      births.json(`${BASE}/birth`).some((b) => (b.birth as number) > before));
    const birth = births.json(`${BASE}/birth`).at(-1)!;
    assert.is(birth.version, '0.1.0');
    assert.is(birth.birth, link.birth);
    await waitFor('online status of that birth', () =>
      statuses.json(`${BASE}/status`).some((s) => s.state === 'online' && s.birth === birth.birth));

    const again = await presence.rebirth();
    assert.is(again.birth, birth.birth, 'a rebirth keeps the connection counter');
    const late = await collect(broker.url, `${BASE}/birth`);
    await waitFor('retained birth', () => late.messages.length > 0);
    assert.is(late.json(`${BASE}/birth`)[0]!.at, again.at, 'the retained birth is the newest');
    await late.close();

    const health = await collect(broker.url, `${BASE}/health`);
    await waitFor('two health messages', () => health.json(`${BASE}/health`).length >= 2);
    const last = health.json(`${BASE}/health`).at(-1)!;
    assert.equal(checkMessage('health', last), []);
    assert.type(last.roundTripMs, 'number', 'the round trip of the previous health publish');
    await health.close();
  } finally {
    presence.stop();
    await births.close();
    await statuses.close();
  }
});

test.run();
