// test-timeout: 120
/**
 * A data folder that cannot take writes. Filling up under a running kiosk: a check-in
 * that cannot be stored must not be confirmed; the person is told to try again and the
 * log says why, and once there is room the next finger checks in. Read-only from the
 * start: the start stops with a message naming the folder. (A remount to read-only under
 * the running kiosk is refused by the kernel while files are open for writing, so the
 * full disk stands in for it.)
 *
 * The mounts live in a mount namespace of the kiosk's own (unshare -m), so nothing
 * outside the test changes.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { waitFor } from '../support/wait-for.js';
import { makeCrowdTerminal, simFinger, watchNotices } from './support.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const readOnly = suite('data folder full or read-only');
const pids: number[] = [];

readOnly.after.each(() => {
  for (const pid of pids.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
});

/**
 * Runs the kiosk in its own mount namespace, with `dataDir` either a small tmpfs or a
 * read-only bind mount of itself.
 */
function spawnInNamespace(dataDir: string, configFile: string, mount: 'small' | 'read-only') {
  const mountCommand = mount === 'small'
    ? 'mount -t tmpfs -o size=1m kiosk-data "$1"'
    : 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" "$1"';
  const script = `${mountCommand} && shift && exec "$@"`;
  const command = [process.execPath, 'bin/kiosk.js', 'run', '--config', configFile];
  const args = ['-m', '--propagation', 'private', 'sh', '-c', script, 'sh', dataDir, ...command];
  const child = spawn('unshare', args, {
    cwd: ROOT,
    env: { ...process.env, KIOSK_SKIP_UI_BUILD: '1', KIOSK_LOG_LEVEL: 'debug' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid !== undefined) pids.push(child.pid);
  const lines: string[] = [];
  const collect = (chunk: Buffer) => lines.push(...chunk.toString().split('\n'));
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return { pid: child.pid!, lines, exited };
}

/** Runs `command` inside the kiosk's mount namespace. */
function inNamespace(pid: number, command: string): void {
  const result = spawnSync('nsenter', ['-t', String(pid), '-m', 'sh', '-c', command]);
  assert.ok(result.status !== null, `${command}: ${result.stderr?.toString()}`);
}

readOnly('a check-in that cannot be stored is not confirmed; with room it is', async () => {
  const terminal = makeCrowdTerminal({ count: 3 });
  mkdirSync(terminal.dataDir, { recursive: true });
  const kiosk = spawnInNamespace(terminal.dataDir, terminal.configFile, 'small');
  const isReady = () => kiosk.lines.find((line) => /kiosk ready/.test(line));
  const ready = await waitFor('kiosk ready', isReady, 30_000);
  const url = /ui=(\S+)/.exec(ready)![1]!;
  const watch = await watchNotices(url);

  // dd stops with "No space left on device" once the 1 MiB folder is full.
  const filler = `${terminal.dataDir}/filler`;
  inNamespace(kiosk.pid, `dd if=/dev/zero of=${filler} bs=4k 2>/dev/null; true`);
  assert.is(await simFinger(url, 101), 200);
  await waitFor('a try-again notice', () => watch.notices.some((n) => n.kind === 'not-stored'));
  assert.not.ok(watch.notices.some((notice) => notice.kind === 'checked-in'), 'not confirmed');
  assert.ok(kiosk.lines.some((line) => /ERROR.*check-in could not be stored/.test(line)));

  inNamespace(kiosk.pid, `rm ${filler}`);
  assert.is(await simFinger(url, 101), 200);
  await waitFor('the check-in confirmed', () => watch.notices.some((n) => n.kind === 'checked-in'));
  watch.close();

  // The events are read inside the namespace: the tmpfs is not visible outside it.
  const journal = `${terminal.dataDir}/outbox/outbox.journal`;
  const grepArgs = ['-t', String(kiosk.pid), '-m', 'grep', '-c', 'p-3000', journal];
  const grep = spawnSync('nsenter', grepArgs);
  // The refused attempt's event reached the outbox before the state write failed, so the
  // platform may get the check-in twice (two ids, same shift and person); never zero.
  const copies = Number(grep.stdout.toString().trim());
  assert.ok(copies === 1 || copies === 2, `check-in events in the outbox: ${copies}`);
  process.kill(kiosk.pid, 'SIGTERM');
  assert.is(await kiosk.exited, 0);
});

readOnly('a folder read-only from the start stops the start and is named', async () => {
  const terminal = makeCrowdTerminal({ count: 2 });
  mkdirSync(terminal.dataDir, { recursive: true });
  const kiosk = spawnInNamespace(terminal.dataDir, terminal.configFile, 'read-only');
  assert.is(await kiosk.exited, 1);
  const output = kiosk.lines.join('\n');
  assert.match(output, /data folder .*\/data cannot be written \(EROFS\)/);
  assert.match(output, /the file system is read-only; check the mount/);
});

readOnly.run();
