/**
 * The test command: `npm test [-- filter …]`.
 *
 * Runs every `*.test.ts` file in its own Node process with a time limit, so a hang, a
 * crash or a hook that throws fails that file instead of the whole run. A file counts as
 * passed only when uvu printed its summary, every test in it passed and the process
 * exited 0 (uvu can exit 0 when a hook throws). Ends with one line `N passed, N failed`.
 *
 * A test file may raise its time limit with a first-lines comment `// test-timeout: 300`
 * (seconds). KIOSK_TEST_JOBS sets how many files run at once (default 2).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ensureNativeModules, ensureSystemParts } from './system-parts.js';

const ROOT = new URL('..', import.meta.url).pathname;
const SKIP_DIRS = new Set(['node_modules', 'dist', '.git', 'data', '.test-artifacts']);
const DEFAULT_TIMEOUT_S = 120;

interface FileResult {
  file: string;
  passed: number;
  failed: number;
  skipped: number;
  problem: string | null;
  output: string;
  seconds: number;
}

function findTestFiles(dir: string, found: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (SKIP_DIRS.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) findTestFiles(path, found);
    else if (name.endsWith('.test.ts') || name.endsWith('.test.tsx')) found.push(path);
  }
  return found.sort();
}

function timeoutOf(file: string): number {
  const head = readFileSync(file, 'utf8').slice(0, 2000);
  const match = /\/\/\s*test-timeout:\s*(\d+)/.exec(head);
  return match ? Number(match[1]) : DEFAULT_TIMEOUT_S;
}

const ANSI = /\u001b\[[0-9;]*m/g;

function summaryOf(output: string): { total: number; passed: number; skipped: number } | null {
  const text = output.replace(ANSI, '');
  const total = /Total:\s+(\d+)/.exec(text);
  const passed = /Passed:\s+(\d+)/.exec(text);
  const skipped = /Skipped:\s+(\d+)/.exec(text);
  if (!total || !passed) return null;
  return { total: Number(total[1]), passed: Number(passed[1]), skipped: Number(skipped?.[1] ?? 0) };
}

function runFile(file: string): Promise<FileResult> {
  const started = Date.now();
  const limitS = timeoutOf(file);

  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], {
      cwd: ROOT,
      env: { ...process.env, FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));

    // Kill the whole process group: tests start brokers, socat and browsers.
    const killGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal);
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup('SIGTERM');
      setTimeout(() => killGroup('SIGKILL'), 3000).unref();
    }, limitS * 1000);

    child.on('close', (code, signal) => {
      clearTimeout(timer);
      killGroup('SIGKILL');
      const seconds = (Date.now() - started) / 1000;
      const summary = summaryOf(output);
      const base = { file: relative(ROOT, file), output, seconds };

      if (timedOut) {
        resolve({
          ...base,
          passed: summary?.passed ?? 0,
          failed: 1,
          skipped: 0,
          problem: `hung: killed after ${limitS} s`,
        });
        return;
      }
      if (!summary) {
        const why = signal ? `killed by ${signal}` : `exited ${code} without a test summary`;
        resolve({ ...base, passed: 0, failed: 1, skipped: 0, problem: why });
        return;
      }
      const failed = summary.total - summary.passed - summary.skipped;
      let problem: string | null = null;
      if (failed > 0) problem = `${failed} test(s) failed`;
      // uvu prints nothing when a before/after hook throws: say where to look.
      if (failed > 0 && !/FAIL/.test(output))
        problem += ' with no failure printed: a hook probably threw';
      else if (code !== 0) problem = `exited ${code} although its tests passed (a hook failed?)`;
      else if (summary.total === 0) problem = 'ran no test';
      const extra = problem && failed === 0 ? 1 : 0;
      resolve({
        ...base,
        passed: summary.passed,
        failed: failed + extra,
        skipped: summary.skipped,
        problem,
      });
    });
  });
}

async function main(): Promise<void> {
  const filters = process.argv.slice(2);
  const files = findTestFiles(ROOT).filter(
    (file) =>
      filters.length === 0 || filters.some((filter) => relative(ROOT, file).includes(filter)),
  );
  if (files.length === 0) {
    console.log('no test files matched');
    console.log('0 passed, 1 failed');
    process.exit(1);
  }

  ensureSystemParts();
  ensureNativeModules(ROOT);

  const jobs = Math.max(1, Number(process.env.KIOSK_TEST_JOBS ?? 2));
  const queue = [...files];
  const results: FileResult[] = [];
  const worker = async () => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      const result = await runFile(file);
      results.push(result);
      const mark = result.problem ? 'FAIL' : 'ok  ';
      const counts = `${result.passed} passed, ${result.failed} failed`;
      console.log(
        `${mark} ${result.file} (${counts}, ${result.seconds.toFixed(1)} s)` +
          (result.problem ? ` — ${result.problem}` : ''),
      );
      if (result.problem || process.env.KIOSK_TEST_VERBOSE === '1') {
        console.log(result.output.replace(/^/gm, '    | '));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, files.length) }, worker));

  const passed = results.reduce((sum, r) => sum + r.passed, 0);
  const failed = results.reduce((sum, r) => sum + r.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

await main();
