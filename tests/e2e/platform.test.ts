// test-timeout: 180
/**
 * The terminal and the platform over a real broker: birth with every device, data
 * snapshots taken or refused as the protocol says, a health command, a duty alert kept
 * retained until cleared, and held data used again after a restart.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import mqtt, { type MqttClient } from 'mqtt';
import { startBroker } from '../../hardware-tests/rigs/mosquitto.js';
import { PEOPLE, makeTerminal } from '../support/fixtures.js';
import { startKioskProcess, type KioskProcess } from '../support/kiosk-process.js';
import { waitFor } from '../support/wait-for.js';

const BASE = 'kiosk/v1/test-site/e2e-cell-7';

interface Message {
  topic: string;
  payload: string;
  retain: boolean;
}

const platform = suite('terminal and platform');
const cleanups: (() => Promise<unknown> | unknown)[] = [];
const messages: Message[] = [];
let client: MqttClient;
let kiosk: KioskProcess;
let configFile: string;
let brokerUrl: string;

const json = (message: Message) => JSON.parse(message.payload) as Record<string, any>;
const events = (type: string) =>
  messages
    .filter((m) => m.topic === `${BASE}/events`)
    .map(json)
    .filter((e) => e.type === type);

async function view(): Promise<any> {
  return (await fetch(`${kiosk.url}/api/view`)).json();
}

function schedule(version: string, shiftId: string, personIds: string[], closesInSeconds: number) {
  const now = Date.now();
  const iso = (seconds: number) => new Date(now + seconds * 1000).toISOString();
  return {
    version,
    shifts: [
      {
        id: shiftId,
        label: 'Platform shift',
        start: iso(-30),
        end: iso(3600),
        checkIn: { opens: iso(-60), closes: iso(closesInSeconds) },
        personIds,
      },
    ],
  };
}

platform.before(async () => {
  const broker = await startBroker();
  brokerUrl = broker.url;
  cleanups.push(() => broker.stop());
  client = await mqtt.connectAsync(broker.url, { clientId: 'e2e-platform' });
  cleanups.push(() => client.endAsync(true));
  client.on('message', (topic, payload, packet) =>
    messages.push({ topic, payload: payload.toString(), retain: packet.retain }),
  );
  await client.subscribeAsync(`${BASE}/#`, { qos: 1 });

  const terminal = makeTerminal({ brokerUrl: broker.url, serialPort: null });
  configFile = terminal.configFile;
  kiosk = await startKioskProcess(configFile);
  cleanups.push(() => kiosk.kill('SIGKILL'));
});

platform.after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

platform('the birth names every device and the data held', async () => {
  const birth = await waitFor('a birth', () => messages.find((m) => m.topic === `${BASE}/birth`));
  const body = json(birth);
  assert.is(body.terminal, 'e2e-cell-7');
  assert.is(body.role, 'cell');
  assert.match(body.configDigest, /^[0-9a-f]{16}$/);
  assert.ok(
    body.devices.some((d: any) => d.kind === 'fingerprint'),
    JSON.stringify(body.devices),
  );
  assert.ok(body.capabilities.includes('duty-check-in'));
});

platform('a valid schedule snapshot is taken and shown', async () => {
  const snapshot = schedule('sched-2', 'platform-shift-1', [PEOPLE.ana.id, PEOPLE.ben.id], 600);
  await client.publishAsync(`${BASE}/data/schedule`, JSON.stringify(snapshot), {
    qos: 1,
    retain: true,
  });
  await waitFor('data.applied', () =>
    events('data.applied').find((e) => e.data.version === 'sched-2'),
  );
  await waitFor(
    'the new shift on screen',
    async () => (await view()).duty.shift?.id === 'platform-shift-1',
  );
});

platform('a schedule with a one-person shift is refused and the previous one stays', async () => {
  const bad = schedule('sched-3', 'lonely', [PEOPLE.cai.id], 600);
  await client.publishAsync(`${BASE}/data/schedule`, JSON.stringify(bad), { qos: 1, retain: true });
  const rejected = await waitFor('data.rejected', () =>
    events('data.rejected').find((e) => e.data.version === 'sched-3'),
  );
  assert.match(JSON.stringify(rejected.data.problems), /1 person\(s\) on duty/);
  assert.is((await view()).duty.shift?.id, 'platform-shift-1');
});

platform('the health command answers with each device', async () => {
  await client.publishAsync(
    `${BASE}/cmd/health`,
    JSON.stringify({ requestId: 'e2e-h-1', args: {} }),
    { qos: 1 },
  );
  const result = await waitFor('the health result', () =>
    messages.find((m) => m.topic === `${BASE}/result/e2e-h-1`),
  );
  const body = json(result);
  assert.is(body.ok, true, result.payload);
  assert.match(result.payload, /fingerprint/);
});

platform('a duty alert stands retained on its topic until the shift ends', async () => {
  const snapshot = schedule('sched-4', 'short-window', [PEOPLE.ana.id, PEOPLE.ben.id], 2);
  await client.publishAsync(`${BASE}/data/schedule`, JSON.stringify(snapshot), {
    qos: 1,
    retain: true,
  });
  const alert = await waitFor(
    'the duty alert',
    () => messages.find((m) => m.topic.startsWith(`${BASE}/alerts/duty-`) && m.payload.length > 0),
    15_000,
  );
  assert.is(json(alert).kind, 'duty.none-on-duty');

  // A subscriber that comes later still sees it: it is retained.
  const late = await mqtt.connectAsync(brokerUrl, { clientId: 'e2e-late' });
  const seen: string[] = [];
  late.on('message', (topic, payload, packet) => {
    if (packet.retain && payload.length > 0) seen.push(topic);
  });
  await late.subscribeAsync(`${BASE}/alerts/#`, { qos: 1 });
  await waitFor('the retained alert for a late subscriber', () => seen.includes(alert.topic));
  await late.endAsync(true);
});

platform('after a restart the terminal starts from the data it held', async () => {
  await kiosk.kill('SIGTERM');
  kiosk = await startKioskProcess(configFile);
  await kiosk.waitForLine(/using roster and schedule held from the platform/);
  assert.is((await view()).duty.shift?.id, 'short-window');
});

platform.run();
