/**
 * One process per outbox folder: two writers appending to one journal would interleave
 * records. The lock is a file holding the owner's PID; a lock left by a process that no
 * longer runs (killed, power loss) is taken over.
 */
import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { isErrno } from '../../drivers/core/errors.js';
import type { Logger } from '../../drivers/core/logger.js';
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

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return isErrno(error, 'EPERM');
  }
}

export async function lockOutbox(dir: string, logger: Logger): Promise<() => Promise<void>> {
  const path = join(dir, 'outbox.lock');

  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      heldHere.add(path);
      return async () => {
        heldHere.delete(path);
        await unlink(path).catch(() => undefined);
      };
    } catch (error) {
      if (!isErrno(error, 'EEXIST')) throw error;
    }

    const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim());
    const alive = owner === process.pid ? heldHere.has(path) : owner > 0 && running(owner);
    if (Number.isInteger(owner) && alive) {
      throw new OutboxLockedError(dir, owner);
    }
    logger.warn('outbox lock left by a process that is gone; taking it over', {
      file: path,
      pid: owner || undefined,
    });
    await unlink(path).catch(() => undefined);
  }
  throw new OutboxLockedError(dir, -1);
}
