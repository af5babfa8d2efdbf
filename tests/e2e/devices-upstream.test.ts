// test-timeout: 180
/**
 * Device events reach the platform: the kiosk runs with the fingerprint module on a pty,
 * the peripheral board as real firmware under simavr (real Firmata bytes through
 * johnny-five), and the GPIO, card reader and screen on their simulated back-ends. Each
 * device's state and a button pressed on the board must arrive on the broker.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { SIMULATED_CELL_TERMINAL } from '../../kiosk/config/defaults.js';
import { startMcuRig } from '../../hardware-tests/rigs/mcu.js';
import { startBroker } from '../../hardware-tests/rigs/mosquitto.js';
import { startPtyPair } from '../../hardware-tests/rigs/socat.js';
import { PEOPLE, makeTerminal } from '../support/fixtures.js';
import { startKioskProcess } from '../support/kiosk-process.js';
import { attachModule } from '../support/module-on-pty.js';
import { waitFor } from '../support/wait-for.js';

interface Envelope {
  type: string;
  data: Record<string, unknown>;
}

const devices = suite('device events upstream');
const cleanups: (() => Promise<unknown> | unknown)[] = [];

devices.after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

devices('every device reports ready, and a board button press arrives as an event', async () => {
  const broker = await startBroker();
  cleanups.push(() => broker.stop());
  const platform = await mqtt.connectAsync(broker.url, { clientId: 'e2e-devices-platform' });
  cleanups.push(() => platform.endAsync(true));
  const received: Envelope[] = [];
  platform.on('message', (_topic, payload) =>
    received.push(JSON.parse(payload.toString()) as Envelope),
  );
  await platform.subscribeAsync('kiosk/v1/+/+/events', { qos: 1 });

  const pair = await startPtyPair(mkdtempSync(join(tmpdir(), 'kiosk-pty-')));
  cleanups.push(() => pair.stop());
  const module = await attachModule(pair.b, PEOPLE.ana.templateIds);
  cleanups.push(() => module.close());
  const board = await startMcuRig();
  cleanups.push(() => board.stop());

  const terminal = makeTerminal({ brokerUrl: broker.url, serialPort: pair.a });
  const config = JSON.parse(readFileSync(terminal.configFile, 'utf8'));
  const simulated = SIMULATED_CELL_TERMINAL.hardware;
  config.hardware = {
    ...config.hardware,
    gpio: simulated.gpio,
    cardReader: simulated.cardReader,
    screen: simulated.screen,
    mcu: { ...(simulated.mcu as object), backend: 'real', port: board.portPath },
  };
  writeFileSync(terminal.configFile, JSON.stringify(config));

  const kiosk = await startKioskProcess(terminal.configFile);
  cleanups.push(() => kiosk.kill('SIGKILL'));

  const ready = await waitFor(
    'all five devices ready upstream',
    () => {
      const names = new Set(
        received
          .filter((e) => e.type === 'device.state' && e.data.state === 'ready')
          .map((e) => e.data.kind),
      );
      return names.size === 5 ? names : null;
    },
    30_000,
  );
  assert.equal([...ready].sort(), ['card-reader', 'fingerprint', 'gpio', 'mcu', 'screen']);

  // The emergency-call button is D2, wired active-low: pull it down, then let it go.
  await board.drivePin(2, 0);
  const press = await waitFor('the button press upstream', () =>
    received.find((e) => e.type === 'device.button' && e.data.pressed === true),
  );
  assert.equal(press.data, { device: 'mcu', button: 'emergency-call', pressed: true });
  await board.drivePin(2, 1);
  await waitFor('the release upstream', () =>
    received.find((e) => e.type === 'device.button' && e.data.pressed === false),
  );

  // The board dies: the platform hears it is lost, and ready again once it is back.
  await board.kill();
  await waitFor('the board lost upstream', () =>
    received.find(
      (e) => e.type === 'device.state' && e.data.kind === 'mcu' && e.data.state === 'lost',
    ),
  );
  const readyBefore = received.filter(
    (e) => e.type === 'device.state' && e.data.kind === 'mcu' && e.data.state === 'ready',
  ).length;
  await board.restart();
  await waitFor(
    'the board ready again upstream',
    () =>
      received.filter(
        (e) => e.type === 'device.state' && e.data.kind === 'mcu' && e.data.state === 'ready',
      ).length > readyBefore,
    30_000,
  );
});

devices.run();
