/**
 * The durable outbox: every event waits here until the platform has acknowledged it.
 *
 * An append-only journal (see journal-codec.ts) holds put and ack records. `append`
 * resolves only after its record is synced; `pending()` lists what is stored and not yet
 * acknowledged, in seq order. The seq counter survives restarts and compaction, so a seq
 * is never given twice. The outbox is bounded: past the high-water mark it says so once,
 * and when full it refuses new records with `OutboxFullError` instead of dropping any.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage } from '../../drivers/core/errors.js';
import type { Logger } from '../../drivers/core/logger.js';
import { TypedEmitter } from '../../drivers/core/typed-emitter.js';
import { writeDeadLetter } from './dead-letter.js';
import { encodeRecord, type JournalRecord } from './journal-codec.js';
import { JournalFile } from './journal-file.js';
import { replay } from './journal-replay.js';
import { PendingQueue } from './pending-queue.js';
import { lockOutbox } from './outbox-lock.js';
import {
  OutboxClosedError,
  OutboxFullError,
  OutboxRecordError,
} from './outbox-errors.js';

export interface OutboxEntry {
  seq: number;
  id: string;
  topic: string;
  payload: Buffer;
  /** ISO time the entry was stored. */
  storedAt: string;
}

export interface OutboxOptions {
  dir: string;
  logger: Logger;
  /** Most entries waiting at once (default 10 000). */
  maxEntries?: number;
  /** Most journal bytes of waiting entries (default 32 MiB). */
  maxBytes?: number;
  /** Share of either limit that raises `high-water` (default 0.8). */
  highWaterRatio?: number;
  /** Dead records (acked puts and their acks) that make compaction worth it (default 2000). */
  compactAfter?: number;
}

export interface HighWaterInfo {
  depth: number;
  bytes: number;
  maxEntries: number;
  maxBytes: number;
  oldestStoredAt: string | null;
}

export type OutboxEvents = {
  appended: OutboxEntry;
  'high-water': HighWaterInfo;
  drained: Record<string, never>;
};

interface Slot {
  entry: OutboxEntry;
  bytes: number;
  durable: boolean;
}

export const JOURNAL_FILE = 'outbox.journal';

export class Outbox {
  readonly events: TypedEmitter<OutboxEvents>;
  // Seqs only grow, so the map's insertion order is seq order.
  readonly #slots = new Map<number, Slot>();
  readonly #pending = new PendingQueue();
  #bytes = 0;
  #deadRecords = 0;
  #highWater = false;
  #closed = false;
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  readonly #ratio: number;
  readonly #compactAfter: number;

  private constructor(
    readonly dir: string,
    private readonly journal: JournalFile,
    private nextSeqValue: number,
    private readonly logger: Logger,
    private readonly unlock: () => Promise<void>,
    options: OutboxOptions,
  ) {
    this.events = new TypedEmitter((event, error) =>
      logger.error('outbox listener threw', { event, reason: errorMessage(error) }),
    );
    this.#maxEntries = options.maxEntries ?? 10_000;
    this.#maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
    this.#ratio = options.highWaterRatio ?? 0.8;
    this.#compactAfter = options.compactAfter ?? 2000;
  }

  static async open(options: OutboxOptions): Promise<Outbox> {
    await mkdir(options.dir, { recursive: true });
    const path = join(options.dir, JOURNAL_FILE);
    const unlock = await lockOutbox(options.dir, options.logger);
    let opened: Awaited<ReturnType<typeof JournalFile.open>>;
    try {
      opened = await JournalFile.open(path, options.logger);
    } catch (error) {
      await unlock();
      throw error;
    }
    const state = replay(opened.records);

    const { logger } = options;
    const outbox = new Outbox(options.dir, opened.journal, state.nextSeq, logger, unlock, options);
    for (const record of state.live) outbox.#store(record, true);
    outbox.#deadRecords = state.deadRecords;
    options.logger.info('outbox open', {
      file: path,
      waiting: outbox.depth,
      nextSeq: state.nextSeq,
      oldest: outbox.oldestStoredAt,
    });
    return outbox;
  }

  /** Entries stored (synced) and not yet acknowledged, in seq order. */
  pending(): readonly OutboxEntry[] {
    return this.#pending.all();
  }

  /** Up to `max` stored, unacknowledged entries with a seq above `seq`, in seq order. */
  pendingAfter(seq: number, max: number): readonly OutboxEntry[] {
    return this.#pending.after(seq, max);
  }

  /** Entries not yet acknowledged, including those still being synced. */
  get depth(): number {
    return this.#slots.size;
  }

  get bytes(): number {
    return this.#bytes;
  }

  get oldestStoredAt(): string | null {
    const first = this.#slots.values().next();
    return first.done ? null : first.value.entry.storedAt;
  }

  /** The seq the next `append` will get; read and append in the same tick to rely on it. */
  get nextSeq(): number {
    return this.nextSeqValue;
  }

  async append(message: { id: string; topic: string; payload: Buffer }): Promise<OutboxEntry> {
    if (this.#closed) throw new OutboxClosedError(this.journal.path);
    if (Buffer.byteLength(message.id) > 0xffff || Buffer.byteLength(message.topic) > 0xffff) {
      const id = message.id.slice(0, 40);
      throw new OutboxRecordError(`id or topic longer than 65535 bytes (id ${id})`);
    }

    const record: JournalRecord & { type: 'put' } = {
      type: 'put',
      seq: this.nextSeqValue,
      storedAtMs: Date.now(),
      id: message.id,
      topic: message.topic,
      payload: message.payload,
    };
    const bytes = encodeRecord(record).length;
    this.#checkRoom(bytes);

    // Take the seq and the room now, so concurrent appends keep call order.
    this.nextSeqValue += 1;
    const slot = this.#store(record, false);
    this.#checkHighWater();

    try {
      await this.journal.append(record);
    } catch (error) {
      this.#remove(record.seq);
      throw error;
    }

    slot.durable = true;
    this.#pending.add(slot.entry);
    this.events.emit('appended', slot.entry);
    return slot.entry;
  }

  /** Marks an entry delivered; resolves once the ack record is synced. */
  async ack(seq: number): Promise<void> {
    if (!this.#slots.has(seq)) {
      this.logger.debug('ack for an entry not waiting; ignored', { seq });
      return;
    }
    this.#remove(seq);
    this.#deadRecords += 2;
    if (this.#slots.size === 0) this.events.emit('drained', {});

    await this.journal.append({ type: 'ack', seq });
    this.#maybeCompact();
  }

  /**
   * Moves an entry that can never be delivered to `dead-letter.jsonl` in the outbox
   * folder, then acks it so the queue moves on.
   */
  async deadLetter(seq: number, reason: string): Promise<void> {
    const slot = this.#slots.get(seq);
    if (!slot) return;
    const file = await writeDeadLetter(this.dir, slot.entry, reason);
    this.logger.error('outbox entry dead-lettered; the platform will not receive it', {
      seq,
      id: slot.entry.id,
      topic: slot.entry.topic,
      reason,
      file,
    });
    await this.ack(seq);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.journal.close();
    await this.unlock();
  }

  #store(record: JournalRecord & { type: 'put' }, durable: boolean): Slot {
    const entry: OutboxEntry = {
      seq: record.seq,
      id: record.id,
      topic: record.topic,
      payload: record.payload,
      storedAt: new Date(record.storedAtMs).toISOString(),
    };
    const slot = { entry, bytes: encodeRecord(record).length, durable };
    this.#slots.set(record.seq, slot);
    this.#bytes += slot.bytes;
    if (durable) this.#pending.add(entry);
    return slot;
  }

  #remove(seq: number): void {
    const slot = this.#slots.get(seq);
    if (!slot) return;
    this.#slots.delete(seq);
    this.#bytes -= slot.bytes;
    if (slot.durable) this.#pending.remove(seq);
    if (this.#highWater && !this.#aboveHighWater()) this.#highWater = false;
  }

  #checkRoom(bytes: number): void {
    if (this.#slots.size + 1 > this.#maxEntries) {
      throw new OutboxFullError('entries', this.depth, this.#bytes, this.#maxEntries);
    }
    if (this.#bytes + bytes > this.#maxBytes) {
      throw new OutboxFullError('bytes', this.depth, this.#bytes, this.#maxBytes);
    }
  }

  #aboveHighWater(): boolean {
    return (
      this.#slots.size >= this.#maxEntries * this.#ratio ||
      this.#bytes >= this.#maxBytes * this.#ratio
    );
  }

  #checkHighWater(): void {
    if (this.#highWater || !this.#aboveHighWater()) return;
    this.#highWater = true;
    const info: HighWaterInfo = {
      depth: this.depth,
      bytes: this.#bytes,
      maxEntries: this.#maxEntries,
      maxBytes: this.#maxBytes,
      oldestStoredAt: this.oldestStoredAt,
    };
    this.logger.warn('outbox above high water; events are waiting for the platform', { ...info });
    this.events.emit('high-water', info);
  }

  #maybeCompact(): void {
    if (this.#closed) return;
    if (this.#deadRecords < this.#compactAfter || this.#deadRecords <= this.#slots.size) return;

    this.journal.compact(() => {
      // Taken when no write is in flight: every slot marked durable is in the old file.
      this.#deadRecords = 0;
      const live: JournalRecord[] = [{ type: 'base', nextSeq: this.nextSeqValue }];
      for (const { entry, durable } of this.#slots.values()) {
        if (!durable) continue;
        live.push({
          type: 'put',
          seq: entry.seq,
          storedAtMs: Date.parse(entry.storedAt),
          id: entry.id,
          topic: entry.topic,
          payload: entry.payload,
        });
      }
      return live;
    });
  }
}
