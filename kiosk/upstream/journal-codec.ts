/**
 * The outbox journal's record format.
 *
 * Each record is framed as `[u32 body length][u32 CRC-32 of body][body]`, big-endian, so
 * a record cut short by a power loss, or one whose bytes changed, is recognised on open.
 * Bodies start with a type byte:
 *   1 put  : seq (u48), storedAt ms (u48), id (u16 length + UTF-8), topic (same), payload
 *   2 ack  : seq (u48)
 *   3 base : next seq (u48) — first record of every journal, so seq survives compaction
 */
import { crc32 } from 'node:zlib';

export type JournalRecord =
  | { type: 'put'; seq: number; storedAtMs: number; id: string; topic: string; payload: Buffer }
  | { type: 'ack'; seq: number }
  | { type: 'base'; nextSeq: number };

const HEADER = 8;
/** Larger than any record the outbox accepts; a bigger length field means damage. */
export const MAX_BODY = 256 * 1024 * 1024;

const TYPE = { put: 1, ack: 2, base: 3 } as const;

function encodeBody(record: JournalRecord): Buffer {
  if (record.type === 'ack' || record.type === 'base') {
    const body = Buffer.alloc(7);
    body.writeUInt8(TYPE[record.type], 0);
    body.writeUIntBE(record.type === 'ack' ? record.seq : record.nextSeq, 1, 6);
    return body;
  }

  const id = Buffer.from(record.id, 'utf8');
  const topic = Buffer.from(record.topic, 'utf8');
  const head = Buffer.alloc(13);
  head.writeUInt8(TYPE.put, 0);
  head.writeUIntBE(record.seq, 1, 6);
  head.writeUIntBE(record.storedAtMs, 7, 6);
  const idLength = Buffer.alloc(2);
  idLength.writeUInt16BE(id.length);
  const topicLength = Buffer.alloc(2);
  topicLength.writeUInt16BE(topic.length);
  return Buffer.concat([head, idLength, id, topicLength, topic, record.payload]);
}

export function encodeRecord(record: JournalRecord): Buffer {
  const body = encodeBody(record);
  const header = Buffer.alloc(HEADER);
  header.writeUInt32BE(body.length, 0);
  header.writeUInt32BE(crc32(body), 4);
  return Buffer.concat([header, body]);
}

function decodeBody(body: Buffer): JournalRecord {
  const type = body.readUInt8(0);
  if (type === TYPE.ack) return { type: 'ack', seq: body.readUIntBE(1, 6) };
  if (type === TYPE.base) return { type: 'base', nextSeq: body.readUIntBE(1, 6) };
  if (type !== TYPE.put) throw new Error(`unknown record type ${type}`);

  const seq = body.readUIntBE(1, 6);
  const storedAtMs = body.readUIntBE(7, 6);
  const idLength = body.readUInt16BE(13);
  const idEnd = 15 + idLength;
  const topicLength = body.readUInt16BE(idEnd);
  const topicEnd = idEnd + 2 + topicLength;
  if (topicEnd > body.length) throw new Error('put record shorter than its fields');
  return {
    type: 'put',
    seq,
    storedAtMs,
    id: body.toString('utf8', 15, idEnd),
    topic: body.toString('utf8', idEnd + 2, topicEnd),
    payload: Buffer.from(body.subarray(topicEnd)),
  };
}

export interface ScanResult {
  records: JournalRecord[];
  /** Offset just past the last good record; everything after it is damaged. */
  goodLength: number;
  /** What is wrong at `goodLength`, or null when the whole file is good. */
  damage: string | null;
}

/** Reads records from the start until the end or the first damaged record. */
export function scanJournal(data: Buffer): ScanResult {
  const records: JournalRecord[] = [];
  let offset = 0;

  while (offset < data.length) {
    const left = data.length - offset;
    if (left < HEADER) return { records, goodLength: offset, damage: `${left} stray bytes` };

    const length = data.readUInt32BE(offset);
    if (length === 0 || length > MAX_BODY) {
      return { records, goodLength: offset, damage: `impossible record length ${length}` };
    }
    if (HEADER + length > left) {
      const damage = `record of ${length} bytes cut short at ${left - HEADER}`;
      return { records, goodLength: offset, damage };
    }

    const body = data.subarray(offset + HEADER, offset + HEADER + length);
    if (crc32(body) !== data.readUInt32BE(offset + 4)) {
      return { records, goodLength: offset, damage: 'checksum mismatch' };
    }
    try {
      records.push(decodeBody(body));
    } catch (error) {
      return { records, goodLength: offset, damage: `undecodable record: ${String(error)}` };
    }
    offset += HEADER + length;
  }

  return { records, goodLength: offset, damage: null };
}
