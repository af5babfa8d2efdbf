/**
 * The real back-end: serialport on a socat pty pair, the emulator on the other end.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SerialPort } from 'serialport';
import { startPtyPair, type PtyPair } from '../../hardware-tests/rigs/socat.js';
import { createMemoryLogger } from '../core/logger.js';
import { FingerprintEmulator } from './emulator.js';
import { fingerprintContract } from './reader-contract.js';
import { createFingerprintReader } from './reader.js';
import { nextEvent } from './test-support.js';
import { serialTransport } from './transports.js';

async function openModuleEnd(path: string, emulator: FingerprintEmulator): Promise<SerialPort> {
  const port = new SerialPort({ path, baudRate: 57_600, autoOpen: false });
  port.on('error', () => undefined);
  await new Promise<void>((resolve, reject) =>
    port.open((error) => (error ? reject(error) : resolve())),
  );
  emulator.attach(port);
  return port;
}

function closePort(port: SerialPort): Promise<void> {
  return new Promise((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve()));
}

fingerprintContract('fingerprint reader, real back-end on a pty pair', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fingerprint-pty-'));
  const pair = await startPtyPair(dir);
  const emulator = new FingerprintEmulator();
  const modulePort = await openModuleEnd(pair.b, emulator);
  const reader = createFingerprintReader({
    name: 'cell-101-finger',
    transport: serialTransport(pair.a),
    logger: createMemoryLogger(),
    pollIntervalMs: 20,
  });
  const cleanup = async () => {
    await reader.stop();
    await closePort(modulePort);
    await pair.stop();
    await rm(dir, { recursive: true, force: true });
  };
  return { reader, emulator, backend: 'real', path: pair.a, cleanup };
}).run();

let pair: PtyPair | null = null;
let dir = '';
const ports: SerialPort[] = [];

test.after.each(async () => {
  for (const port of ports.splice(0)) await closePort(port);
  await pair?.stop();
  pair = null;
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('killing socat: lost within 1 s, ready again when a new pair appears', async () => {
  dir = await mkdtemp(join(tmpdir(), 'fingerprint-unplug-'));
  pair = await startPtyPair(dir);
  const emulator = new FingerprintEmulator();
  emulator.enrol(2, 'margaret-thumb');
  ports.push(await openModuleEnd(pair.b, emulator));
  const logger = createMemoryLogger();
  const reader = createFingerprintReader({
    name: 'cell-finger',
    transport: serialTransport(pair.a, 57_600, logger),
    logger,
    pollIntervalMs: 30,
  });
  try {
    await reader.start();
    assert.is(reader.health().state, 'ready');
    // A pty has no modem lines: setting DTR/RTS fails there, and must not stop the open.
    assert.ok(logger.lines.some((line) => line.includes('modem lines not settable')));

    const lost = nextEvent(reader.events, 'state', (s) => s.state === 'lost', 1000);
    const killedAt = Date.now();
    process.kill(pair.pid, 'SIGKILL');
    const state = await lost;
    const lostAfterMs = Date.now() - killedAt;
    console.log(`lost ${lostAfterMs} ms after socat was killed: ${state.error?.message}`);
    assert.is(state.error?.code, 'lost');
    await pair.exited;
    for (const port of ports.splice(0)) await closePort(port);

    const ready = nextEvent(reader.events, 'state', (s) => s.state === 'ready', 15_000);
    pair = await startPtyPair(dir);
    ports.push(await openModuleEnd(pair.b, emulator));
    await ready;
    assert.is(reader.health().detail.path, pair.a);

    const identified = nextEvent(reader.events, 'identified');
    emulator.touch(2);
    assert.equal((await identified).result.kind, 'match');
  } finally {
    await reader.stop();
  }
});

test('the reader survives three unplug and replug cycles in a row', async () => {
  dir = await mkdtemp(join(tmpdir(), 'fingerprint-cycles-'));
  pair = await startPtyPair(dir);
  const emulator = new FingerprintEmulator();
  emulator.enrol(6);
  ports.push(await openModuleEnd(pair.b, emulator));
  const transport = serialTransport(pair.a);
  const logger = createMemoryLogger();
  const reader = createFingerprintReader({ name: 'cell-finger', transport, logger });
  try {
    await reader.start();
    for (let cycle = 1; cycle <= 3; cycle += 1) {
      const lost = nextEvent(reader.events, 'state', (s) => s.state === 'lost');
      await pair.stop();
      await lost;
      for (const port of ports.splice(0)) await closePort(port);

      const ready = nextEvent(reader.events, 'state', (s) => s.state === 'ready', 15_000);
      pair = await startPtyPair(dir);
      ports.push(await openModuleEnd(pair.b, emulator));
      await ready;

      const identified = nextEvent(reader.events, 'identified');
      emulator.touch(6);
      assert.equal((await identified).result.kind, 'match', `cycle ${cycle}`);
    }
  } finally {
    await reader.stop();
  }
});

test('a port path that does not exist keeps the reader in back-off, naming the path', async () => {
  const missing = join(tmpdir(), 'no-such-fingerprint-port');
  const reader = createFingerprintReader({
    name: 'cell-finger',
    transport: serialTransport(missing),
    logger: createMemoryLogger(),
  });
  const lost = nextEvent(reader.events, 'state', (s) => s.state === 'lost');
  await reader.start();
  assert.match((await lost).error?.message ?? '', missing);
  assert.ok(['lost', 'backoff'].includes(reader.health().state));
  await reader.stop();
});

test.run();
