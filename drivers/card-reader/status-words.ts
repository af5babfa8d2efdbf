/**
 * The get-UID command of PC/SC part 3 (`FF CA 00 00 Le`) and what each status word of
 * its answer means for the driver.
 */
import { DriverError, ProtocolError } from '../core/errors.js';

export const SW_OK = 0x9000;

export function getUidCommand(le = 0): Buffer {
  return Buffer.from([0xff, 0xca, 0x00, 0x00, le & 0xff]);
}

export type StatusKind =
  | { kind: 'ok' }
  /** 6Cxx: wrong Le, the card says how many bytes it has (00 means 256). */
  | { kind: 'wrong-length'; le: number }
  /** 6A81, 6D00, 6E00: the reader or card does not offer get-UID. */
  | { kind: 'not-supported' }
  /** 6300: the reader tried and failed (no card answer, collision). */
  | { kind: 'failed' }
  /** Other 62xx / 63xx: a warning; data may still be there. */
  | { kind: 'warning' }
  | { kind: 'unknown' };

export function classifyStatus(sw: number): StatusKind {
  if (sw === SW_OK) return { kind: 'ok' };
  if (sw >> 8 === 0x6c) return { kind: 'wrong-length', le: sw & 0xff };
  if (sw === 0x6a81 || sw === 0x6d00 || sw === 0x6e00) return { kind: 'not-supported' };
  if (sw === 0x6300) return { kind: 'failed' };
  if (sw >> 8 === 0x62 || sw >> 8 === 0x63) return { kind: 'warning' };
  return { kind: 'unknown' };
}

export interface ResponseApdu {
  data: Buffer;
  sw: number;
}

/** Splits a response APDU into data and status word; fewer than 2 bytes is a protocol error. */
export function splitResponse(device: string, reader: string, bytes: Uint8Array): ResponseApdu {
  // vpcd, and some readers, answer success with no bytes when the card left mid-command.
  if (bytes.length === 0) {
    throw new DriverError(
      'no-response',
      `${device}: reader "${reader}" returned an empty answer (card left during the command?)`,
      device,
    );
  }
  if (bytes.length < 2) {
    const hex = Buffer.from(bytes).toString('hex').toUpperCase();
    throw new ProtocolError(device, `reader "${reader}" answered ${hex}: no status word`);
  }
  const buffer = Buffer.from(bytes);
  return {
    data: buffer.subarray(0, buffer.length - 2),
    sw: buffer.readUInt16BE(buffer.length - 2),
  };
}

export function swHex(sw: number): string {
  return sw.toString(16).toUpperCase().padStart(4, '0');
}
