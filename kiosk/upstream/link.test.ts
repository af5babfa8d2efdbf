// test-timeout: 180
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBroker, type RunningBroker } from '../../hardware-tests/rigs/mosquitto.js';
import { createMemoryLogger } from '../../drivers/core/logger.js';
import { EventRecorder } from './events.js';
import { createUpstreamLink, type UpstreamLink } from './link.js';
import { Outbox } from './outbox.js';
import { collect, waitFor, type Collector } from './testing/collector.js';
import { startTcpProxy } from './testing/tcp-proxy.js';
import { tick } from './testing/tick.js';

const SITE = 'north-wing';
const TERMINAL = 'cell-0142';
const BASE = `kiosk/v1/${SITE}/${TERMINAL}`;
const FAST = { initialMs: 50, maxMs: 400 };

let broker: RunningBroker;
let dir = '';
let outbox: Outbox;
let link: UpstreamLink | null = null;
let watcher: Collector | null = null;

test.before.each(async () => {
  broker = await startBroker();
  dir = await mkdtemp(join(tmpdir(), 'link-'));
  outbox = await Outbox.open({ dir, logger: createMemoryLogger() });
});

test.after.each(async () => {
  await link?.stop();
  link = null;
  await watcher?.close();
  watcher = null;
  await outbox.close();
  await broker.stop();
  await rm(dir, { recursive: true, force: true });
});

function startLink(logger = createMemoryLogger(), url = broker.url): UpstreamLink {
  link = createUpstreamLink({
    broker: { url },
    site: SITE,
    terminalId: TERMINAL,
    outbox,
    logger,
    backoff: FAST,
  });
  link.start();
  return link;
}

test('events arrive in order, once each, and are acked in the outbox', async () => {
  watcher = await collect(broker.url, `${BASE}/#`);
  const recorder = new EventRecorder(outbox, { site: SITE, terminalId: TERMINAL });
  const live = startLink();
  await waitFor('link online', () => live.online);

  const recorded = [];
  for (let n = 0; n < 60; n += 1) {
    recorded.push(await recorder.record(tick(n)));
  }
  await waitFor('60 events', () => watcher!.json(`${BASE}/events`).length >= 60);
  await waitFor('outbox drained', () => outbox.depth === 0);

  const events = watcher.json(`${BASE}/events`);
  assert.is(events.length, 60);
  assert.equal(events.map((event) => event.id), recorded.map((event) => event.id));
  assert.equal(events.map((event) => event.seq), recorded.map((event) => event.seq));
  assert.ok(events.every((event) => event.replayed === false && event.terminal === TERMINAL));
});

test('broker unreachable: outbox grows, link offline; back: all delivered in order', async () => {
  const proxy = await startTcpProxy(broker.port);
  watcher = await collect(broker.url, `${BASE}/events`);
  const recorder = new EventRecorder(outbox, { site: SITE, terminalId: TERMINAL });
  const logger = createMemoryLogger();
  const live = startLink(logger, proxy.url);
  try {
    await waitFor('link online', () => live.online);
    const offline: string[] = [];
    live.events.on('offline', (event) => offline.push(event.reason));
    proxy.cut();
    await waitFor('link offline', () => !live.online);
    assert.is(offline.length, 1);

    for (let n = 0; n < 30; n += 1) await recorder.record(tick(n));
    const retries = () => logger.lines.filter((line) => line.includes('retrying')).length;
    await waitFor('a few retries', () => retries() >= 2);
    assert.is(outbox.depth, 30);
    assert.not.ok(live.online);
    assert.is(watcher.messages.length, 0);

    proxy.restore();
    await waitFor('link back online', () => live.online);
    await waitFor('30 events', () => watcher!.json(`${BASE}/events`).length >= 30);
    await waitFor('outbox drained', () => outbox.depth === 0);

    const events = watcher.json(`${BASE}/events`);
    assert.equal(events.map((event) => (event.data as { pin: number }).pin), [...Array(30).keys()]);
    assert.ok(events.every((event) => event.replayed === true), 'waited through a disconnect');
  } finally {
    await link?.stop();
    await proxy.close();
  }
});

test('broker process down: outbox grows; broker restarted: all delivered in order', async () => {
  // The relay only holds the link back until the test's subscriber is in place again.
  const proxy = await startTcpProxy(broker.port);
  const recorder = new EventRecorder(outbox, { site: SITE, terminalId: TERMINAL });
  const live = startLink(createMemoryLogger(), proxy.url);
  try {
    await waitFor('link online', () => live.online);
    await broker.halt();
    await waitFor('link offline', () => !live.online);
    for (let n = 0; n < 25; n += 1) await recorder.record(tick(n));
    assert.is(outbox.depth, 25);

    proxy.cut();
    await broker.restart();
    watcher = await collect(broker.url, `${BASE}/events`);
    proxy.restore();
    await waitFor('link back online', () => live.online);
    await waitFor('outbox drained', () => outbox.depth === 0);
    await waitFor('25 events', () => watcher!.json(`${BASE}/events`).length >= 25);

    const events = watcher.json(`${BASE}/events`);
    const numbers = events.map((event) => (event.data as { pin: number }).pin);
    assert.equal(numbers, [...Array(25).keys()]);
  } finally {
    await link?.stop();
    await proxy.close();
  }
});

test('a black-holed connection is noticed by keepalive and replaced', async () => {
  const proxy = await startTcpProxy(broker.port);
  link = createUpstreamLink({
    broker: { url: proxy.url },
    site: SITE,
    terminalId: TERMINAL,
    outbox,
    logger: createMemoryLogger(),
    backoff: FAST,
    keepaliveSeconds: 1,
  });
  const live = link;
  const reasons: string[] = [];
  live.events.on('offline', (event) => reasons.push(event.reason));
  try {
    live.start();
    await waitFor('link online', () => live.online);
    proxy.freeze();
    await waitFor('keepalive notices', () => !live.online, 30_000);
    assert.match(reasons.join(), /keepalive|closed/i);

    proxy.restore();
    await waitFor('link back online', () => live.online, 30_000);
  } finally {
    await link?.stop();
    await proxy.close();
  }
});

test('status is retained online after connect and offline after a clean stop', async () => {
  const live = startLink();
  await waitFor('link online', () => live.online);
  const first = await collect(broker.url, `${BASE}/status`);
  await waitFor('retained online', () =>
    first.messages.some((m) => m.retain && m.text.includes('"state":"online"')),
  );
  await first.close();

  await live.stop();
  link = null;
  watcher = await collect(broker.url, `${BASE}/status`);
  await waitFor('retained offline', () =>
    watcher!.messages.some((m) => m.retain && m.text.includes('"state":"offline"')),
  );
});

test('retained state is published, and published again after the broker forgot it', async () => {
  const live = startLink();
  await waitFor('link online', () => live.online);
  await live.publishRetained('alerts/duty-understaffed', { level: 'high', since: 'x' });

  await broker.restart();
  await waitFor('link back online', () => live.online);
  watcher = await collect(broker.url, `${BASE}/alerts/+`);
  await waitFor('retained alert', () =>
    watcher!.messages.some((m) => m.retain && m.text.includes('"level":"high"')),
  );

  // The clear and the marker go out in order, so a new subscriber sees only the marker.
  await live.clearRetained('alerts/duty-understaffed');
  await live.publishRetained('alerts/marker', { marker: true });
  const late = await collect(broker.url, `${BASE}/alerts/+`);
  await waitFor('marker', () => late.messages.some((m) => m.topic.endsWith('/marker')));
  assert.equal(late.messages.map((m) => m.topic), [`${BASE}/alerts/marker`]);
  await late.close();
  const error = await live.publishRetained('bad/+/topic', {}).catch((caught: unknown) => caught);
  assert.instance(error, Error);
  assert.match((error as Error).message, 'subtopic segment');
});

test('without a broker the link stays offline and says so once', async () => {
  const logger = createMemoryLogger();
  link = createUpstreamLink({ broker: null, site: SITE, terminalId: TERMINAL, outbox, logger });
  link.start();
  link.start();
  await outbox.append({ id: 'a', topic: `${BASE}/events`, payload: Buffer.from('{}') });
  assert.not.ok(link.online);
  assert.is(logger.lines.filter((line) => line.includes('no broker configured')).length, 1);
});

test('a refused connection is retried with back-off until the broker appears', async () => {
  await broker.halt();
  const logger = createMemoryLogger();
  const live = startLink(logger);
  const retries = () => logger.lines.filter((line) => line.includes('retrying')).length;
  await waitFor('three retries', () => retries() >= 3);
  assert.ok(logger.lines.some((line) => line.includes('nothing listens')), logger.lines.join('\n'));

  await broker.restart();
  await waitFor('link online', () => live.online);
});

test.run();
