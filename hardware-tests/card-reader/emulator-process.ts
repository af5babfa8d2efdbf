/**
 * Test-side handle on a card emulator process: sends it stdin commands and waits for
 * the JSON lines it prints.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { SimulatedCardSpec } from '../../drivers/card-reader/simulated-card.js';

export interface EmulatorLine {
  event: string;
  [field: string]: unknown;
}

export class EmulatorProcess {
  readonly lines: EmulatorLine[] = [];
  #waiters = new Set<() => void>();
  #stderr = '';

  private constructor(private readonly child: ChildProcess) {
    let partial = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      const parts = (partial + chunk.toString()).split('\n');
      partial = parts.pop() ?? '';
      for (const part of parts) this.#line(part);
    });
    child.stderr?.on('data', (chunk: Buffer) => (this.#stderr += chunk.toString()));
    child.on('exit', () => this.#waiters.forEach((wake) => wake()));
    child.stdin?.on('error', () => {
      // The emulator exited; stop() and waitFor() report that.
    });
  }

  static async start(options: {
    command: string;
    args: string[];
    port: number;
    cwd: string;
  }): Promise<EmulatorProcess> {
    const child = spawn(options.command, [...options.args, '--port', String(options.port)], {
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const emulator = new EmulatorProcess(child);
    await emulator.waitFor((line) => line.event === 'ready', 20_000, 'emulator start');
    return emulator;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Sends one raw command line, as a technician would type it. */
  send(line: string): void {
    this.child.stdin?.write(line + '\n');
  }

  insert(spec: SimulatedCardSpec): void {
    this.send(`insert ${JSON.stringify(spec)}`);
  }

  remove(): void {
    this.send('remove');
  }

  /** Asks the emulator to quit; resolves with its exit code (null when it had to be killed). */
  async quit(timeoutMs = 5000): Promise<number | null> {
    if (this.child.exitCode !== null) return this.child.exitCode;
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', resolve));
    this.send('quit');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(resolve, timeoutMs, 'late')));
    const result = await Promise.race([exited, late]);
    clearTimeout(timer);
    if (result !== 'late') return result;
    await this.stop();
    return null;
  }

  /** Resolves with the first line (already seen from `from` on, or coming) that matches. */
  waitFor(
    match: (line: EmulatorLine) => boolean,
    timeoutMs: number,
    what: string,
    from = 0,
  ): Promise<EmulatorLine> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.lines.slice(from).find(match);
        if (found) {
          finish();
          resolve(found);
          return true;
        }
        if (this.child.exitCode !== null) {
          finish();
          const code = this.child.exitCode;
          reject(new Error(`emulator exited (${code}) before ${what}: ${this.#stderr}`));
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`no ${what} from the emulator within ${timeoutMs} ms: ${this.#stderr}`));
      }, timeoutMs);
      const wake = () => void check();
      const finish = () => {
        clearTimeout(timer);
        this.#waiters.delete(wake);
      };
      if (!check()) this.#waiters.add(wake);
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  }

  #line(text: string): void {
    try {
      this.lines.push(JSON.parse(text) as EmulatorLine);
    } catch {
      this.lines.push({ event: 'unparsed', text });
    }
    this.#waiters.forEach((wake) => wake());
  }
}
