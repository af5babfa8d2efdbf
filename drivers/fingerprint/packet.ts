/**
 * Encoding and decoding of one module packet. Pure functions, no I/O.
 *
 * Layout: EF 01 | address (4) | packet id (1) | length (2) | payload | checksum (2).
 * The length counts payload + checksum; the checksum is the 16-bit sum of the packet
 * id, both length bytes and every payload byte. All numbers are big-endian.
 */
import { PACKET_TYPES, START_CODE, type PacketType } from './constants.js';

export interface Packet {
  type: PacketType;
  address: number;
  payload: Buffer;
}

/** Bytes before the payload: start code, address, packet id, length. */
export const HEADER_BYTES = 9;
export const CHECKSUM_BYTES = 2;

/** Why a run of bytes is not a packet. */
export type FrameFault =
  | 'checksum'
  | 'oversized'
  | 'bad-length'
  | 'bad-type'
  | 'noise'
  | 'truncated';

export class FrameError extends Error {
  constructor(
    readonly fault: FrameFault,
    message: string,
    /** How many bytes the framer dropped because of this fault. */
    readonly droppedBytes = 0,
  ) {
    super(message);
    this.name = 'FrameError';
  }
}

export function checksumOf(type: number, lengthField: number, payload: Uint8Array): number {
  let sum = type + (lengthField >> 8) + (lengthField & 0xff);
  for (const byte of payload) sum += byte;
  return sum & 0xffff;
}

export function encodePacket(packet: Packet): Buffer {
  const lengthField = packet.payload.length + CHECKSUM_BYTES;
  if (lengthField > 0xffff) {
    throw new RangeError(`payload of ${packet.payload.length} bytes is too long`);
  }

  const bytes = Buffer.alloc(HEADER_BYTES + lengthField);
  bytes.writeUInt16BE(START_CODE, 0);
  bytes.writeUInt32BE(packet.address >>> 0, 2);
  bytes.writeUInt8(packet.type, 6);
  bytes.writeUInt16BE(lengthField, 7);
  packet.payload.copy(bytes, HEADER_BYTES);
  bytes.writeUInt16BE(checksumOf(packet.type, lengthField, packet.payload), bytes.length - 2);
  return bytes;
}

/** Decodes exactly one whole packet; throws a FrameError naming what is wrong. */
export function decodePacket(bytes: Buffer, maxLengthField = 0xffff): Packet {
  if (bytes.length < HEADER_BYTES + CHECKSUM_BYTES) {
    throw new FrameError('truncated', `packet of ${bytes.length} bytes is shorter than a header`);
  }
  if (bytes.readUInt16BE(0) !== START_CODE) {
    throw new FrameError('noise', `packet does not begin with EF 01`);
  }

  const type = bytes.readUInt8(6);
  const lengthField = bytes.readUInt16BE(7);
  if (!PACKET_TYPES.has(type)) {
    throw new FrameError('bad-type', `unknown packet id 0x${type.toString(16)}`);
  }
  if (lengthField < CHECKSUM_BYTES) {
    throw new FrameError('bad-length', `length field ${lengthField} < 2`);
  }
  if (lengthField > maxLengthField) {
    throw new FrameError('oversized', `length field ${lengthField} exceeds ${maxLengthField}`);
  }
  if (bytes.length !== HEADER_BYTES + lengthField) {
    throw new FrameError(
      'truncated',
      `length field says ${HEADER_BYTES + lengthField} bytes, got ${bytes.length}`,
    );
  }

  const payload = Buffer.from(bytes.subarray(HEADER_BYTES, bytes.length - CHECKSUM_BYTES));
  const expected = checksumOf(type, lengthField, payload);
  const actual = bytes.readUInt16BE(bytes.length - CHECKSUM_BYTES);
  if (expected !== actual) {
    throw new FrameError(
      'checksum',
      `checksum 0x${actual.toString(16)} should be 0x${expected.toString(16)}`,
    );
  }
  return { type: type as PacketType, address: bytes.readUInt32BE(2), payload };
}

/** Command packet for an instruction code and its parameters. */
export function commandPacket(
  address: number,
  code: number,
  params: Uint8Array = Buffer.alloc(0),
): Packet {
  return { type: 0x01, address, payload: Buffer.concat([Buffer.from([code]), params]) };
}
