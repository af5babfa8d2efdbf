/**
 * The obvious durable log an outbox is measured against: every record gets its own
 * write and its own fdatasync, one after the other, with no grouping. Records are the
 * outbox's own journal frames, so both sides write the same bytes.
 */
import { open, type FileHandle } from 'node:fs/promises';

export class NaiveJournal {
  #tail: Promise<void> = Promise.resolve();

  private constructor(private readonly handle: FileHandle) {}

  static async open(path: string): Promise<NaiveJournal> {
    return new NaiveJournal(await open(path, 'a'));
  }

  /** Resolves once this frame is written and synced; frames keep call order. */
  append(frame: Buffer): Promise<void> {
    const written = this.#tail.then(async () => {
      await this.handle.write(frame);
      await this.handle.datasync();
    });
    // A failed write answers its own caller; later records still get their turn.
    this.#tail = written.catch(() => undefined);
    return written;
  }

  async close(): Promise<void> {
    await this.#tail;
    await this.handle.close();
  }
}
