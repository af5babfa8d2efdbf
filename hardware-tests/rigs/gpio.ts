/**
 * The GPIO rig: a FUSE file system shaped like /sys/class/gpio (hardware-tests/gpio/
 * gpio-fs.c) so onoff runs unchanged. onoff hard-codes /sys/class/gpio, so the rig is
 * mounted there inside a private mount namespace: the host's /sys is never touched.
 *
 *   if (await reexecInMountNamespace(import.meta.url)) { ...tests... }
 *   prepareSysClassGpio();  const rig = await startGpioRig({ chips });  ...  await rig.stop();
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rigBuildCache } from './build-cache.js';

export interface RigChip {
  label: string;
  base: number;
  ngpio: number;
}

export interface RigLine {
  exported: boolean;
  direction: 'in' | 'out';
  high: boolean;
  activeLow: boolean;
  edge: string;
  held: boolean;
  /** How many times the value file was read (onoff reads it once per interrupt). */
  reads: number;
}

export interface GpioRig {
  pid: number;
  mountpoint: string;
  controlPath: string;
  /** Holds gpio-fs.log (the file system's stderr); removed on stop. */
  tempDir: string;
  /** Sends control lines in one write ("set 539 1", "leftover N out 1", "hold N perm"). */
  control(lines: string[]): void;
  lines(): Map<number, RigLine>;
  /** Answers the file system gave to export/unexport, e.g. "export 539 EBUSY". */
  exportLog(): string[];
  /** Kills the file system without unmounting, as a crash would (later calls fail ENOTCONN). */
  crash(): Promise<void>;
  stop(): Promise<void>;
}

export const SYS_CLASS_GPIO = '/sys/class/gpio';
export const RIG_NEEDS_ROOT =
  'the GPIO rig needs root: it runs unshare -m and mounts tmpfs and FUSE on /sys/class/gpio';
const SOURCE = new URL('../gpio/gpio-fs.c', import.meta.url).pathname;
const INSIDE_FLAG = 'KIOSK_GPIO_RIG_NAMESPACE';

/** Compiles gpio-fs once per source version, cached under the temp dir. */
export function buildGpioFs(): string {
  const source = readFileSync(SOURCE);
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const binary = join(rigBuildCache(), `gpio-fs-${hash}`);
  if (existsSync(binary)) return binary;

  const pkgConfig = ['--cflags', '--libs', 'fuse3'];
  const flags = execFileSync('pkg-config', pkgConfig, { encoding: 'utf8' }).trim().split(/\s+/);
  // Build beside the final name and rename, so parallel test files never run a half-written binary.
  const partial = `${binary}.${process.pid}`;
  execFileSync('gcc', ['-O2', '-Wall', '-o', partial, SOURCE, ...flags], { stdio: 'pipe' });
  renameSync(partial, binary);
  return binary;
}

/**
 * Runs the calling test file again inside `unshare -m` and exits with its status.
 * Returns true in the copy that runs inside; never returns in the outer one.
 */
export async function reexecInMountNamespace(fileUrl: string): Promise<boolean> {
  if (process.env[INSIDE_FLAG] !== undefined) return true;
  const file = new URL(fileUrl).pathname;
  const command = ['-m', '--propagation', 'private', process.execPath, ...process.execArgv, file];
  const child = spawn('unshare', command, {
    stdio: 'inherit',
    // The outer namespace goes along, so the inner copy can prove it left it.
    env: { ...process.env, [INSIDE_FLAG]: readlinkSync('/proc/self/ns/mnt') },
  });
  const code = await new Promise<number>((resolve) => {
    child.on('error', (error) => {
      console.error(`cannot start unshare: ${error.message}`);
      resolve(1);
    });
    child.on('exit', (status, signal) => resolve(status ?? (signal ? 1 : 0)));
  });
  process.exit(code);
}

/** Inside a private mount namespace: a small tmpfs on /sys/class with an empty gpio folder. */
export function prepareSysClassGpio(): void {
  const outer = process.env[INSIDE_FLAG];
  if (outer === undefined || readlinkSync('/proc/self/ns/mnt') === outer) {
    throw new Error('refusing to mount over /sys/class: not inside a private mount namespace');
  }
  execFileSync('mount', ['--make-rprivate', '/']);
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'gpio-rig', '/sys/class']);
  mkdirSync(SYS_CLASS_GPIO);
}

function isMounted(path: string): boolean {
  const mounts = readFileSync('/proc/self/mounts', 'utf8').split('\n');
  return mounts.some((line) => line.split(' ')[1] === path);
}

const PIN_ROW = new RegExp(
  '^pin (\\d+) exported (\\d) direction (\\w+) level (\\d) ' +
    'active_low (\\d) edge (\\w+) held (\\d) reads (\\d+)$',
);

function parseLines(text: string): Map<number, RigLine> {
  const lines = new Map<number, RigLine>();
  for (const row of text.split('\n')) {
    const m = PIN_ROW.exec(row);
    if (!m) continue;
    lines.set(Number(m[1]), {
      exported: m[2] === '1',
      direction: m[3] === 'out' ? 'out' : 'in',
      high: m[4] === '1',
      activeLow: m[5] === '1',
      edge: m[6]!,
      held: m[7] === '1',
      reads: Number(m[8]),
    });
  }
  return lines;
}

/** Mounts gpio-fs at `mountpoint` (default /sys/class/gpio) and resolves once it answers. */
export async function startGpioRig(options: {
  chips: RigChip[];
  mountpoint?: string;
}): Promise<GpioRig> {
  const binary = buildGpioFs();
  const mountpoint = options.mountpoint ?? SYS_CLASS_GPIO;
  const tempDir = mkdtempSync(join(tmpdir(), 'gpio-rig-'));
  const chipArgs = options.chips.map((chip) => `--chip=${chip.label}:${chip.base}:${chip.ngpio}`);
  const logPath = join(tempDir, 'gpio-fs.log');
  const logFd = openSync(logPath, 'w');
  const child = spawn(binary, [...chipArgs, mountpoint], { stdio: ['ignore', 'pipe', logFd] });
  closeSync(logFd);
  const stderr = () => readFileSync(logPath, 'utf8').trim();

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`gpio-fs did not mount within 10 s: ${stderr()}`));
    }, 10_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('gpio-fs ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`gpio-fs exited ${code} before mounting at ${mountpoint}: ${stderr()}`));
    });
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const controlPath = join(mountpoint, 'control');
  const pid = child.pid!;

  const kill = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) process.kill(pid, signal);
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 5000).unref());
    await Promise.race([exited, timeout]);
    // A killed FUSE server leaves a dead mount behind (ENOTCONN) until it is detached.
    if (isMounted(mountpoint)) spawnSync('umount', ['-l', mountpoint]);
  };

  return {
    pid,
    mountpoint,
    controlPath,
    tempDir,
    control: (lines) => writeFileSync(controlPath, lines.join('\n') + '\n'),
    lines: () => parseLines(readFileSync(controlPath, 'utf8')),
    exportLog: () =>
      readFileSync(controlPath, 'utf8')
        .split('\n')
        .filter((row) => row.startsWith('log '))
        .map((row) => row.slice(4)),
    crash: async () => {
      if (child.exitCode === null && child.signalCode === null) process.kill(pid, 'SIGKILL');
      await exited;
    },
    stop: async () => {
      await kill('SIGTERM');
      rmSync(tempDir, { recursive: true, force: true });
    },
  };
}
