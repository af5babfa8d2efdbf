/**
 * One process per outbox folder: two writers appending to one journal would interleave
 * records. The lock is a file naming the owner: its PID, the boot it ran in and its start
 * time. A lock left by a process that no longer runs (killed, power loss) is taken over;
 * after a reboot the same PID may belong to another process, so a PID alone is not proof.
 */
import { readFileSync } from 'node:fs';
import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { isErrno } from '../../drivers/core/errors.js';
import type { Logger } from '../../drivers/core/logger.js';
import { processRuns } from '../store/process-runs.js';
import { OutboxError } from './outbox-errors.js';

export class OutboxLockedError extends OutboxError {
  constructor(
    readonly dir: string,
    readonly ownerPid: number,
  ) {
    super('outbox-locked', `outbox ${dir} is in use by process ${ownerPid}; stop it first`);
  }
}

/** Folders this process holds; a lock file with our own PID may be left by an earlier run. */
const heldHere = new Set<string>();

interface Owner {
  pid: number;
  /** Linux boot id; a lock from an earlier boot is always stale. */
  boot: string | null;
  /** The process's start time in clock ticks since boot (/proc/PID/stat field 22). */
  started: string | null;
}

function readProc(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
}

function startTimeOf(pid: number): string | null {
  const stat = readProc(`/proc/${pid}/stat`);
  // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
  const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields?.[19] ?? null;
}

function ownerHere(): Owner {
  return {
    pid: process.pid,
    boot: readProc('/proc/sys/kernel/random/boot_id'),
    started: startTimeOf(process.pid),
  };
}

/** Reads a lock file: the current JSON form, or a bare PID written by older versions. */
function parseOwner(text: string): Owner | null {
  try {
    const owner = JSON.parse(text) as Partial<Owner>;
    if (typeof owner === 'number') return { pid: owner, boot: null, started: null };
    if (!Number.isInteger(owner.pid) || (owner.pid ?? 0) <= 0) return null;
    return { pid: owner.pid!, boot: owner.boot ?? null, started: owner.started ?? null };
  } catch {
    return null;
  }
}

function ownerAlive(owner: Owner, path: string): boolean {
  if (owner.pid === process.pid && owner.started === ownerHere().started) return heldHere.has(path);
  const here = ownerHere();
  if (owner.boot !== null && here.boot !== null && owner.boot !== here.boot) return false;
  if (owner.started !== null && startTimeOf(owner.pid) !== owner.started) return false;
  return processRuns(owner.pid);
}

export async function lockOutbox(dir: string, logger: Logger): Promise<() => Promise<void>> {
  const path = join(dir, 'outbox.lock');

  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.writeFile(JSON.stringify(ownerHere()));
      await handle.close();
      heldHere.add(path);
      return async () => {
        heldHere.delete(path);
        await unlink(path).catch(() => undefined);
      };
    } catch (error) {
      if (!isErrno(error, 'EEXIST')) throw error;
    }

    const owner = parseOwner(await readFile(path, 'utf8').catch(() => ''));
    if (owner && ownerAlive(owner, path)) throw new OutboxLockedError(dir, owner.pid);
    logger.warn('outbox lock left by a process that is gone; taking it over', {
      file: path,
      pid: owner?.pid,
    });
    await unlink(path).catch(() => undefined);
  }
  throw new OutboxLockedError(dir, -1);
}
