// test-timeout: 120
/**
 * The technician's self-test command against the rigs: a fingerprint module on a pty and
 * the peripheral board's firmware under simavr pass; a silent module fails with a reason;
 * a configuration naming a port that does not exist is refused before any check.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attachModule } from '../tests/support/module-on-pty.js';
import { startMcuRig } from './rigs/mcu.js';
import { startPtyPair } from './rigs/socat.js';

const selftest = suite('selftest command');
const dir = mkdtempSync(join(tmpdir(), 'kiosk-selftest-'));

function run(config: object): Promise<{ code: number | null; output: string }> {
  const file = join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      terminal: { id: 'bench-1', site: 'workshop', role: 'cell' },
      upstream: { broker: null },
      ...config,
    }),
  );
  const child = spawn(process.execPath, [
    '--import',
    'tsx',
    'hardware-tests/selftest.ts',
    '--config',
    file,
  ]);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
}

selftest('a module on a pty and the board under simavr pass every step', async () => {
  const pair = await startPtyPair(mkdtempSync(join(tmpdir(), 'kiosk-pty-')));
  const module = await attachModule(pair.b, [1, 2]);
  const board = await startMcuRig();
  try {
    const { code, output } = await run({
      hardware: {
        fingerprint: { backend: 'real', port: pair.a },
        mcu: { backend: 'real', port: board.portPath, lights: { green: 'D7' }, buzzer: 'D8' },
      },
    });
    assert.is(code, 0, output);
    assert.match(output, /== fingerprint module at/);
    assert.match(output, /== peripheral board at/);
    assert.match(output, /self-test passed/);
    assert.not.match(output, /FAIL/);
  } finally {
    await module.close();
    await board.stop();
    await pair.stop();
  }
});

selftest('a silent module fails the test and says which step', async () => {
  const pair = await startPtyPair(mkdtempSync(join(tmpdir(), 'kiosk-pty-')));
  const module = await attachModule(pair.b, [1]);
  module.emulator.silent = true;
  try {
    const { code, output } = await run({
      hardware: { fingerprint: { backend: 'real', port: pair.a } },
    });
    assert.is(code, 1, output);
    assert.match(output, /FAIL .*(no answer|timeout|did not answer)/i);
    assert.match(output, /self-test FAILED/);
  } finally {
    await module.close();
    await pair.stop();
  }
});

selftest('a port that does not exist is refused as configuration', async () => {
  const { code, output } = await run({
    hardware: { fingerprint: { backend: 'real', port: '/dev/ttyNOPE3' } },
  });
  assert.is(code, 2, output);
  assert.match(output, /hardware\.fingerprint\.port: \/dev\/ttyNOPE3 does not exist/);
});

selftest.run();
