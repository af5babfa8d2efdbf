/**
 * The emulator command line on one end of a socat pty pair, the driver on the other:
 * what a technician runs on the bench.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createMemoryLogger } from '../drivers/core/logger.js';
import { createFingerprintReader } from '../drivers/fingerprint/reader.js';
import type { FingerprintReader } from '../drivers/fingerprint/fingerprint.js';
import { nextEvent, until } from '../drivers/fingerprint/test-support.js';
import { serialTransport } from '../drivers/fingerprint/transports.js';
import { startPtyPair, type PtyPair } from './rigs/socat.js';

const CLI = new URL('./fingerprint-emulator.ts', import.meta.url).pathname;
let pair: PtyPair | null = null;
let child: ChildProcessWithoutNullStreams | null = null;
let dir = '';

test.after.each(async () => {
  if (child?.pid !== undefined && child.exitCode === null) {
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    process.kill(child.pid, 'SIGTERM');
    await exited;
  }
  child = null;
  await pair?.stop();
  pair = null;
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Waits until the driver finished `count` more poll steps (its last-success time moves). */
async function pollsSeen(reader: FingerprintReader, count: number): Promise<void> {
  for (let seen = 0; seen < count; seen += 1) {
    const before = reader.health().lastSuccessAt;
    await until('a poll step', () => reader.health().lastSuccessAt !== before);
  }
}

function startCli(args: string[]) {
  const started = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: 'pipe' });
  child = started;
  let stderr = '';
  started.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines: string[] = [];
  const waiters: { match: (line: string) => boolean; resolve: (line: string) => void }[] = [];
  createInterface({ input: started.stdout }).on('line', (line) => {
    lines.push(line);
    for (const waiter of waiters.splice(0)) {
      if (waiter.match(line)) waiter.resolve(line);
      else waiters.push(waiter);
    }
  });
  const waitLine = (prefix: string, timeoutMs = 15_000) =>
    new Promise<string>((resolve, reject) => {
      const seen = lines.find((line) => line.startsWith(prefix));
      if (seen) return resolve(seen);
      const timer = setTimeout(() => {
        reject(new Error(`no "${prefix}" line; stderr: ${stderr}`));
      }, timeoutMs);
      waiters.push({
        match: (line) => line.startsWith(prefix),
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      });
    });
  const exited = new Promise<number | null>((resolve) => started.once('exit', resolve));
  const send = (line: string) => started.stdin.write(line + '\n');
  return { send, waitLine, exited, stderr: () => stderr };
}

test('the emulator CLI serves the driver over a pty pair, controlled from stdin', async () => {
  dir = await mkdtemp(join(tmpdir(), 'fingerprint-cli-'));
  pair = await startPtyPair(dir);
  const cli = startCli(['--port', pair.b, '--enrol', '3,7']);
  await cli.waitLine('ready');

  const reader = createFingerprintReader({
    name: 'bench-finger',
    transport: serialTransport(pair.a),
    logger: createMemoryLogger(),
    pollIntervalMs: 20,
  });
  try {
    await reader.start();
    assert.is(reader.health().state, 'ready');

    let identified = nextEvent(reader.events, 'identified');
    cli.send('touch 3');
    await cli.waitLine('ok touch 3');
    const first = (await identified).result;
    assert.is(first.kind === 'match' && first.templateId, 3);

    // The touch was one capture; let the driver see the glass empty before the next finger.
    await pollsSeen(reader, 2);
    identified = nextEvent(reader.events, 'identified');
    cli.send('unknown');
    assert.equal((await identified).result, { kind: 'no-match' });
    cli.send('lift');
    await cli.waitLine('ok lift');

    cli.send('finger 42');
    assert.match(await cli.waitLine('error'), 'no finger is enrolled at template 42');
    cli.send('status');
    assert.match(await cli.waitLine('ok status'), 'templates=3,7');
  } finally {
    await reader.stop();
  }
});

test('the emulator CLI refuses to start without a port and says why', async () => {
  const cli = startCli([]);
  assert.is(await cli.exited, 2);
  assert.match(cli.stderr(), '--port <path> is required');
});

test.run();
