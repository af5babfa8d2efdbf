/**
 * Runs the kiosk as its own process, as on a board: `bin/kiosk.js run --config FILE`.
 * Keeps its log lines so a test can wait for one, and knows the UI address once ready.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait-for.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface KioskProcess {
  pid: number;
  url: string;
  lines: string[];
  /** Resolves with the exit code (or signal name) when the process has ended. */
  exited: Promise<number | string>;
  kill(signal?: NodeJS.Signals): Promise<number | string>;
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

export function spawnKiosk(
  args: string[],
  env: Record<string, string> = {},
): { child: ChildProcess; lines: string[]; exited: Promise<number | string> } {
  const child = spawn(process.execPath, ['bin/kiosk.js', ...args], {
    cwd: ROOT,
    env: { ...process.env, KIOSK_LOG_LEVEL: 'debug', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let partial = '';
  const collect = (chunk: Buffer) => {
    const text = partial + chunk.toString();
    const parts = text.split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    if (process.env.KIOSK_TEST_ECHO === '1')
      parts.forEach((line) => console.log(`[kiosk ${child.pid}] ${line}`));
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return { child, lines, exited };
}

export async function startKioskProcess(
  configFile: string,
  env: Record<string, string> = {},
): Promise<KioskProcess> {
  const { child, lines, exited } = spawnKiosk(['run', '--config', configFile], env);
  let ended = false;
  void exited.then(() => (ended = true));

  const waitForLine = (pattern: RegExp, timeoutMs = 15_000) =>
    waitFor(
      `kiosk log line ${pattern}`,
      () => {
        if (ended && !lines.some((line) => pattern.test(line))) {
          throw new Error(`kiosk exited; its log:\n${lines.join('\n')}`);
        }
        return lines.find((line) => pattern.test(line));
      },
      timeoutMs,
    );

  let ready: string;
  try {
    ready = await waitForLine(/kiosk ready/, 30_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`kiosk did not become ready: ${(error as Error).message}\n${lines.join('\n')}`);
  }
  const url = /ui=(\S+)/.exec(ready)?.[1];
  if (!url || child.pid === undefined) throw new Error(`no UI address in: ${ready}`);

  return {
    pid: child.pid,
    url,
    lines,
    exited,
    waitForLine,
    kill: async (signal = 'SIGTERM') => {
      if (!ended) child.kill(signal);
      return exited;
    },
  };
}
