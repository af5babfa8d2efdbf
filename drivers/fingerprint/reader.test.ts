import * as assert from 'uvu/assert';
import { test } from 'uvu';
import { createMemoryLogger } from '../core/logger.js';
import { createFingerprintDevice, type FingerprintDeviceOptions } from './device.js';
import type { FingerprintReader } from './fingerprint.js';
import { FingerprintEmulator } from './emulator.js';
import { fingerprintContract } from './reader-contract.js';
import { createFingerprintReader } from './reader.js';
import { ModuleError } from './errors.js';
import { nextEvent, record, until } from './test-support.js';
import { memoryTransport } from './transports.js';

fingerprintContract('fingerprint reader, simulated back-end', async () => {
  const emulator = new FingerprintEmulator();
  const reader = createFingerprintReader({
    name: 'cell-101-finger',
    transport: memoryTransport(emulator, 'memory:cell-101'),
    logger: createMemoryLogger(),
    pollIntervalMs: 20,
  });
  const cleanup = () => reader.stop();
  return { reader, emulator, backend: 'simulated', path: 'memory:cell-101', cleanup };
}).run();

const readers: FingerprintReader[] = [];

test.after.each(async () => {
  for (const reader of readers.splice(0)) await reader.stop();
});

/** A simulated reader that is stopped after the test, whether it passed or not. */
function simulated(
  emulator: FingerprintEmulator,
  extra: Partial<FingerprintDeviceOptions> = {},
): FingerprintReader {
  const options = { name: 'cell-finger', logger: createMemoryLogger(), emulator, ...extra };
  const reader = createFingerprintDevice({ ...options, backend: 'simulated' });
  readers.push(reader);
  return reader;
}

test('a wrong password keeps the reader in back-off, saying what to fix', async () => {
  const emulator = new FingerprintEmulator({ password: 1234 });
  const reader = simulated(emulator, { name: 'lobby-finger', password: 99 });
  const backoff = nextEvent(reader.events, 'state', (s) => s.state === 'lost');
  await reader.start();
  const state = await backoff;
  assert.is(state.error?.code, 'wrong-password');
  assert.match(state.error?.message ?? '', 'refused the password');
});

test('an unplugged module makes the reader lost; it comes back when plugged in', async () => {
  const emulator = new FingerprintEmulator();
  const reader = simulated(emulator);
  await reader.start();
  const lost = nextEvent(reader.events, 'state', (s) => s.state === 'lost');
  const back = nextEvent(reader.events, 'state', (s) => s.state === 'ready', 10_000);
  emulator.unplug();
  assert.is((await lost).error?.code, 'lost');
  await back;
});

test('one unanswered poll is a fault; the reader stays ready and identifies after it', async () => {
  const emulator = new FingerprintEmulator();
  emulator.enrol(3);
  const reader = simulated(emulator, { commandTimeoutMs: 100, pollIntervalMs: 10 });
  await reader.start();
  const states = record(reader.events, 'state');

  const fault = nextEvent(reader.events, 'fault');
  emulator.ignoreNext('GenImg');
  const { error } = await fault;
  assert.is(error.code, 'timeout');
  assert.match(error.message, 'GenImg');

  const identified = nextEvent(reader.events, 'identified');
  emulator.touch(3);
  assert.equal((await identified).result.kind, 'match');
  states.stop();
  assert.equal(states.seen, []);
});

test('a sensor that fails every capture gives one fault, not one per poll', async () => {
  const emulator = new FingerprintEmulator();
  const reader = simulated(emulator, { pollIntervalMs: 10 });
  await reader.start();
  const faults = record(reader.events, 'fault');
  emulator.injectConfirmation('GenImg', 0x03, 6);
  const target = emulator.commandsAnswered + 8;
  await until('the failing captures and two good polls', () => emulator.commandsAnswered >= target);
  faults.stop();
  assert.equal(faults.seen.map(({ error }) => (error as ModuleError).confirmation), [0x03]);
});

test('a touch right after an answer that says nothing about the glass is still identified', async () => {
  const emulator = new FingerprintEmulator();
  emulator.enrol(1);
  const reader = simulated(emulator, { pollIntervalMs: 10 });
  await reader.start();
  const fault = nextEvent(reader.events, 'fault');
  emulator.injectConfirmation('GenImg', 0x77);
  await fault;

  const identified = nextEvent(reader.events, 'identified');
  emulator.touch(1);
  const result = (await identified).result;
  assert.equal(result.kind === 'match' ? result.templateId : null, 1);
  await reader.stop();
});

test('a bad image waits for the finger to be lifted before the next identification', async () => {
  const emulator = new FingerprintEmulator();
  emulator.enrol(1);
  const reader = simulated(emulator, { pollIntervalMs: 10 });
  await reader.start();
  const identified = record(reader.events, 'identified');
  emulator.placeFinger(1);
  emulator.injectConfirmation('GenImg', 0x03);
  const target = emulator.commandsAnswered + 10;
  await until('polls with the finger still on the glass', () => emulator.commandsAnswered >= target);
  identified.stop();
  assert.equal(identified.seen, [], 'the same finger is not identified while it stays');
  await reader.stop();
});

test('a module that stops answering is declared lost after repeated timeouts', async () => {
  const emulator = new FingerprintEmulator();
  const reader = simulated(emulator, { commandTimeoutMs: 100, pollIntervalMs: 10 });
  await reader.start();
  const lost = nextEvent(reader.events, 'state', (s) => s.state === 'lost');
  emulator.silent = true;
  assert.is((await lost).error?.code, 'timeout');
});

test('a module that never answers keeps the reader in back-off, saying what to check', async () => {
  const emulator = new FingerprintEmulator();
  emulator.silent = true;
  const reader = simulated(emulator, { commandTimeoutMs: 100 });
  const lost = nextEvent(reader.events, 'state', (s) => s.state === 'lost');
  await reader.start();
  const state = await lost;
  assert.is(state.error?.code, 'timeout');
  assert.match(state.error?.message ?? '', 'check power, wiring');
});

test('settings that cannot work are refused at creation, naming the option', () => {
  const base = { name: 'cell-finger', logger: createMemoryLogger(), backend: 'simulated' as const };
  assert.throws(() => createFingerprintDevice({ ...base, pollIntervalMs: -5 }), /pollIntervalMs/);
  const noTimeout = { ...base, commandTimeoutMs: NaN };
  assert.throws(() => createFingerprintDevice(noTimeout), /commandTimeoutMs/);
  assert.throws(() => createFingerprintDevice({ ...base, password: 2 ** 32 }), /password/);
  assert.throws(() => createFingerprintDevice({ ...base, address: 1.5 }), /address/);
  assert.throws(() => createFingerprintDevice({ ...base, name: '' }), /name/);
});

test('the real back-end needs a port path', () => {
  assert.throws(
    () => createFingerprintDevice({ name: 'x', logger: createMemoryLogger(), backend: 'real' }),
    /needs a port path/,
  );
  const real = { name: 'x', logger: createMemoryLogger(), backend: 'real' as const };
  const slow = { ...real, port: '/dev/x' };
  assert.throws(() => createFingerprintDevice({ ...slow, baudRate: 0 }), /baudRate/);
});

test.run();
