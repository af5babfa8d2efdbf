/**
 * The sample ACL on a real mosquitto: terminal A cannot publish under terminal B's topics
 * nor read B's commands; it can publish under its own.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { startBroker, type RunningBroker } from '../../hardware-tests/rigs/mosquitto.js';
import { collect, waitFor } from '../../kiosk/upstream/testing/collector.js';

const ACL = new URL('./acl', import.meta.url).pathname;
const BASE = 'kiosk/v1/north-wing';
let broker: RunningBroker;
let dir = '';

function addUser(file: string, user: string, password: string, create: boolean): void {
  const args = ['-b', ...(create ? ['-c'] : []), file, user, password];
  const made = spawnSync('mosquitto_passwd', args, { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`mosquitto_passwd ${user}: ${made.stderr}`);
}

test.before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'acl-'));
  const passwords = join(dir, 'passwords');
  addUser(passwords, 'platform', 'platform-secret', true);
  addUser(passwords, 'cell-0142', 'secret-a', false);
  addUser(passwords, 'cell-0143', 'secret-b', false);
  broker = await startBroker({
    extraConfig: ['allow_anonymous false', `password_file ${passwords}`, `acl_file ${ACL}`],
  });
});

test.after(async () => {
  await broker.stop();
  await rm(dir, { recursive: true, force: true });
});

test('terminal A cannot publish under terminal B, nor read B\'s commands', async () => {
  const platform = await collect(broker.url, 'kiosk/v1/#', {
    username: 'platform', password: 'platform-secret',
  });
  const a = await mqtt.connectAsync(broker.url, {
    clientId: 'kiosk-north-wing-cell-0142', username: 'cell-0142', password: 'secret-a',
  });
  const forA: string[] = [];
  a.on('message', (topic) => forA.push(topic));
  try {
    await a.subscribeAsync(`${BASE}/cell-0143/cmd/+`, { qos: 1 });
    await a.subscribeAsync(`${BASE}/cell-0142/cmd/+`, { qos: 1 });
    for (const sub of ['events', 'status', 'birth', 'alerts/x', 'result/r1']) {
      await a.publishAsync(`${BASE}/cell-0143/${sub}`, '{"forged":true}', { qos: 1 });
    }
    // The broker keeps one client's order: once A's own event arrives, any forged one would have.
    await a.publishAsync(`${BASE}/cell-0142/events`, '{"own":true}', { qos: 1 });
    await waitFor('own event', () => platform.messages.some((m) => m.text === '{"own":true}'));
    assert.equal(platform.messages.filter((m) => m.topic.includes('/cell-0143/')), []);

    await platform.close();
    const sender = await mqtt.connectAsync(broker.url, {
      username: 'platform', password: 'platform-secret',
    });
    await sender.publishAsync(`${BASE}/cell-0143/cmd/rebirth`, '{"requestId":"r1"}', { qos: 1 });
    await sender.publishAsync(`${BASE}/cell-0142/cmd/rebirth`, '{"requestId":"r2"}', { qos: 1 });
    await waitFor('A gets its own command', () => forA.includes(`${BASE}/cell-0142/cmd/rebirth`));
    assert.equal(forA, [`${BASE}/cell-0142/cmd/rebirth`], 'A never sees B\'s commands');
    await sender.endAsync();
  } finally {
    await a.endAsync();
    await platform.close().catch(() => undefined);
  }
});

test('the sample mosquitto.conf starts a broker on both TLS listeners', async () => {
  const tls = await startBroker({ tls: {} });
  const ports = [tls.port + 1, tls.port + 2];
  const files = tls.clientTls!;
  const conf = (await readFile(new URL('./mosquitto.conf', import.meta.url), 'utf8'))
    .replace('log_dest syslog', 'log_dest stderr')
    .replace('/var/lib/mosquitto/', `${dir}/`)
    .replace(/^listener 8883$/m, `listener ${ports[0]} 127.0.0.1`)
    .replace(/^listener 8884$/m, `listener ${ports[1]} 127.0.0.1`)
    .replaceAll('/etc/mosquitto/kiosk/acl', ACL)
    .replaceAll('/etc/mosquitto/kiosk/passwords', join(dir, 'passwords'))
    .replaceAll('/etc/mosquitto/kiosk/ca.crt', files.caFile)
    .replaceAll('/etc/mosquitto/kiosk/broker.crt', files.certFile)
    .replaceAll('/etc/mosquitto/kiosk/broker.key', files.keyFile);
  const file = join(dir, 'sample.conf');
  await writeFile(file, `user root\n${conf}`);

  const sample = spawn('mosquitto', ['-c', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  sample.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const listening = new Set<number>();
  try {
    await waitFor('both listeners', () => {
      for (const port of ports) {
        const socket = connect({ host: '127.0.0.1', port }, () => {
          listening.add(port);
          socket.destroy();
        }).on('error', () => undefined);
      }
      if (sample.exitCode !== null) throw new Error(`sample config refused:\n${log}`);
      return listening.size === 2;
    }, 10_000);
  } finally {
    sample.kill('SIGKILL');
    await tls.stop();
  }
});

test.run();
