// test-timeout: 120
/**
 * The deployment bundle: esbuild compiles the runtime into one file that runs on plain
 * Node without the TypeScript loader, starts the simulated terminal, and stops cleanly
 * on SIGTERM.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildRuntime } from '../../scripts/build.js';
import { waitFor } from '../support/wait-for.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
mkdirSync(join(ROOT, 'dist'), { recursive: true });

test('the bundled runtime starts the simulated terminal and stops on SIGTERM', async () => {
  // Inside the checkout, so the bundle finds node_modules as it would on a board.
  const dir = mkdtempSync(join(ROOT, 'dist', 'bundle-test-'));
  const bundle = join(dir, 'kiosk.mjs');
  await buildRuntime(bundle);

  const config = {
    terminal: { id: 'bundle-cell-1', site: 'test-site', role: 'cell' },
    hardware: { fingerprint: { backend: 'simulated' } },
    upstream: { broker: null },
    http: { port: 0 },
  };
  writeFileSync(join(dir, 'kiosk.json'), JSON.stringify(config));

  // Plain node: no --import tsx.
  const child = spawn(process.execPath, [bundle, 'run', '--config', join(dir, 'kiosk.json')], {
    cwd: dir,
    env: { ...process.env, KIOSK_SKIP_UI_BUILD: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  try {
    const url = await waitFor('the bundle ready', () => /kiosk ready ui=(\S+)/.exec(log)?.[1], 20_000);
    const view = (await (await fetch(`${url}/api/view`)).json()) as { terminal: { id: string } };
    assert.is(view.terminal.id, 'bundle-cell-1');
  } finally {
    child.kill('SIGTERM');
  }
  assert.is(await exited, 0, log);
  assert.match(log, /stopped store/);
  rmSync(dir, { recursive: true, force: true });
});

test.run();
