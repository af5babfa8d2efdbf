/**
 * How the emulator turns a finger into template bytes and back.
 *
 * A real template is 512 opaque bytes. The emulator writes a marker and the finger's
 * id at the front and fills the rest with bytes derived from the id, so an uploaded
 * template downloaded again identifies the same finger, and foreign bytes still give a
 * stable (unknown) finger.
 */
import { createHash } from 'node:crypto';

export const TEMPLATE_BYTES = 512;
const MARKER = Buffer.from('EMU1', 'ascii');

export function templateOf(fingerId: string): Buffer {
  const id = Buffer.from(fingerId, 'utf8').subarray(0, 200);
  const bytes = Buffer.alloc(TEMPLATE_BYTES);
  MARKER.copy(bytes, 0);
  bytes.writeUInt8(id.length, MARKER.length);
  id.copy(bytes, MARKER.length + 1);

  let filled = MARKER.length + 1 + id.length;
  let block = createHash('sha256').update(id).digest();
  while (filled < TEMPLATE_BYTES) {
    filled += block.copy(bytes, filled);
    block = createHash('sha256').update(block).digest();
  }
  return bytes;
}

export function fingerOfTemplate(bytes: Buffer): string {
  const marked = bytes.length === TEMPLATE_BYTES && bytes.subarray(0, MARKER.length).equals(MARKER);
  if (marked) {
    const length = bytes.readUInt8(MARKER.length);
    return bytes.subarray(MARKER.length + 1, MARKER.length + 1 + length).toString('utf8');
  }
  return `foreign-${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}`;
}
