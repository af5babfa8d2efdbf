/** Rebuilds the outbox state from journal records read on open. */
import type { JournalRecord } from './journal-codec.js';

export interface ReplayedState {
  /** Puts without an ack, in seq order. */
  live: Array<JournalRecord & { type: 'put' }>;
  /** The first seq never used, whatever the journal says about base, puts and acks. */
  nextSeq: number;
  /** Records that compaction would drop (acked puts and acks). */
  deadRecords: number;
}

export function replay(records: readonly JournalRecord[]): ReplayedState {
  const live = new Map<number, JournalRecord & { type: 'put' }>();
  let nextSeq = 1;
  let deadRecords = 0;

  for (const record of records) {
    if (record.type === 'base') {
      nextSeq = Math.max(nextSeq, record.nextSeq);
    } else if (record.type === 'put') {
      live.set(record.seq, record);
      nextSeq = Math.max(nextSeq, record.seq + 1);
    } else {
      deadRecords += live.delete(record.seq) ? 2 : 1;
      nextSeq = Math.max(nextSeq, record.seq + 1);
    }
  }

  const sorted = [...live.values()].sort((a, b) => a.seq - b.seq);
  return { live: sorted, nextSeq, deadRecords };
}
