/**
 * The PC/SC rig: a private pcscd with the vpcd virtual readers, and card emulators that
 * plug into them.
 *
 * vpcd listens on 0.0.0.0:35963/35964 with no bind option, so pcscd runs in a network
 * namespace of its own that has only `lo`; the card emulators run there too. pcscd keeps
 * its socket in a fixed /run/pcscd: inside the namespace's own mount namespace (made by
 * `ip netns exec`) a temp directory is bound over /run, so pcscd's files land in that
 * temp directory, the host's /run is untouched, a pcscd of the user is left alone and
 * parallel rigs never collide. Node reaches the socket through PCSCLITE_CSOCK_NAME.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { EmulatorProcess } from '../card-reader/emulator-process.js';

export const VPCD_READERS = ['Virtual PCD 00 00', 'Virtual PCD 00 01'] as const;
export type VpcdReader = (typeof VPCD_READERS)[number];
const VPCD_PORTS: Record<VpcdReader, number> = {
  'Virtual PCD 00 00': 35963,
  'Virtual PCD 00 01': 35964,
};

const REPO_ROOT = new URL('../../', import.meta.url).pathname;
const EMULATOR = join(REPO_ROOT, 'hardware-tests/card-reader/card-emulator.ts');
const VPCD_CONF = [
  'FRIENDLYNAME "Virtual PCD"',
  'DEVICENAME   /dev/null:0x8C7B',
  'LIBPATH      /usr/lib/pcsc/drivers/serial/libifdvpcd.so',
  'CHANNELID    0x8C7B',
  '',
].join('\n');

export function requireRoot(what: string): void {
  if (process.getuid?.() !== 0) {
    throw new Error(`${what} needs root (network and mount namespaces); run the tests as root`);
  }
}

export interface PcscRig {
  namespace: string;
  dir: string;
  /** Pass as the driver's socketPath (or PCSCLITE_CSOCK_NAME). */
  socketPath: string;
  readonly pcscdPid: number | null;
  /** The last lines pcscd printed, for failure messages. */
  pcscdLog(): string;
  /** Starts pcscd; `readers: false` starts it with no reader configured ("unplugged"). */
  startPcscd(options?: { readers?: boolean }): Promise<number>;
  stopPcscd(): Promise<void>;
  /** A card emulator on the given vpcd reader, inside the namespace. */
  startEmulator(reader: VpcdReader): Promise<EmulatorProcess>;
  stop(): Promise<void>;
}

export async function startPcscRig(): Promise<PcscRig> {
  requireRoot('the PC/SC rig');
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-pcsc-'));
  const runDir = join(dir, 'run');
  const confDir = join(dir, 'reader.conf.d');
  mkdirSync(runDir);
  mkdirSync(confDir);
  const namespace = `${NAMESPACE_PREFIX}${process.pid}-${randomBytes(3).toString('hex')}`;

  removeOrphanNamespaces();
  run('ip', ['netns', 'add', namespace]);
  run('ip', ['-n', namespace, 'link', 'set', 'lo', 'up']);

  let pcscd: ChildProcess | null = null;
  let log: string[] = [];
  const emulators = new Set<EmulatorProcess>();

  const rig: PcscRig = {
    namespace,
    dir,
    socketPath: join(runDir, 'pcscd', 'pcscd.comm'),
    get pcscdPid() {
      return pcscd?.pid ?? null;
    },
    pcscdLog: () => log.slice(-40).join('\n'),

    async startPcscd(options = {}) {
      if (pcscd) throw new Error(`pcscd already runs in ${namespace} (pid ${pcscd.pid})`);
      writeVpcdConf(confDir, options.readers ?? true);
      // A pcscd killed hard leaves its socket and pid file; a new one would refuse them.
      rmSync(join(runDir, 'pcscd'), { recursive: true, force: true });
      log = [];
      pcscd = spawnPcscd(namespace, runDir, confDir);
      const child = pcscd;
      const onLine = (chunk: Buffer) => log.push(...chunk.toString().split('\n').filter(Boolean));
      child.stdout?.on('data', onLine);
      child.stderr?.on('data', onLine);
      child.on('exit', () => {
        if (pcscd === child) pcscd = null;
      });
      await waitFor(() => log.some((line) => line.includes('daemon ready')), 10_000, () =>
        child.exitCode !== null
          ? `pcscd exited ${child.exitCode}:\n${log.join('\n')}`
          : `pcscd not ready after 10 s:\n${log.join('\n')}`,
      );
      return child.pid!;
    },

    async stopPcscd() {
      const child = pcscd;
      if (!child) return;
      await killAndWait(child, 5000);
      pcscd = null;
    },

    async startEmulator(reader) {
      const emulator = await EmulatorProcess.start({
        command: 'ip',
        args: ['netns', 'exec', namespace, process.execPath, '--import', 'tsx', EMULATOR],
        port: VPCD_PORTS[reader],
        cwd: REPO_ROOT,
      });
      emulators.add(emulator);
      return emulator;
    },

    async stop() {
      await Promise.all([...emulators].map((emulator) => emulator.stop()));
      await rig.stopPcscd();
      spawnSync('ip', ['netns', 'del', namespace]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return rig;
}

const NAMESPACE_PREFIX = 'kiosk-pcsc-';

/**
 * A test process killed hard (e.g. by the runner's time limit) cannot delete its
 * namespace; the next rig removes those whose owning process is gone.
 */
function removeOrphanNamespaces(): void {
  const listed = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout ?? '';
  for (const line of listed.split('\n')) {
    const match = new RegExp(`^(${NAMESPACE_PREFIX}(\\d+)-[0-9a-f]+)`).exec(line);
    if (!match || processAlive(Number(match[2]))) continue;
    spawnSync('ip', ['netns', 'del', match[1]!]);
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function writeVpcdConf(confDir: string, readers: boolean): void {
  const path = join(confDir, 'vpcd');
  if (readers) writeFileSync(path, VPCD_CONF);
  else rmSync(path, { force: true });
}

function spawnPcscd(namespace: string, runDir: string, confDir: string): ChildProcess {
  // ip netns exec and sh both exec, so the child's PID is pcscd's own.
  const script = 'mount --bind "$1" /run && exec pcscd -f -i -c "$2"';
  return spawn('ip', ['netns', 'exec', namespace, 'sh', '-c', script, 'sh', runDir, confDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr || result.error}`);
  }
}

export async function killAndWait(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export async function waitFor(
  condition: () => boolean,
  timeoutMs: number,
  failure: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(failure());
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
