/**
 * Cuts a byte stream into module packets.
 *
 * Bytes arrive in any split: half a header, three packets at once, nothing at all. The
 * framer keeps at most one packet's worth of bytes, skips noise before a start code,
 * and after a bad frame (wrong checksum, impossible length, unknown packet id) looks
 * for the next start code inside the bytes it already has, so a good packet that follows
 * a bad one is still found.
 */
import { PACKET_TYPES, START_CODE } from './constants.js';
import {
  CHECKSUM_BYTES,
  FrameError,
  HEADER_BYTES,
  checksumOf,
  type Packet,
} from './packet.js';
import type { PacketType } from './constants.js';

/** The largest data payload the family sends (256) plus the checksum. */
export const DEFAULT_MAX_LENGTH_FIELD = 256 + CHECKSUM_BYTES;

export type FramerOutput =
  | { kind: 'packet'; packet: Packet }
  | { kind: 'error'; error: FrameError };

export interface FramerOptions {
  /** Largest length field accepted (payload + 2); anything above is a bad frame. */
  maxLengthField?: number;
}

const START = Buffer.from([START_CODE >> 8, START_CODE & 0xff]);

export class Framer {
  readonly maxLengthField: number;
  #buffer: Buffer = Buffer.alloc(0);

  constructor(options: FramerOptions = {}) {
    this.maxLengthField = options.maxLengthField ?? DEFAULT_MAX_LENGTH_FIELD;
  }

  /** The most bytes the framer ever holds between two pushes. */
  get maxBufferedBytes(): number {
    return HEADER_BYTES + this.maxLengthField;
  }

  get bufferedBytes(): number {
    return this.#buffer.length;
  }

  /** Drops a half-received packet, e.g. after the peer went silent. */
  reset(): void {
    this.#buffer = Buffer.alloc(0);
  }

  push(chunk: Uint8Array): FramerOutput[] {
    const out: FramerOutput[] = [];
    if (chunk.length > 0) this.#buffer = Buffer.concat([this.#buffer, chunk]);

    for (;;) {
      this.#skipNoise(out);
      if (this.#buffer.length < HEADER_BYTES) break;

      const fault = this.#headerFault();
      if (fault) {
        out.push({ kind: 'error', error: fault });
        this.#drop(START.length);
        continue;
      }

      const lengthField = this.#buffer.readUInt16BE(7);
      const total = HEADER_BYTES + lengthField;
      if (this.#buffer.length < total) break;

      out.push(this.#takeFrame(total, lengthField));
    }
    return out;
  }

  /** Drops everything before the next start code, keeping a trailing EF that may begin one. */
  #skipNoise(out: FramerOutput[]): void {
    const at = this.#buffer.indexOf(START);
    let dropped: number;
    if (at >= 0) dropped = at;
    else if (this.#buffer.length > 0 && this.#buffer[this.#buffer.length - 1] === START[0]) {
      dropped = this.#buffer.length - 1;
    } else dropped = this.#buffer.length;

    if (dropped === 0) return;
    this.#drop(dropped);
    const message = `skipped ${dropped} byte(s) before a start code`;
    out.push({ kind: 'error', error: new FrameError('noise', message, dropped) });
  }

  #headerFault(): FrameError | null {
    const type = this.#buffer.readUInt8(6);
    const lengthField = this.#buffer.readUInt16BE(7);
    if (!PACKET_TYPES.has(type)) {
      return new FrameError('bad-type', `unknown packet id 0x${type.toString(16)}`, START.length);
    }
    if (lengthField < CHECKSUM_BYTES) {
      return new FrameError('bad-length', `length field ${lengthField} is below 2`, START.length);
    }
    if (lengthField > this.maxLengthField) {
      const message =
        `length field ${lengthField} exceeds the largest packet (${this.maxLengthField})`;
      return new FrameError('oversized', message, START.length);
    }
    return null;
  }

  #takeFrame(total: number, lengthField: number): FramerOutput {
    const frame = this.#buffer.subarray(0, total);
    const type = frame.readUInt8(6);
    const payload = Buffer.from(frame.subarray(HEADER_BYTES, total - CHECKSUM_BYTES));
    const expected = checksumOf(type, lengthField, payload);
    const actual = frame.readUInt16BE(total - CHECKSUM_BYTES);

    // A wrong checksum may mean a corrupted length, so the frame's own bytes are searched
    // again for a start code instead of being skipped as a whole.
    if (expected !== actual) {
      this.#drop(START.length);
      const message = `checksum 0x${actual.toString(16)} should be 0x${expected.toString(16)}`;
      return { kind: 'error', error: new FrameError('checksum', message, START.length) };
    }

    const address = frame.readUInt32BE(2);
    this.#drop(total);
    return { kind: 'packet', packet: { type: type as PacketType, address, payload } };
  }

  #drop(count: number): void {
    this.#buffer = this.#buffer.subarray(count);
  }
}
