// test-timeout: 180
/**
 * Power cut in the middle of a burst of check-ins: the kiosk is killed with SIGKILL while
 * fingers keep coming. Without a broker, every check-in the screen confirmed must be in
 * the outbox on disk, and the restarted terminal must still show each confirmed person
 * as checked in. With a broker, every confirmed check-in must reach the platform:
 * delivered before the kill or replayed from the outbox after the restart.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import mqtt from 'mqtt';
import { startBroker } from '../../hardware-tests/rigs/mosquitto.js';
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

const powerCut = suite('power cut during a burst of check-ins');
const running: KioskProcess[] = [];
const cleanups: (() => Promise<unknown>)[] = [];

powerCut.after.each(async () => {
  for (const kiosk of running.splice(0)) await kiosk.kill('SIGKILL');
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * Sends fingers one after another, each as soon as the screen answered the previous one,
 * and SIGKILLs the kiosk while the finger after the `killAfter`th confirmation is stored.
 * Returns the ids of the people the screen confirmed.
 */
async function burstUntilKilled(
  kiosk: KioskProcess,
  watch: NoticeWatch,
  people: [string, number][],
  killAfter: number,
): Promise<string[]> {
  const confirmed = () => watch.notices.filter((notice) => notice.kind === 'checked-in');
  for (const [, templateId] of people) {
    const before = watch.notices.length;
    if (confirmed().length === killAfter) {
      void simFinger(kiosk.url, templateId).catch(() => undefined);
      await kiosk.kill('SIGKILL');
      break;
    }
    assert.is(await simFinger(kiosk.url, templateId), 200);
    await waitFor(`notice for template ${templateId}`, () => watch.notices.length > before, 15_000);
  }
  watch.close();
  assert.is(confirmed().length, killAfter, 'the kiosk was killed mid-burst');
  return confirmed().map((notice) => {
    const index = Number(/Person (\d+)/.exec(notice.personName ?? '')?.[1]) - 1;
    return people[index]![0];
  });
}

const BURST = 24;
const KILL_AFTER = 10;

powerCut('every check-in the screen confirmed is in the outbox after SIGKILL', async () => {
  const terminal = makeCrowdTerminal({ count: BURST });
  const env = { KIOSK_SKIP_UI_BUILD: '1' };
  const kiosk = await startKioskProcess(terminal.configFile, env);
  running.push(kiosk);
  const watch = await watchNotices(kiosk.url);

  const people = [...terminal.templates.entries()];
  const confirmed = await burstUntilKilled(kiosk, watch, people, KILL_AFTER);

  const events = await outboxEvents(terminal.dataDir);
  const stored = events.filter((event) => event.type === 'duty.check-in');
  const storedPeople = new Set(stored.map((event) => event.data.personId));
  for (const personId of confirmed) {
    assert.ok(storedPeople.has(personId), `confirmed check-in of ${personId} is in the outbox`);
  }

  // The screen confirms only after the state file is written, so after the restart every
  // confirmed person still shows as checked in, and each one shown has its event stored.
  const again = await startKioskProcess(terminal.configFile, env);
  running.push(again);
  const view = (await (await fetch(`${again.url}/api/view`)).json()) as {
    duty: { shift: { people: { personId: string; checkedInAt: string | null }[] } };
  };
  const shown = new Set(
    view.duty.shift.people.filter((person) => person.checkedInAt !== null).map((p) => p.personId),
  );
  for (const personId of confirmed) {
    assert.ok(shown.has(personId), `${personId} still shows as checked in`);
  }
  for (const personId of shown) assert.ok(storedPeople.has(personId), `${personId} is stored`);
});

powerCut('with a broker: every confirmed check-in reaches the platform', async () => {
  const persistence = tempDir('kiosk-broker-');
  const broker = await startBroker({
    extraConfig: ['persistence true', `persistence_location ${persistence}/`],
  });
  cleanups.push(() => broker.stop());
  const options = { clientId: 'power-cut-platform', clean: false };
  const platform = await mqtt.connectAsync(broker.url, options);
  cleanups.push(() => platform.endAsync(true));
  await platform.subscribeAsync('kiosk/v1/+/+/events', { qos: 1 });
  const arrived = new Set<string>();
  platform.on('message', (_topic, payload) => {
    const event = JSON.parse(payload.toString()) as { type: string; data: { personId?: string } };
    if (event.type === 'duty.check-in' && event.data.personId) arrived.add(event.data.personId);
  });

  const terminal = makeCrowdTerminal({ count: BURST, brokerUrl: broker.url });
  const env = { KIOSK_SKIP_UI_BUILD: '1' };
  const kiosk = await startKioskProcess(terminal.configFile, env);
  running.push(kiosk);
  await kiosk.waitForLine(/upstream online/, 20_000);
  const watch = await watchNotices(kiosk.url);
  const people = [...terminal.templates.entries()];
  const confirmed = await burstUntilKilled(kiosk, watch, people, KILL_AFTER);

  // Whatever was not delivered before the kill is replayed from the outbox after it.
  const again = await startKioskProcess(terminal.configFile, env);
  running.push(again);
  await waitFor(
    'every confirmed check-in at the platform',
    () => confirmed.every((personId) => arrived.has(personId)),
    30_000,
  );
});

powerCut.run();
