/**
 * The Firmata board rig: the project's firmware on simavr's ATmega328P, its UART on a
 * pseudo-terminal, driven through the harness in hardware-tests/mcu/harness.c.
 *
 * The driver opens `portPath`, a link in the rig's temp dir to the harness's current
 * /dev/pts/N, so a restarted board (new pty) is found at the same path, as a real board
 * is at its /dev/serial/by-id path after a replug.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rename, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { buildMcuRigParts } from '../mcu/build.js';

export interface McuRig {
  /** PID of the running harness. */
  readonly pid: number;
  /** Temp dir holding everything the rig made. */
  readonly dir: string;
  /** Stable path for the driver (a link to the current pty). */
  readonly portPath: string;
  /** The pty the board is on right now. */
  readonly ptyPath: string;
  /** Drives an input pin (Arduino numbering, 2–19) high or low. */
  drivePin(pin: number, level: 0 | 1): Promise<void>;
  /** Puts a voltage on analog input 0–5. */
  setAnalogMillivolts(channel: number, millivolts: number): Promise<void>;
  /** Resolves once the output pin is at `level` (now or later); rejects after timeoutMs. */
  waitForOutput(pin: number, level: 0 | 1, timeoutMs?: number): Promise<void>;
  /** Freezes the board (SIGSTOP): port open, nothing answers. */
  pause(): void;
  resume(): void;
  /** Kills the board: its pty goes away. */
  kill(): Promise<void>;
  /** Starts a fresh board (new pty) behind the same portPath. */
  restart(): Promise<void>;
  /** Kills the harness by PID and removes the temp dir. */
  stop(): Promise<void>;
}

interface Harness {
  child: ChildProcessWithoutNullStreams;
  ptyPath: string;
  replies: ((line: string) => void)[];
  levels: Map<number, 0 | 1>;
  waiters: Set<{ pin: number; level: 0 | 1; resolve: () => void }>;
  exited: Promise<void>;
  stderr: string;
}

async function startHarness(parts: { harness: string; firmware: string }): Promise<Harness> {
  const child = spawn(parts.harness, [parts.firmware], { stdio: ['pipe', 'pipe', 'pipe'] });
  const harness: Harness = {
    child,
    ptyPath: '',
    replies: [],
    levels: new Map(),
    waiters: new Set(),
    exited: new Promise((resolve) => child.once('exit', () => resolve())),
    stderr: '',
  };
  child.stderr.on('data', (chunk: Buffer) => {
    harness.stderr = (harness.stderr + chunk.toString()).slice(-2000);
  });
  child.stdin.on('error', () => {}); // writing to a killed harness is not our problem

  // A harness exits when its stdin closes, but not while paused (SIGSTOP): kill it by PID
  // if this process ends first.
  const killOnExit = () => {
    if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
  };
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));

  const ptyLine = new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`harness exited ${code}: ${harness.stderr}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const [kind, a, b] = line.split(' ');
      if (kind === 'pty' && a) resolve(a);
      else if (kind === 'out') {
        const pin = Number(a);
        const level = b === '1' ? 1 : 0;
        harness.levels.set(pin, level);
        for (const waiter of harness.waiters) {
          if (waiter.pin === pin && waiter.level === level) waiter.resolve();
        }
      } else harness.replies.shift()?.(line);
    });
  });
  harness.ptyPath = await ptyLine;
  return harness;
}

function ask(harness: Harness, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`harness did not answer '${command}'`));
    }, 10_000);
    harness.replies.push((line) => {
      clearTimeout(timer);
      if (line.startsWith('err')) reject(new Error(`harness refused '${command}'`));
      else resolve(line);
    });
    harness.child.stdin.write(`${command}\n`);
  });
}

async function killHarness(harness: Harness): Promise<void> {
  const pid = harness.child.pid;
  if (pid !== undefined && harness.child.exitCode === null && harness.child.signalCode === null) {
    process.kill(pid, 'SIGKILL');
  }
  await harness.exited;
}

export async function startMcuRig(): Promise<McuRig> {
  const parts = await buildMcuRigParts();
  const dir = await mkdtemp(join(tmpdir(), 'kiosk-mcu-rig-'));
  const portPath = join(dir, 'board');
  let harness = await startHarness(parts);

  const relink = async () => {
    const next = join(dir, 'board.next');
    await rm(next, { force: true });
    await symlink(harness.ptyPath, next);
    await rename(next, portPath);
  };
  await relink();

  return {
    get pid() {
      return harness.child.pid ?? -1;
    },
    dir,
    portPath,
    get ptyPath() {
      return harness.ptyPath;
    },
    async drivePin(pin, level) {
      await ask(harness, `pin ${pin} ${level}`);
    },
    async setAnalogMillivolts(channel, millivolts) {
      await ask(harness, `adc ${channel} ${Math.round(millivolts)}`);
    },
    async waitForOutput(pin, level, timeoutMs = 5000) {
      const current = harness;
      const state = await ask(current, `state ${pin}`);
      if (state === `state ${pin} out ${level}`) return;
      await new Promise<void>((resolve, reject) => {
        const waiter = { pin, level, resolve: () => done(null) };
        const timer = setTimeout(() => {
          done(new Error(`pin ${pin} did not go ${level} within ${timeoutMs} ms`));
        }, timeoutMs);
        const done = (error: Error | null) => {
          clearTimeout(timer);
          current.waiters.delete(waiter);
          if (error) reject(error);
          else resolve();
        };
        current.waiters.add(waiter);
        if (current.levels.get(pin) === level) done(null);
      });
    },
    pause() {
      if (harness.child.pid !== undefined) process.kill(harness.child.pid, 'SIGSTOP');
    },
    resume() {
      if (harness.child.pid !== undefined) process.kill(harness.child.pid, 'SIGCONT');
    },
    async kill() {
      await killHarness(harness);
    },
    async restart() {
      await killHarness(harness);
      harness = await startHarness(parts);
      await relink();
    },
    async stop() {
      await killHarness(harness);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
