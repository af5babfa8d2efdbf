/**
 * The outbox journal on disk: recovery on open, group-committed appends, compaction.
 *
 * Appends queue; one loop writes everything queued in a single write and one fdatasync,
 * then answers every caller of that batch. Appends arriving while a sync runs wait for
 * the next one, so a burst costs a few syncs, not one each. Compaction runs in the same
 * loop, so it never races a write.
 */
import { copyFile, lstat, open, readFile, rename, type FileHandle } from 'node:fs/promises';
import { errorMessage, isErrno } from '../../drivers/core/errors.js';
import type { Logger } from '../../drivers/core/logger.js';
import { writeFileDurably } from '../store/durable-file.js';
import { encodeRecord, scanJournal, type JournalRecord } from './journal-codec.js';
import { OutboxWriteError } from './outbox-errors.js';

interface Queued {
  frame: Buffer;
  done: (error: Error | null) => void;
}

export class JournalFile {
  #queue: Queued[] = [];
  #compaction: (() => Buffer) | null = null;
  #running = false;
  #idle: Array<() => void> = [];
  #broken: Error | null = null;

  private constructor(
    readonly path: string,
    private handle: FileHandle,
    private size: number,
    private readonly logger: Logger,
  ) {}

  /**
   * Opens the journal, creating it with `base` when missing. A damaged tail is logged,
   * copied aside as `<path>.damaged-<time>` and cut off, so later appends follow the last
   * good record.
   */
  static async open(
    path: string,
    logger: Logger,
  ): Promise<{ journal: JournalFile; records: JournalRecord[] }> {
    await moveAsideIfNotAFile(path, logger);
    let data: Buffer;
    try {
      data = await readFile(path);
    } catch (error) {
      if (!isErrno(error, 'ENOENT')) throw new OutboxWriteError(path, 'read journal', error);
      await writeFileDurably(path, encodeRecord({ type: 'base', nextSeq: 1 }));
      logger.info('created outbox journal', { file: path });
      data = await readFile(path);
    }

    const scan = scanJournal(data);
    if (scan.damage !== null) {
      const kept = `${path}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      // The copy is for a technician; a full disk must not keep the terminal from starting.
      const copied = await copyFile(path, kept).then(
        () => kept,
        (error: unknown) => `not kept: ${errorMessage(error)}`,
      );
      logger.warn('outbox journal had a damaged tail; skipped it and kept earlier records', {
        file: path,
        damage: scan.damage,
        at: scan.goodLength,
        droppedBytes: data.length - scan.goodLength,
        keptAs: copied,
      });
    }

    const handle = await open(path, 'r+');
    if (scan.damage !== null) {
      await handle.truncate(scan.goodLength);
      await handle.sync();
    }
    const journal = new JournalFile(path, handle, scan.goodLength, logger);
    return { journal, records: scan.records };
  }

  get bytes(): number {
    return this.size;
  }

  /** Resolves once the record is on disk and synced. */
  append(record: JournalRecord): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = (error: Error | null) => (error ? reject(error) : resolve());
      this.#queue.push({ frame: encodeRecord(record), done });
      this.#kick();
    });
  }

  /**
   * Rewrites the journal with the content `snapshot` returns, taken when no write is in
   * flight. Later appends go to the new file.
   */
  compact(snapshot: () => JournalRecord[]): void {
    this.#compaction = () => Buffer.concat(snapshot().map(encodeRecord));
    this.#kick();
  }

  /** Waits until every queued write is done, then closes the file. */
  async close(): Promise<void> {
    if (this.#running) await new Promise<void>((resolve) => this.#idle.push(resolve));
    await this.handle.close();
  }

  #kick(): void {
    if (!this.#running) void this.#drain();
  }

  async #drain(): Promise<void> {
    this.#running = true;

    while (this.#queue.length > 0 || this.#compaction) {
      if (this.#queue.length > 0) {
        await this.#writeBatch(this.#queue.splice(0));
      } else if (this.#compaction) {
        const build = this.#compaction;
        this.#compaction = null;
        await this.#rewrite(build());
      }
    }

    this.#running = false;
    for (const resolve of this.#idle.splice(0)) resolve();
  }

  async #writeBatch(batch: Queued[]): Promise<void> {
    if (this.#broken) {
      for (const item of batch) item.done(this.#broken);
      return;
    }

    const data = Buffer.concat(batch.map((item) => item.frame));
    const start = this.size;

    try {
      await this.#writeFully(data, start);
      await this.handle.datasync();
      this.size = start + data.length;
      for (const item of batch) item.done(null);
    } catch (error) {
      // Cut a half-written batch off so the next append follows a good record.
      await this.handle.truncate(start).catch(() => undefined);
      const failure = new OutboxWriteError(this.path, 'append', error);
      for (const item of batch) item.done(failure);
    }
  }

  /** A write may be short (nearly full disk); go on until all is written or it fails. */
  async #writeFully(data: Buffer, position: number): Promise<void> {
    let done = 0;
    while (done < data.length) {
      const at = position + done;
      const { bytesWritten } = await this.handle.write(data, done, data.length - done, at);
      if (bytesWritten === 0) throw new Error(`short write at byte ${at}`);
      done += bytesWritten;
    }
  }

  async #rewrite(content: Buffer): Promise<void> {
    try {
      await writeFileDurably(this.path, content);
    } catch (error) {
      // The old journal is still whole: keep appending to it; the next trigger retries.
      this.logger.warn('outbox compaction failed; journal kept as it was', {
        file: this.path,
        reason: errorMessage(error),
      });
      return;
    }

    const before = this.size;
    try {
      await this.handle.close();
      this.handle = await open(this.path, 'r+');
      this.size = content.length;
      this.logger.debug('outbox journal compacted', { file: this.path, before, after: this.size });
    } catch (error) {
      // Appending to the replaced file would lose records: refuse every later append.
      this.#broken = new OutboxWriteError(this.path, 'reopen after compaction', error);
      this.logger.error('outbox journal could not be reopened after compaction', {
        file: this.path,
        reason: errorMessage(error),
      });
    }
  }
}

/**
 * Something other than a file where the journal belongs (a folder, a device, a link) is
 * moved aside for a technician and the outbox starts a new journal, rather than keeping
 * the terminal from starting until someone removes it by hand.
 */
async function moveAsideIfNotAFile(path: string, logger: Logger): Promise<void> {
  let stat;
  try {
    stat = await lstat(path);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return;
    throw new OutboxWriteError(path, 'inspect journal', error);
  }
  if (stat.isFile()) return;

  const aside = `${path}.not-a-journal-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  try {
    await rename(path, aside);
  } catch (error) {
    throw new OutboxWriteError(path, 'move aside what stands in place of the journal', error);
  }
  logger.error(
    'something other than a file stood where the outbox journal belongs; moved it ' +
      'aside and started a new journal (event seqs start again at 1)',
    {
      file: path,
      movedTo: aside,
    },
  );
}
