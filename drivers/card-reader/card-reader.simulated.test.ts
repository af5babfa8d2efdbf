import * as assert from 'uvu/assert';
import { suite } from 'uvu';
import { createMemoryLogger } from '../core/logger.js';
import { CardReaderDriver } from './card-reader.js';
import { cardReaderContract, nextEvent } from './contract-suite.js';
import { BACKEND_UNAVAILABLE_MESSAGE, CardBackendUnavailableError } from './errors.js';
import { createCardReader, SimulatedPcsc } from './index.js';
import { PcscliteBackend } from './pcsclite-backend.js';
import { createReaderFilter } from './reader-filter.js';

const PICC = 'ACME Dual PICC 00 00';
const SAM = 'ACME Dual SAM 00 01';

function makeDriver(simulator: SimulatedPcsc) {
  const logger = createMemoryLogger('card');
  const driver = createCardReader({
    name: 'cell-card',
    backend: 'simulated',
    simulator,
    logger,
    backoff: { initialMs: 20, maxMs: 100 },
  });
  return { driver, logger };
}

async function started(simulator: SimulatedPcsc) {
  const made = makeDriver(simulator);
  const attached = nextEvent(made.driver, 'reader-added', (r) => r.reader === PICC);
  await made.driver.start();
  await attached;
  return made;
}

// The contract, on the in-memory back-end. The SAM slot is excluded by the default pattern.
let contractSim: SimulatedPcsc;
let contractDriver: CardReaderDriver;
cardReaderContract(
  'simulated',
  async () => {
    contractSim = new SimulatedPcsc([PICC, SAM]);
    contractDriver = (await started(contractSim)).driver;
    return {
      driver: contractDriver,
      identityReader: PICC,
      excludedReader: SAM,
      insert: async (reader, spec) => contractSim.insert(reader, spec),
      remove: async (reader) => contractSim.remove(reader),
      commands: (reader) => contractSim.sent.filter((s) => s.reader === reader).map((s) => s.apdu),
    };
  },
  () => contractDriver.stop(),
).run();

const test = suite('card reader driver (simulated back-end)');

test('pcscd gone: readers removed, state lost with no-service, then recovered', async () => {
  const sim = new SimulatedPcsc([PICC]);
  const { driver } = await started(sim);
  try {
    sim.insert(PICC, { uid: '04A1B2C3' });
    await nextEvent(driver, 'card');

    const lost = nextEvent(driver, 'state', (s) => s.state === 'lost');
    const removed = nextEvent(driver, 'card-removed');
    const gone = nextEvent(driver, 'reader-removed');
    sim.stopService();
    const state = await lost;
    assert.is(state.error?.code, 'no-service');
    assert.match(state.error?.message ?? '', '0x8010001D');
    assert.is((await removed).uid, '04A1B2C3');
    await gone;

    const back = nextEvent(driver, 'reader-added');
    const card = nextEvent(driver, 'card');
    sim.startService();
    await back;
    assert.is(driver.health().state, 'ready');
    assert.is((await card).uid, '04A1B2C3', 'the card still on the reader is read again');
  } finally {
    await driver.stop();
  }
});

test('reader unplugged with a card on it, then plugged again', async () => {
  const sim = new SimulatedPcsc([PICC]);
  const { driver } = await started(sim);
  try {
    sim.insert(PICC, { uid: '04A1B2C3' });
    await nextEvent(driver, 'card');
    const removed = nextEvent(driver, 'card-removed');
    const unplugged = nextEvent(driver, 'reader-removed');
    sim.removeReader(PICC);
    await removed;
    await unplugged;

    const plugged = nextEvent(driver, 'reader-added');
    sim.addReader(PICC);
    await plugged;
    const card = nextEvent(driver, 'card');
    sim.insert(PICC, { uid: '0A0B0C0D' });
    assert.is((await card).uid, '0A0B0C0D');
  } finally {
    await driver.stop();
  }
});

test('a mute card is present but never read', async () => {
  const sim = new SimulatedPcsc([PICC]);
  const { driver, logger } = await started(sim);
  const cards: string[] = [];
  driver.events.on('card', (card) => cards.push(card.uid));
  try {
    sim.insert(PICC, { uid: '04A1B2C3' }, { mute: true });
    await waitUntil(() => logger.lines.some((line) => line.includes('mute or unpowered')));
    const readers = driver.health().detail.readers as { state: string; card: unknown }[];
    assert.match(readers[0]!.state, 'present+mute');
    assert.is(readers[0]!.card, null);
    assert.equal(sim.sent, []);
    assert.equal(cards, []);
  } finally {
    await driver.stop();
  }
});

test('without pcsclite: the install hint as error, and the driver waits in back-off', async () => {
  const logger = createMemoryLogger('card');
  const backend = new PcscliteBackend({
    device: 'lobby-card',
    logger,
    transmitTimeoutMs: 1000,
    moduleName: 'pcsclite-module-that-is-not-installed',
  });
  const listener = { readerAdded() {}, readerRemoved() {}, status() {}, failed() {} };
  const error = await backend.open(listener).then(() => null, (e: unknown) => e);
  assert.instance(error, CardBackendUnavailableError);
  assert.is((error as CardBackendUnavailableError).message, BACKEND_UNAVAILABLE_MESSAGE);
  assert.ok((error as Error).cause, 'the loader error is kept as cause');

  const driver = new CardReaderDriver({
    name: 'lobby-card',
    logger,
    backend,
    isIdentityReader: () => true,
    uidLengths: [4, 7, 10],
    backoff: { initialMs: 50, maxMs: 50 },
  });
  const waiting = nextEvent(driver, 'state', (s) => s.state === 'backoff');
  await driver.start();
  await waiting;
  assert.is(driver.health().lastError?.code, 'backend-unavailable');
  await driver.stop();
});

test('a reader pattern that is not a valid expression is a config error naming it', () => {
  try {
    createReaderFilter('lobby-card', ['PICC('], []);
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.is((error as { code?: string }).code, 'config');
    assert.match((error as Error).message, 'readerInclude pattern "PICC("');
  }
  const filter = createReaderFilter('lobby-card', ['picc'], undefined);
  assert.ok(filter(PICC));
  assert.not.ok(filter(SAM));
  assert.not.ok(filter('ACME Dual Contact 00 02'));
});

test('a listener that throws is logged and the others still get the card', async () => {
  const sim = new SimulatedPcsc([PICC]);
  const { driver, logger } = await started(sim);
  try {
    driver.events.on('card', () => {
      throw new Error('feature bug');
    });
    const card = nextEvent(driver, 'card');
    sim.insert(PICC, { uid: '04A1B2C3' });
    assert.is((await card).uid, '04A1B2C3');
    const logged = (line: string) =>
      line.includes('listener threw') && line.includes('feature bug');
    assert.ok(logger.lines.some(logged));
  } finally {
    await driver.stop();
  }
});

async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

test.run();
