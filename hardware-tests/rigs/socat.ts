/**
 * A linked pair of pseudo-terminals from socat: what is written to one end is read at
 * the other, through the kernel's real tty layer, so serialport runs its real code.
 *
 * `raw,echo=0` on both ends keeps the line discipline from echoing or rewriting bytes.
 * The link paths are fixed inside `dir`, so a second pair started in the same folder
 * appears at the same paths (a module plugged back in).
 */
import { spawn } from 'node:child_process';
import { lstat, unlink } from 'node:fs/promises';
import { join } from 'node:path';

export interface PtyPair {
  /** Link path of the first end (give this one to the driver). */
  a: string;
  /** Link path of the second end (give this one to the emulator). */
  b: string;
  pid: number;
  /** Resolves when socat has exited, for whatever reason. */
  exited: Promise<void>;
  /** Stops socat (TERM, then KILL) and removes links it left behind. */
  stop(): Promise<void>;
}

export interface PtyPairOptions {
  names?: { a: string; b: string };
  /** How long to wait for both links (default 5000 ms). */
  timeoutMs?: number;
}

export async function startPtyPair(dir: string, options: PtyPairOptions = {}): Promise<PtyPair> {
  const names = options.names ?? { a: 'tty-host', b: 'tty-module' };
  const a = join(dir, names.a);
  const b = join(dir, names.b);
  // A socat killed with SIGKILL leaves its links; a new pair must not trip over them.
  await Promise.all([removeLink(a), removeLink(b)]);

  const args = ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`];
  const child = spawn('socat', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  let gone = false;
  void exited.then(() => (gone = true));
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));

  const stop = async (): Promise<void> => {
    if (!gone && child.pid !== undefined) {
      signal(child.pid, 'SIGTERM');
      const timer = setTimeout(() => {
        if (!gone && child.pid !== undefined) signal(child.pid, 'SIGKILL');
      }, 2000);
      await exited;
      clearTimeout(timer);
    }
    await Promise.all([removeLink(a), removeLink(b)]);
  };

  const deadline = Date.now() + (options.timeoutMs ?? 5000);
  for (;;) {
    if ((await exists(a)) && (await exists(b))) break;
    const pause = new Promise<null>((resolve) => setTimeout(() => resolve(null), 20));
    const failed = await Promise.race([spawnError, pause]);
    if (failed) {
      throw new Error(`socat could not start (${failed.message}); is the socat package installed?`);
    }
    if (gone) throw new Error(`socat exited before creating ${a} and ${b}: ${log.trim()}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`socat did not create ${a} and ${b} in time: ${log.trim()}`);
    }
  }
  return { a, b, pid: child.pid!, exited, stop };
}

/** Signals a process that may have exited a moment ago (its exit not yet seen). */
function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone: nothing left to stop.
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

async function removeLink(path: string): Promise<void> {
  try {
    if ((await lstat(path)).isSymbolicLink()) await unlink(path);
  } catch {
    // Not there: nothing to remove.
  }
}
