import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SerialPort } from 'serialport';
import { createMemoryLogger } from '../drivers/core/logger.js';
import { FingerprintEmulator } from '../drivers/fingerprint/emulator.js';
import { startPtyPair, type PtyPair } from './rigs/socat.js';
import { checkFingerprint } from './selftest-fingerprint.js';

let pair: PtyPair | null = null;
let port: SerialPort | null = null;
let dir = '';

async function rig(emulator: FingerprintEmulator): Promise<PtyPair> {
  dir = await mkdtemp(join(tmpdir(), 'fingerprint-selftest-'));
  pair = await startPtyPair(dir);
  port = new SerialPort({ path: pair.b, baudRate: 57_600, autoOpen: false });
  port.on('error', () => undefined);
  await new Promise<void>((resolve, reject) =>
    port!.open((error) => (error ? reject(error) : resolve())),
  );
  emulator.attach(port);
  return pair;
}

test.after.each(async () => {
  if (port?.isOpen) await new Promise((resolve) => port!.close(resolve));
  port = null;
  await pair?.stop();
  pair = null;
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('a healthy module passes every step, including a touch', async () => {
  const emulator = new FingerprintEmulator();
  emulator.enrol(5);
  const { a } = await rig(emulator);
  emulator.placeFinger(5);
  const logger = createMemoryLogger();
  const result = await checkFingerprint({ port: a, waitForTouchMs: 3000, logger });
  assert.ok(result.ok, JSON.stringify(result.steps));
  const names = ['open port', 'password', 'handshake', 'system parameters', 'library', 'sensor'];
  assert.equal(result.steps.map((s) => s.name), [...names, 'touch and search']);
  assert.match(result.steps.at(-1)!.detail, 'matched template 5');
});

test('a wrong password fails the check and says what to fix', async () => {
  const { a } = await rig(new FingerprintEmulator({ password: 777 }));
  const result = await checkFingerprint({ port: a, password: 1, logger: createMemoryLogger() });
  assert.is(result.ok, false);
  const password = result.steps.find((s) => s.name === 'password');
  assert.match(password!.detail, 'refused the configured password');
});

test('a missing port fails the first step with its path', async () => {
  const missing = join(tmpdir(), 'no-such-module-port');
  const result = await checkFingerprint({ port: missing, logger: createMemoryLogger() });
  assert.is(result.ok, false);
  assert.equal(result.steps.length, 1);
  assert.match(result.steps[0]!.detail, missing);
});

test.run();
