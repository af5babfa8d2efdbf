// test-timeout: 240
/**
 * Connection supervision against a real mosquitto: two processes with one terminal id do
 * not loop, a corrected password file is used without a restart, a silent link is
 * noticed within 1.5 × keepalive.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBroker, type RunningBroker } from '../../hardware-tests/rigs/mosquitto.js';
import { createMemoryLogger } from '../../drivers/core/logger.js';
import { createUpstreamLink, type UpstreamLink } from './link.js';
import { Outbox } from './outbox.js';
import { startChild, type Child } from './testing/child-process.js';
import { collect, waitFor } from './testing/collector.js';
import { startTcpProxy } from './testing/tcp-proxy.js';

const TERMINAL = 'cell-0142';
const CLIENT_ID = `kiosk-north-wing-${TERMINAL}`;
let broker: RunningBroker | null = null;
let dir = '';
const children: Child[] = [];
const links: UpstreamLink[] = [];

test.before.each(async () => {
  dir = await mkdtemp(join(tmpdir(), 'supervision-'));
});

test.after.each(async () => {
  for (const child of children.splice(0)) await child.kill();
  for (const link of links.splice(0)) await link.stop();
  await broker?.stop();
  broker = null;
  await rm(dir, { recursive: true, force: true });
});

function platformChild(name: string, options: object): Child {
  const script = new URL('./testing/platform-child.ts', import.meta.url).pathname;
  const child = startChild(process.execPath, ['--import', 'tsx', script, join(dir, name),
    broker!.url, TERMINAL, '1'], { PLATFORM_CHILD_OPTIONS: JSON.stringify(options) });
  children.push(child);
  return child;
}

const connects = () => broker!.log().split('\n').filter((line) =>
  line.includes('New client connected') && line.includes(` as ${CLIENT_ID} `)).length;

async function countConnects(ms: number): Promise<number> {
  const start = connects();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return connects() - start;
}

test('two processes with one terminal id: no reconnect loop, takeover raised', async () => {
  broker = await startBroker();
  const fast = { backoff: { initialMs: 100, maxMs: 400 } };

  // Without detection the two throw each other off several times a second.
  const blind = { ...fast, takeover: { quickClosesToTrip: 1_000_000 } };
  platformChild('a', blind);
  platformChild('b', blind);
  await waitFor('both connected once', () => connects() >= 2);
  const looping = await countConnects(5000);
  for (const child of children.splice(0)) await child.kill();

  const guarded = { ...fast, takeover: { backoff: { initialMs: 8000, maxMs: 20_000 } } };
  const a = platformChild('c', guarded);
  const b = platformChild('d', guarded);
  // One of the two backs off long; the other keeps the session most of the time.
  await waitFor('a takeover seen', () =>
    [a, b].some((child) => child.lines.some((line) => line.startsWith('taken-over'))), 60_000);
  const guardedCount = await countConnects(5000);
  console.log(`connects in 5 s: ${looping} without detection, ${guardedCount} with it`);
  assert.ok(looping >= 10, `the control really loops (${looping} connects)`);
  assert.ok(guardedCount <= 4, `no loop after the takeover (${guardedCount} connects in 5 s)`);

  const watcher = await collect(broker.url, `kiosk/v1/north-wing/${TERMINAL}/#`);
  try {
    await waitFor('takeover event and alert on the broker', () =>
      watcher.json(`kiosk/v1/north-wing/${TERMINAL}/events`)
        .some((event) => event.type === 'upstream.session-taken-over') &&
      watcher.messages.some((m) => m.topic.endsWith('/alerts/upstream-session-taken-over')),
    60_000);
  } finally {
    await watcher.close();
  }
});

test('a wrong password is refused, then the corrected file is used without a restart', async () => {
  const passwords = join(dir, 'mosquitto-passwords');
  const made = spawnSync('mosquitto_passwd', ['-b', '-c', passwords, TERMINAL, 'right-secret']);
  assert.is(made.status, 0, `mosquitto_passwd: ${made.stderr}`);
  broker = await startBroker({
    extraConfig: ['allow_anonymous false', `password_file ${passwords}`],
  });

  const passwordFile = join(dir, 'broker-password');
  await writeFile(passwordFile, 'wrong-secret\n');
  const logger = createMemoryLogger();
  const outbox = await Outbox.open({ dir: join(dir, 'outbox'), logger });
  const link = createUpstreamLink({
    broker: { url: broker.url, username: TERMINAL, passwordFile },
    site: 'north-wing', terminalId: TERMINAL, outbox, logger,
    backoff: { initialMs: 100, maxMs: 400 },
  });
  links.push(link);
  link.start();
  const refusal = /refused the username|not authorised/;
  const refused = () => logger.lines.filter((line) => refusal.test(line));
  await waitFor('two refusals', () => refused().length >= 2);
  assert.is(link.online, false);

  await writeFile(passwordFile, 'right-secret\n');
  await waitFor('online with the corrected password', () => link.online);
  await link.stop();
  await outbox.close();
});

test('a silent link is noticed within 1.5 x keepalive', async () => {
  broker = await startBroker();
  const proxy = await startTcpProxy(broker.port);
  const logger = createMemoryLogger();
  const outbox = await Outbox.open({ dir: join(dir, 'outbox'), logger });
  const keepaliveSeconds = 2;
  const link = createUpstreamLink({
    broker: { url: proxy.url }, site: 'north-wing', terminalId: TERMINAL, outbox, logger,
    keepaliveSeconds, backoff: { initialMs: 100, maxMs: 400 },
  });
  links.push(link);
  let offlineAt = 0;
  link.events.on('offline', () => (offlineAt = Date.now()));
  link.start();
  try {
    await waitFor('online', () => link.online);
    const frozenAt = Date.now();
    proxy.freeze();
    await waitFor('offline', () => offlineAt > 0, 30_000);
    const noticedMs = offlineAt - frozenAt;
    console.log(`silent link noticed after ${noticedMs} ms (keepalive ${keepaliveSeconds} s)`);
    // 1.5 × keepalive counts from the last packet, which came before the freeze.
    assert.ok(noticedMs <= keepaliveSeconds * 1500 + 250, `noticed after ${noticedMs} ms`);
  } finally {
    await link.stop();
    await proxy.close();
    await outbox.close();
  }
});

test.run();
