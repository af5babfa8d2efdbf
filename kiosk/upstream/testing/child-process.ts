/** Test helper: start a child process, read its stdout lines, kill it by PID. */
import { spawn, type ChildProcess } from 'node:child_process';
import { waitFor } from './collector.js';

export interface Child {
  process: ChildProcess;
  lines: string[];
  exited(): boolean;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export function startChild(
  command: string,
  args: string[],
  env: Record<string, string> = {},
): Child {
  const child = spawn(command, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  const lines: string[] = [];
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
  });
  child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  const exited = () => child.exitCode !== null || child.signalCode !== null;

  return {
    process: child,
    lines,
    exited,
    kill: async (signal = 'SIGKILL') => {
      if (exited()) return;
      child.kill(signal);
      await waitFor(`child ${child.pid} to exit`, exited, 10_000);
    },
  };
}

/** Runs the terminal child script with tsx. */
export function startTerminalChild(args: string[]): Child {
  const script = new URL('./terminal-child.ts', import.meta.url).pathname;
  return startChild(process.execPath, ['--import', 'tsx', script, ...args]);
}
