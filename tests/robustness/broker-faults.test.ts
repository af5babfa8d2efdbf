// test-timeout: 240
/**
 * The broker misbehaving while people check in: it vanishes in the middle of a burst and
 * comes back (restarted), or it refuses the terminal outright. Every check-in the screen
 * confirmed must reach the platform once the broker is back, or wait in the outbox while
 * it refuses; the kiosk keeps taking fingers and says in its log what the broker did.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import mqtt from 'mqtt';
import { startBroker, type RunningBroker } from '../../hardware-tests/rigs/mosquitto.js';
import { startKioskProcess, type KioskProcess } from '../support/kiosk-process.js';
import { waitFor } from '../support/wait-for.js';
import {
  makeCrowdTerminal,
  outboxEvents,
  simFinger,
  tempDir,
  watchNotices,
  type NoticeWatch,
} from './support.js';

interface Envelope {
  id: string;
  type: string;
  data: { personId?: string };
}

const ENV = { KIOSK_SKIP_UI_BUILD: '1' };
const cleanups: (() => Promise<unknown> | unknown)[] = [];

async function cleanUp(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
}

/** Checks in `templateId` and waits for the screen's answer; returns the notice kind. */
async function touch(kiosk: KioskProcess, watch: NoticeWatch, templateId: number): Promise<string> {
  const before = watch.notices.length;
  assert.is(await simFinger(kiosk.url, templateId), 200);
  const answered = () => watch.notices.length > before;
  await waitFor(`the answer to template ${templateId}`, answered, 20_000);
  return watch.notices[before]!.kind;
}

const vanishing = suite('broker vanishing mid-burst');
vanishing.after.each(cleanUp);

vanishing('check-ins made before, during and after a broker outage all arrive', async () => {
  const persistence = tempDir('kiosk-broker-');
  const broker: RunningBroker = await startBroker({
    extraConfig: ['persistence true', `persistence_location ${persistence}/`],
  });
  cleanups.push(() => broker.stop());

  // The platform holds a persistent session, so what is published while it is cut off
  // by the broker's restart is still delivered to it afterwards.
  const platform = await mqtt.connectAsync(broker.url, {
    clientId: 'robustness-platform',
    clean: false,
    reconnectPeriod: 200,
  });
  cleanups.push(() => platform.endAsync(true));
  await platform.subscribeAsync('kiosk/v1/+/+/events', { qos: 1 });
  const received: Envelope[] = [];
  platform.on('message', (_topic, payload) => {
    received.push(JSON.parse(payload.toString()) as Envelope);
  });

  const terminal = makeCrowdTerminal({ count: 15, brokerUrl: broker.url });
  const kiosk = await startKioskProcess(terminal.configFile, ENV);
  cleanups.push(() => kiosk.kill('SIGKILL'));
  const watch = await watchNotices(kiosk.url);
  cleanups.push(() => watch.close());
  await kiosk.waitForLine(/upstream online|connected to the broker/i, 20_000);

  const templates = [...terminal.templates.values()];
  const confirmed: string[] = [];
  const burst = async (from: number, to: number) => {
    for (const [index, templateId] of templates.slice(from, to).entries()) {
      const kind = await touch(kiosk, watch, templateId);
      assert.is(kind, 'checked-in');
      confirmed.push(`p-${3000 + from + index}`);
    }
  };

  await burst(0, 5);
  // The broker goes away with the burst still running.
  const halted = broker.halt();
  await burst(5, 10);
  await halted;
  await burst(10, 12);
  await broker.restart();
  await burst(12, 15);

  const arrived = () => {
    const people = received.filter((event) => event.type === 'duty.check-in');
    return new Set(people.map((event) => event.data.personId));
  };
  await waitFor('every confirmed check-in at the platform', () => {
    const got = arrived();
    return confirmed.every((personId) => got.has(personId));
  }, 60_000);
  assert.is(confirmed.length, 15);
  assert.ok(kiosk.lines.some((line) => / WARN .*upstream/.test(line)), 'the outage is logged');
});

const refusing = suite('broker refusing the terminal');
refusing.after.each(cleanUp);

refusing('a refused login is named in the log; the events wait in the outbox', async () => {
  // No anonymous logins and no password file: every CONNECT is refused.
  const broker = await startBroker({ extraConfig: ['allow_anonymous false'] });
  cleanups.push(() => broker.stop());

  const terminal = makeCrowdTerminal({ count: 3, brokerUrl: broker.url });
  const kiosk = await startKioskProcess(terminal.configFile, ENV);
  cleanups.push(() => kiosk.kill('SIGKILL'));
  const watch = await watchNotices(kiosk.url);
  cleanups.push(() => watch.close());

  await kiosk.waitForLine(/(WARN|ERROR).*upstream.*(not authori[sz]ed|refused|bad user)/i, 20_000);
  assert.is(await touch(kiosk, watch, 101), 'checked-in');
  assert.is(await touch(kiosk, watch, 102), 'checked-in');

  await kiosk.kill('SIGTERM');
  const stored = (await outboxEvents(terminal.dataDir)).filter((e) => e.type === 'duty.check-in');
  assert.equal(stored.map((event) => event.data.personId), ['p-3000', 'p-3001']);
});

vanishing.run();
refusing.run();
