/**
 * The Linux evdev record (`struct input_event`) and a stream decoder for it.
 *
 * A record is a timeval, then type (u16), code (u16) and value (s32), little-endian on
 * every board we ship. The timeval is two C longs, so a record is 24 bytes for a 64-bit
 * process and 16 bytes for a 32-bit one (armhf) — also on a 64-bit kernel, whose compat
 * layer hands 32-bit readers the short form.
 */
export const EV_SYN = 0x00;
export const EV_KEY = 0x01;
export const EV_ABS = 0x03;
/** Highest event type the kernel defines; anything above it is not evdev. */
export const EV_MAX = 0x1f;

export const SYN_REPORT = 0;
export const SYN_DROPPED = 3;

export const BTN_TOUCH = 0x14a;
export const ABS_X = 0x00;
export const ABS_Y = 0x01;
export const ABS_MT_POSITION_X = 0x35;
export const ABS_MT_POSITION_Y = 0x36;
export const ABS_MT_TRACKING_ID = 0x39;

export type RecordSize = 16 | 24;

export interface InputEvent {
  sec: number;
  usec: number;
  type: number;
  code: number;
  value: number;
}

const ARCHES_32_BIT = new Set(['arm', 'ia32', 'mips', 'mipsel', 'ppc']);

/** Record size this process reads from /dev/input, from its own pointer width. */
export function nativeRecordSize(arch: string = process.arch): RecordSize {
  return ARCHES_32_BIT.has(arch) ? 16 : 24;
}

export function encodeInputEvent(event: InputEvent, size: RecordSize): Buffer {
  const record = Buffer.alloc(size);
  const tail = size - 8;
  if (size === 24) {
    record.writeBigInt64LE(BigInt(event.sec), 0);
    record.writeBigInt64LE(BigInt(event.usec), 8);
  } else {
    record.writeInt32LE(event.sec, 0);
    record.writeInt32LE(event.usec, 4);
  }
  record.writeUInt16LE(event.type, tail);
  record.writeUInt16LE(event.code, tail + 2);
  record.writeInt32LE(event.value, tail + 4);
  return record;
}

function decodeRecord(bytes: Buffer, offset: number, size: RecordSize): InputEvent {
  const tail = offset + size - 8;
  const sec =
    size === 24 ? Number(bytes.readBigInt64LE(offset)) : bytes.readInt32LE(offset);
  const usec =
    size === 24 ? Number(bytes.readBigInt64LE(offset + 8)) : bytes.readInt32LE(offset + 4);
  return {
    sec,
    usec,
    type: bytes.readUInt16LE(tail),
    code: bytes.readUInt16LE(tail + 2),
    value: bytes.readInt32LE(tail + 4),
  };
}

/**
 * Cuts a byte stream into records. A read may end inside a record (a pipe, or a test
 * writing in pieces), so at most one partial record is kept for the next chunk; memory
 * stays bounded whatever arrives.
 */
export class InputEventDecoder {
  #pending: Buffer = Buffer.alloc(0);

  constructor(readonly recordSize: RecordSize) {}

  push(chunk: Buffer): InputEvent[] {
    const bytes = this.#pending.length > 0 ? Buffer.concat([this.#pending, chunk]) : chunk;
    const whole = bytes.length - (bytes.length % this.recordSize);
    const events: InputEvent[] = [];
    for (let offset = 0; offset < whole; offset += this.recordSize) {
      events.push(decodeRecord(bytes, offset, this.recordSize));
    }

    // Copy the rest: the caller may reuse its read buffer.
    this.#pending = Buffer.from(bytes.subarray(whole));
    return events;
  }

  get pendingBytes(): number {
    return this.#pending.length;
  }

  /** Drops a partial record (the stream ended inside one); returns how many bytes. */
  flush(): number {
    const dropped = this.#pending.length;
    this.#pending = Buffer.alloc(0);
    return dropped;
  }
}
