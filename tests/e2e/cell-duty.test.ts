// test-timeout: 180
/**
 * End to end on real parts: mosquitto, a socat pty pair with the module emulator on the
 * far end, the kiosk as its own process, and the UI in Chromium with touch. Fingers placed
 * on the emulator must show on screen and arrive on the broker as events.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { startBroker } from '../../hardware-tests/rigs/mosquitto.js';
import { startPtyPair, type PtyPair } from '../../hardware-tests/rigs/socat.js';
import { launchKioskBrowser } from '../../hardware-tests/rigs/chromium.js';
import { PEOPLE, makeTerminal } from '../support/fixtures.js';
import { startKioskProcess, type KioskProcess } from '../support/kiosk-process.js';
import { attachModule, type ModuleOnPty } from '../support/module-on-pty.js';
import { waitFor } from '../support/wait-for.js';

interface Envelope {
  id: string;
  type: string;
  terminal: string;
  time: string;
  seq: number;
  data: Record<string, unknown>;
}

const e2e = suite('cell terminal end to end');
const cleanups: (() => Promise<unknown> | unknown)[] = [];
const received: Envelope[] = [];
let kiosk: KioskProcess;
let module: ModuleOnPty;
let pair: PtyPair;
let ptyDir: string;
let browser: Awaited<ReturnType<typeof launchKioskBrowser>>;

e2e.before(async () => {
  const broker = await startBroker();
  cleanups.push(() => broker.stop());

  const subscriber: MqttClient = await mqtt.connectAsync(broker.url, { clientId: 'e2e-platform' });
  cleanups.push(() => subscriber.endAsync(true));
  subscriber.on('message', (_topic, payload) =>
    received.push(JSON.parse(payload.toString()) as Envelope),
  );
  await subscriber.subscribeAsync('kiosk/v1/+/+/events', { qos: 1 });

  ptyDir = mkdtempSync(join(tmpdir(), 'kiosk-pty-'));
  pair = await startPtyPair(ptyDir);
  cleanups.push(() => pair.stop());
  module = await attachModule(
    pair.b,
    Object.values(PEOPLE).flatMap((person) => person.templateIds),
  );
  cleanups.push(() => module.close());

  const terminal = makeTerminal({ brokerUrl: broker.url, serialPort: pair.a });
  kiosk = await startKioskProcess(terminal.configFile);
  cleanups.push(() => kiosk.kill('SIGKILL'));

  browser = await launchKioskBrowser({ viewport: { width: 1024, height: 600 } });
  cleanups.push(() => browser.close());
  await browser.page.goto(kiosk.url);
});

e2e.after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const row = (personId: string) => browser.page.locator(`[data-person-id="${personId}"]`);

e2e('the shift shows who is on duty, nobody checked in yet', async () => {
  for (const person of [PEOPLE.ana, PEOPLE.ben, PEOPLE.cai]) {
    await row(person.id).waitFor({ timeout: 10_000 });
    assert.equal(await row(person.id).getAttribute('data-checked-in'), 'false');
  }
  assert.equal(await row(PEOPLE.dan.id).count(), 0, 'a person not on duty is not listed');
});

e2e('a finger of a person on duty checks them in on screen and upstream', async () => {
  module.emulator.touch(PEOPLE.ana.templateIds[0]);

  await waitFor(
    'the check-in on screen',
    async () => (await row(PEOPLE.ana.id).getAttribute('data-checked-in')) === 'true',
  );
  const notice = browser.page.getByTestId('notice-overlay');
  await notice.waitFor({ timeout: 5_000 });
  assert.match(await notice.innerText(), new RegExp(PEOPLE.ana.displayName));

  const event = await waitFor('the check-in event on the broker', () =>
    received.find(
      (envelope) => envelope.type === 'duty.check-in' && envelope.data.personId === PEOPLE.ana.id,
    ),
  );
  assert.equal(event.terminal, 'e2e-cell-7');
  assert.equal(event.data.shiftId, 'e2e-shift-1');
  assert.ok(event.id.length >= 16, 'event has a unique id');
  assert.ok(!Number.isNaN(Date.parse(event.time)), 'event has a time');
});

e2e('a second person is checked in with a later sequence number', async () => {
  module.emulator.touch(PEOPLE.ben.templateIds[0]);
  await waitFor(
    'Ben on screen',
    async () => (await row(PEOPLE.ben.id).getAttribute('data-checked-in')) === 'true',
  );
  const checkIns = await waitFor('two check-ins upstream', () => {
    const found = received.filter((envelope) => envelope.type === 'duty.check-in');
    return found.length === 2 ? found : null;
  });
  assert.equal(
    checkIns.map((envelope) => envelope.data.personId),
    [PEOPLE.ana.id, PEOPLE.ben.id],
  );
  assert.ok(checkIns[1]!.seq > checkIns[0]!.seq);
});

e2e('a person not on duty is told so', async () => {
  module.emulator.touch(PEOPLE.dan.templateIds[0]);
  const notice = browser.page.locator(
    '[data-testid="notice-overlay"][data-notice-kind="not-on-duty"]',
  );
  await notice.waitFor({ timeout: 10_000 });
  assert.match(await notice.innerText(), new RegExp(PEOPLE.dan.displayName));
  await waitFor('the refusal upstream', () =>
    received.find(
      (envelope) =>
        envelope.type === 'duty.check-in-refused' && envelope.data.reason === 'not-on-duty',
    ),
  );
});

e2e('an unknown finger gets a clear message', async () => {
  module.emulator.touch('unknown');
  await browser.page
    .locator('[data-testid="notice-overlay"][data-notice-kind="unknown-finger"]')
    .waitFor({ timeout: 10_000 });
  await waitFor('the unknown finger upstream', () =>
    received.find(
      (envelope) =>
        envelope.type === 'duty.check-in-refused' && envelope.data.reason === 'unknown-finger',
    ),
  );
});

e2e('the terminal shows it is online', async () => {
  await browser.page
    .locator('[data-testid="offline-badge"]')
    .waitFor({ state: 'detached', timeout: 10_000 });
  assert.ok(
    kiosk.lines.some((line) => /online|connected/i.test(line) && /upstream/.test(line)),
    'the log says it connected',
  );
});

e2e('an unplugged module shows on screen and comes back when plugged in again', async () => {
  await module.close();
  await pair.stop();
  await browser.page.locator('[data-testid="reader-unavailable"]').waitFor({ timeout: 10_000 });
  await browser.page.locator('[data-testid="device-fault"]').waitFor({ timeout: 5_000 });

  // Plugged in again at the same path, with the same library of templates.
  pair = await startPtyPair(ptyDir);
  cleanups.push(() => pair.stop());
  module = await attachModule(pair.b, Object.values(PEOPLE).flatMap((p) => p.templateIds));
  cleanups.push(() => module.close());
  await browser.page.locator('[data-testid="device-fault"]').waitFor({ state: 'detached', timeout: 40_000 });

  module.emulator.touch(PEOPLE.cai.templateIds[0]);
  await waitFor('Cai checked in after the replug', async () =>
    (await row(PEOPLE.cai.id).getAttribute('data-checked-in')) === 'true',
  );
});

e2e.run();
