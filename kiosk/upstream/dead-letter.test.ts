// test-timeout: 180
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBroker, type RunningBroker } from '../../hardware-tests/rigs/mosquitto.js';
import { createMemoryLogger } from '../../drivers/core/logger.js';
import { DEAD_LETTER_FILE } from './dead-letter.js';
import { EventRecorder } from './events.js';
import { createUpstreamLink, type UpstreamLink } from './link.js';
import { Outbox } from './outbox.js';
import { collect, waitFor, type Collector } from './testing/collector.js';
import { tick } from './testing/tick.js';

const SITE = 'north-wing';
const TERMINAL = 'cell-0142';
const EVENTS = `kiosk/v1/${SITE}/${TERMINAL}/events`;

let broker: RunningBroker;
let dir = '';
let outbox: Outbox;
const outboxLogger = createMemoryLogger();
let link: UpstreamLink | null = null;
let watcher: Collector | null = null;

test.before(async () => {
  broker = await startBroker({ extraConfig: ['max_packet_size 4096'] });
  dir = await mkdtemp(join(tmpdir(), 'dead-letter-'));
  outbox = await Outbox.open({ dir, logger: outboxLogger });
});

test.after(async () => {
  await link?.stop();
  await watcher?.close();
  await outbox.close();
  await broker.stop();
  await rm(dir, { recursive: true, force: true });
});

test('a message the broker refuses is dead-lettered and later events keep flowing', async () => {
  watcher = await collect(broker.url, EVENTS);
  const recorder = new EventRecorder(outbox, { site: SITE, terminalId: TERMINAL });
  const small = await recorder.record(tick(0));
  const big = await recorder.record({
    type: 'data.rejected',
    data: { kind: 'notices', problems: ['x'.repeat(10_000)] },
  });
  const later = [];
  for (let n = 1; n <= 20; n += 1) {
    later.push(await recorder.record(tick(n)));
  }

  const logger = createMemoryLogger();
  link = createUpstreamLink({
    broker: { url: broker.url },
    site: SITE,
    terminalId: TERMINAL,
    outbox,
    logger,
    backoff: { initialMs: 20, maxMs: 200 },
    maxTries: 2,
  });
  link.start();
  await waitFor('outbox drained', () => outbox.depth === 0, 60_000);
  await waitFor('all small events', () => watcher!.json(EVENTS).length >= 21);

  const ids = watcher.json(EVENTS).map((event) => event.id);
  assert.equal([...new Set(ids)], [small.id, ...later.map((event) => event.id)]);

  const lines = (await readFile(join(dir, DEAD_LETTER_FILE), 'utf8')).trim().split('\n');
  assert.is(lines.length, 1);
  const dead = JSON.parse(lines[0]!) as { id: string; seq: number; payloadBase64: string };
  assert.is(dead.id, big.id);
  assert.is(dead.seq, big.seq);
  assert.match(Buffer.from(dead.payloadBase64, 'base64').toString(), '"type":"data.rejected"');
  const said = (lines: string[], text: string) => lines.some((line) => line.includes(text));
  assert.ok(said(outboxLogger.lines, 'ERROR [test] outbox entry dead-lettered'));
  assert.ok(said(logger.lines, 'connection lost with one message in flight'));
  assert.not.ok(said(logger.lines, 'keeps taking over session'), 'not mistaken for a takeover');
});

test.run();
