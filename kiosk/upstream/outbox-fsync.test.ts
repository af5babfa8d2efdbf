// test-timeout: 180
/**
 * Proof from the kernel's side (strace) that the outbox journal is synced before
 * `append` resolves, and that its folder is synced when the journal is created.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChild, type Child } from './testing/child-process.js';
import { waitFor } from './testing/collector.js';
import { findCall, firstArg, parseStrace, type Syscall } from './testing/strace-log.js';

let dir = '';
let traced: Child | null = null;

test.before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outbox-fsync-'));
});

test.after(async () => {
  await traced?.kill();
  await rm(dir, { recursive: true, force: true });
});

async function traceAppends(count: number): Promise<Syscall[]> {
  const script = new URL('./testing/terminal-child.ts', import.meta.url).pathname;
  const log = join(dir, 'strace.log');
  const journalDir = join(dir, 'outbox');
  traced = startChild('strace', [
    '-f', '-qq', '-s', '64', '-o', log,
    '-e', 'trace=openat,fsync,fdatasync,write,pwrite64,rename',
    process.execPath, '--import', 'tsx', script, journalDir, '-', String(count), 'append-only',
  ]);
  await waitFor('traced appends to finish', () => traced!.exited(), 120_000);
  assert.ok(traced.lines.includes('done'), `child printed: ${traced.lines.join(' | ')}`);
  return parseStrace(await readFile(log, 'utf8'));
}

const isSync = (call: Syscall, fd: string) =>
  (call.name === 'fsync' || call.name === 'fdatasync') &&
  firstArg(call) === fd &&
  call.result === '0';

test('journal creation: temp file synced, renamed, then the folder synced', async () => {
  const calls = await traceAppends(5);
  const journalDir = join(dir, 'outbox');

  const openTemp = findCall(
    calls,
    0,
    (c) => c.name === 'openat' && c.args.includes('.outbox.journal.') && c.args.includes('O_CREAT'),
  );
  assert.ok(openTemp >= 0, 'temp journal opened');
  const tempFd = calls[openTemp]!.result;
  const syncTemp = findCall(calls, openTemp, (c) => isSync(c, tempFd));
  const target = `"${journalDir}/outbox.journal"`;
  const renamed = findCall(calls, openTemp, (c) => c.name === 'rename' && c.args.includes(target));
  assert.ok(syncTemp > openTemp && renamed > syncTemp, 'temp file synced before the rename');

  const dirArgs = `"${journalDir}", O_RDONLY`;
  const openDir = findCall(calls, renamed, (c) => c.name === 'openat' && c.args.includes(dirArgs));
  assert.ok(openDir > renamed, 'folder opened after the rename');
  const syncDir = findCall(calls, openDir, (c) => isSync(c, calls[openDir]!.result));
  assert.ok(syncDir > openDir, 'folder synced after the rename');
});

test('every append is synced before it resolves', async () => {
  const calls = await traceAppends(20);
  const journal = join(dir, 'outbox', 'outbox.journal');
  const rw = `"${journal}", O_RDWR`;
  const openJournal = findCall(calls, 0, (c) => c.name === 'openat' && c.args.includes(rw));
  assert.ok(openJournal >= 0, 'journal opened for writing');
  const fd = calls[openJournal]!.result;

  let from = openJournal;
  for (let n = 0; n < 20; n += 1) {
    const line = `1, "recorded ${n} `;
    const marker = findCall(calls, from, (c) => c.name === 'write' && c.args.startsWith(line));
    assert.ok(marker > from, `append ${n} resolved`);
    const record = findCall(calls, from, (c) => c.name === 'pwrite64' && firstArg(c) === fd);
    assert.ok(record > from && record < marker, `record ${n} written before append ${n} resolved`);
    const sync = findCall(calls, record, (c) => isSync(c, fd));
    assert.ok(sync > record && sync < marker, `record ${n} synced before append ${n} resolved`);
    from = marker;
  }
});

test.run();
