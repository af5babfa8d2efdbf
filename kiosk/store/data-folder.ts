/**
 * Makes sure the data folder can hold the store and the outbox before either opens it.
 * A folder that cannot be written (a card remounted read-only, a full disk, wrong owner)
 * otherwise surfaces as a confusing errno from deep inside one of them.
 */
import { mkdir, open, unlink } from 'node:fs/promises';
import { join } from 'node:path';

const HINTS: Record<string, string> = {
  EROFS: 'the file system is read-only; check the mount or the SD card',
  EACCES: 'permission denied; the service user must own it',
  EPERM: 'permission denied; the service user must own it',
  ENOSPC: 'the disk is full',
  ENOTDIR: 'a part of its path is a file, not a folder',
};

/** The data folder cannot be used; names the folder, the step and what to check. */
export class DataFolderError extends Error {
  readonly code = 'data-folder-unusable';

  constructor(
    readonly dir: string,
    readonly errno: string,
    options: { cause: unknown },
  ) {
    const hint = HINTS[errno] ?? 'see the cause';
    super(`data folder ${dir} cannot be written (${errno}): ${hint}`, options);
    this.name = 'DataFolderError';
  }
}

/** Creates the folder if needed and proves a file can be written, synced and removed. */
export async function checkDataFolder(dir: string): Promise<void> {
  const probe = join(dir, `.write-check-${process.pid}`);
  try {
    await mkdir(dir, { recursive: true });
    const handle = await open(probe, 'w', 0o600);
    try {
      await handle.writeFile('ok\n');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await unlink(probe);
  } catch (error) {
    await unlink(probe).catch(() => undefined);
    const errno = (error as NodeJS.ErrnoException).code ?? 'unknown';
    throw new DataFolderError(dir, errno, { cause: error });
  }
}
