import * as assert from 'uvu/assert';
import { test } from 'uvu';
import { createMemoryLogger } from '../core/logger.js';
import { createFingerprintDevice } from './device.js';
import { FingerprintEmulator } from './emulator.js';
import { fingerprintContract } from './reader-contract.js';
import { createFingerprintReader } from './reader.js';
import { nextEvent } from './test-support.js';
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

test('a wrong password keeps the reader in back-off, saying what to fix', async () => {
  const emulator = new FingerprintEmulator({ password: 1234 });
  const reader = createFingerprintDevice({
    name: 'lobby-finger',
    logger: createMemoryLogger(),
    backend: 'simulated',
    emulator,
    password: 99,
  });
  const backoff = nextEvent(reader.events, 'state', (s) => s.state === 'lost');
  await reader.start();
  const state = await backoff;
  assert.is(state.error?.code, 'wrong-password');
  assert.match(state.error?.message ?? '', 'refused the password');
  await reader.stop();
});

test('an unplugged module makes the reader lost; it comes back when plugged in', async () => {
  const emulator = new FingerprintEmulator();
  const logger = createMemoryLogger();
  const options = { name: 'cell-finger', logger, backend: 'simulated' as const, emulator };
  const reader = createFingerprintDevice(options);
  await reader.start();
  const lost = nextEvent(reader.events, 'state', (s) => s.state === 'lost');
  const back = nextEvent(reader.events, 'state', (s) => s.state === 'ready', 10_000);
  emulator.unplug();
  assert.is((await lost).error?.code, 'lost');
  await back;
  await reader.stop();
});

test('a module that stops answering is declared lost after repeated timeouts', async () => {
  const emulator = new FingerprintEmulator();
  const reader = createFingerprintDevice({
    name: 'cell-finger',
    logger: createMemoryLogger(),
    backend: 'simulated',
    emulator,
    commandTimeoutMs: 100,
    pollIntervalMs: 10,
  });
  await reader.start();
  const lost = nextEvent(reader.events, 'state', (s) => s.state === 'lost');
  emulator.silent = true;
  assert.is((await lost).error?.code, 'timeout');
  await reader.stop();
});

test('a module that never answers keeps the reader in back-off, saying what to check', async () => {
  const emulator = new FingerprintEmulator();
  emulator.silent = true;
  const logger = createMemoryLogger();
  const options = { name: 'cell-finger', logger, backend: 'simulated' as const, emulator };
  const reader = createFingerprintDevice({ ...options, commandTimeoutMs: 100 });
  const lost = nextEvent(reader.events, 'state', (s) => s.state === 'lost');
  await reader.start();
  const state = await lost;
  assert.is(state.error?.code, 'timeout');
  assert.match(state.error?.message ?? '', 'check power, wiring');
  await reader.stop();
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
