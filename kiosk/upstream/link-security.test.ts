// test-timeout: 180
/** The link against brokers that demand something: mutual TLS, credentials. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBroker, type RunningBroker } from '../../hardware-tests/rigs/mosquitto.js';
import { createMemoryLogger } from '../../drivers/core/logger.js';
import { createUpstreamLink, type BrokerConfig, type UpstreamLink } from './link.js';
import { Outbox } from './outbox.js';
import { waitFor } from './testing/collector.js';

let broker: RunningBroker | null = null;
let dir = '';
let outbox: Outbox;
let link: UpstreamLink | null = null;

test.before.each(async () => {
  dir = await mkdtemp(join(tmpdir(), 'link-security-'));
  outbox = await Outbox.open({ dir, logger: createMemoryLogger() });
});

test.after.each(async () => {
  await link?.stop();
  link = null;
  await outbox.close();
  await broker?.stop();
  broker = null;
  await rm(dir, { recursive: true, force: true });
});

function startLink(config: BrokerConfig) {
  const logger = createMemoryLogger();
  link = createUpstreamLink({
    broker: config,
    site: 'north-wing',
    terminalId: 'cell-0007',
    outbox,
    logger,
    backoff: { initialMs: 50, maxMs: 300 },
  });
  link.start();
  return { live: link, logger };
}

const retries = (lines: string[]) => lines.filter((line) => line.includes('retrying')).length;

test('mutual TLS: connects with the terminal certificate and delivers', async () => {
  broker = await startBroker({ tls: { requireClientCert: true } });
  const files = broker.clientTls!;
  const { live } = startLink({
    url: broker.url.replace('127.0.0.1', 'localhost'),
    caFile: files.caFile,
    certFile: files.certFile,
    keyFile: files.keyFile,
  });
  await waitFor('link online over TLS', () => live.online);
  await outbox.append({ id: 'tls-1', topic: live.topics.events, payload: Buffer.from('{}') });
  await waitFor('delivered over TLS', () => outbox.depth === 0);
});

test('mutual TLS without a client certificate is refused and retried', async () => {
  broker = await startBroker({ tls: { requireClientCert: true } });
  const { live, logger } = startLink({ url: broker.url, caFile: broker.clientTls!.caFile });
  await waitFor('retries', () => retries(logger.lines) >= 2);
  assert.not.ok(live.online);
});

test('an unreadable certificate file is named in the log and retried', async () => {
  broker = await startBroker({ tls: {} });
  const caFile = join(dir, 'missing-ca.pem');
  const { live, logger } = startLink({ url: broker.url, caFile });
  await waitFor('retries', () => retries(logger.lines) >= 2);
  assert.not.ok(live.online);
  assert.ok(logger.lines.some((line) => line.includes('ERROR') && line.includes(caFile)));
});

test('a CONNACK refusal is explained and retried with back-off', async () => {
  broker = await startBroker({ extraConfig: ['allow_anonymous false'] });
  const { live, logger } = startLink({ url: broker.url, username: 'kiosk', password: 'wrong' });
  await waitFor('retries', () => retries(logger.lines) >= 3);
  assert.not.ok(live.online);
  assert.ok(
    logger.lines.some((line) => /not authorised|username or password/.test(line)),
    logger.lines.join('\n'),
  );
});

test.run();
