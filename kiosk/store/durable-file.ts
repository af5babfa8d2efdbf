/**
 * Whole-file durable writes: temp file in the same folder → fsync → rename over the
 * target → fsync the folder. After `write()` resolves, a power cut leaves either the old
 * or the new content on disk, never a mix and never an empty file.
 *
 * One `DurableFileWriter` per path. Calls queue behind the write in progress; a burst of
 * calls coalesces so that only the latest content is written next, and every caller of
 * the burst is answered by that one write.
 */
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { errorMessage } from '../../drivers/core/errors.js';

/** A durable write failed; names the file and the step that failed. */
export class DurableWriteError extends Error {
  readonly code = 'durable-write-failed';

  constructor(
    readonly path: string,
    readonly step: string,
    options?: { cause?: unknown },
  ) {
    super(`could not write ${path} durably (${step}): ${errorMessage(options?.cause)}`, options);
    this.name = 'DurableWriteError';
  }
}

/** Flushes a folder's entry table so a rename or a new file survives a power cut. */
export async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

let tempCounter = 0;

/** One durable write without queueing; prefer `DurableFileWriter` for repeated writes. */
export async function writeFileDurably(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  tempCounter += 1;
  const temp = join(dir, `.${basename(path)}.${process.pid}.${tempCounter}.tmp`);
  let step = 'open temp file';

  try {
    const handle = await open(temp, 'w', 0o600);
    try {
      step = 'write temp file';
      await handle.writeFile(data);
      step = 'fsync temp file';
      await handle.sync();
    } finally {
      await handle.close();
    }

    step = 'rename over target';
    await rename(temp, path);

    step = 'fsync folder';
    await fsyncDirectory(dir);
  } catch (error) {
    // Leave no temp file behind; the target still holds its previous content.
    await unlink(temp).catch(() => undefined);
    throw new DurableWriteError(path, step, { cause: error });
  }
}

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class DurableFileWriter {
  #running = false;
  #next: { data: string | Uint8Array; waiters: Waiter[] } | null = null;

  constructor(readonly path: string) {}

  /** Resolves once this content, or content written after it, is durable on disk. */
  write(data: string | Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      // A queued write not yet started is replaced: only the latest content matters.
      const waiters = this.#next?.waiters ?? [];
      waiters.push({ resolve, reject });
      this.#next = { data, waiters };
      if (!this.#running) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#running = true;

    while (this.#next) {
      const { data, waiters } = this.#next;
      this.#next = null;
      try {
        await writeFileDurably(this.path, data);
        for (const waiter of waiters) waiter.resolve();
      } catch (error) {
        for (const waiter of waiters) waiter.reject(error);
      }
    }

    this.#running = false;
  }
}
