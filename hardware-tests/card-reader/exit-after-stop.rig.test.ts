/**
 * A process that stopped its card reader driver must be able to exit by itself:
 * pcsclite's reader watches leak a libuv handle when closed too early, which would keep
 * the runtime (and every test) alive forever. Needs root for the rig.
 */
import { spawn } from 'node:child_process';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadPcsclite } from '../../drivers/card-reader/pcsclite-loader.js';
import { killAndWait, startPcscRig, type PcscRig } from '../rigs/pcsc.js';

const CHILD = new URL('./start-stop-child.ts', import.meta.url).pathname;
const test = suite('card reader process exit after stop (pcscd + vpcd rig)');
let rig: PcscRig | null = null;

test.before(async () => {
  if (process.getuid?.() !== 0) return;
  await loadPcsclite('PC/SC rig');
  rig = await startPcscRig();
  await rig.startPcscd();
});

test.after(async () => {
  await rig?.stop();
});

test('a driver stopped right after its readers appear lets the process exit (5 runs)', async () => {
  assert.ok(rig, 'the PC/SC rig needs root for its network namespace; run as root');
  for (let run = 1; run <= 5; run++) {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, rig.socketPath], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));

    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<'hung'>((resolve) => (timer = setTimeout(resolve, 20_000, 'hung')));
    const result = await Promise.race([exited, limit]);
    clearTimeout(timer);
    if (result === 'hung') await killAndWait(child, 1000);
    assert.is(result, 0, `run ${run}: child did not exit by itself (${result}): ${output}`);
    assert.match(output, 'stopped');
  }
});

test.run();
