// test-timeout: 180
/**
 * Outage: with the broker down, three people check in; the kiosk is killed with SIGKILL
 * and started again; then the broker comes back. All three events must arrive, in order,
 * none twice (judged by event id).
 *
 * The platform's subscriber holds a persistent session (clean: false, QoS 1) on a broker
 * that saves its state, so it receives what was published while it was away, wherever
 * the kiosk's reconnect happens to fall.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { startBroker } from '../../hardware-tests/rigs/mosquitto.js';
import { startPtyPair } from '../../hardware-tests/rigs/socat.js';
import { PEOPLE, makeTerminal } from '../support/fixtures.js';
import { startKioskProcess, type KioskProcess } from '../support/kiosk-process.js';
import { attachModule } from '../support/module-on-pty.js';
import { waitFor } from '../support/wait-for.js';

interface Envelope {
  id: string;
  type: string;
  seq: number;
  replayed: boolean;
  data: Record<string, unknown>;
}

const outage = suite('outage');
const cleanups: (() => Promise<unknown> | unknown)[] = [];

outage.after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function checkedIn(kiosk: KioskProcess, personId: string): Promise<boolean> {
  const response = await fetch(`${kiosk.url}/api/view`);
  const view = (await response.json()) as {
    duty: { shift: { people: { personId: string; checkedInAt: string | null }[] } | null };
  };
  return (
    view.duty.shift?.people.some(
      (person) => person.personId === personId && person.checkedInAt !== null,
    ) ?? false
  );
}

outage(
  'events stored while the broker is down survive a SIGKILL and arrive once, in order',
  async () => {
    const persistence = mkdtempSync(join(tmpdir(), 'kiosk-broker-'));
    const broker = await startBroker({
      extraConfig: ['persistence true', `persistence_location ${persistence}/`],
    });
    cleanups.push(() => broker.stop());

    // The platform's subscriber registers its persistent session, then goes away.
    const sessionOptions = { clientId: 'e2e-outage-platform', clean: false } as const;
    const first = await mqtt.connectAsync(broker.url, sessionOptions);
    await first.subscribeAsync('kiosk/v1/+/+/events', { qos: 1 });
    await first.endAsync();
    await broker.halt();

    const pair = await startPtyPair(mkdtempSync(join(tmpdir(), 'kiosk-pty-')));
    cleanups.push(() => pair.stop());
    const module = await attachModule(
      pair.b,
      Object.values(PEOPLE).flatMap((person) => person.templateIds),
    );
    cleanups.push(() => module.close());

    const terminal = makeTerminal({ brokerUrl: broker.url, serialPort: pair.a });
    let kiosk = await startKioskProcess(terminal.configFile);
    cleanups.push(() => kiosk.kill('SIGKILL'));

    const people = [PEOPLE.ana, PEOPLE.ben, PEOPLE.cai];
    for (const person of people) {
      module.emulator.touch(person.templateIds[0]);
      await waitFor(`${person.id} checked in`, () => checkedIn(kiosk, person.id));
    }
    await kiosk.waitForLine(/offline|no broker|unreachable|ECONNREFUSED/i);

    assert.equal(await kiosk.kill('SIGKILL'), 'SIGKILL');
    kiosk = await startKioskProcess(terminal.configFile);
    await broker.restart();

    const platform = await mqtt.connectAsync(broker.url, sessionOptions);
    cleanups.push(() => platform.endAsync(true));
    const received: Envelope[] = [];
    platform.on('message', (_topic, payload) =>
      received.push(JSON.parse(payload.toString()) as Envelope),
    );

    const checkIns = await waitFor(
      'three check-ins upstream',
      () => {
        const found = received.filter((envelope) => envelope.type === 'duty.check-in');
        return found.length >= 3 ? found : null;
      },
      30_000,
    );

    // Judge duplicates only once the outbox is empty and a marker published after that has
    // come through: the broker delivers to one subscriber in the order it accepted messages.
    await waitFor(
      'the outbox emptied',
      async () => {
        const view = (await (await fetch(`${kiosk.url}/api/view`)).json()) as {
          upstream: { online: boolean; pendingEvents: number };
        };
        return view.upstream.online && view.upstream.pendingEvents === 0;
      },
      30_000,
    );
    await platform.publishAsync(
      'kiosk/v1/test-site/e2e-cell-7/events',
      JSON.stringify({ type: 'test.marker' }),
      { qos: 1 },
    );
    await waitFor('the marker', () => received.some((envelope) => envelope.type === 'test.marker'));
    const ids = received
      .filter((envelope) => envelope.type === 'duty.check-in')
      .map((envelope) => envelope.id);
    assert.equal(new Set(ids).size, ids.length, 'no event arrived twice');
    assert.equal(checkIns.length, 3);
    assert.equal(
      checkIns.map((envelope) => envelope.data.personId),
      people.map((person) => person.id),
    );
    const seqs = checkIns.map((envelope) => envelope.seq);
    assert.equal(
      seqs,
      [...seqs].sort((a, b) => a - b),
      'in sequence order',
    );
    assert.ok(
      checkIns.every((envelope) => envelope.replayed),
      'flagged as replayed after the outage',
    );
  },
);

outage.run();
