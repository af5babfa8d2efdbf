/**
 * The framer anyone would write first, as the baseline for the real one: join every
 * chunk onto what is held, scan the held bytes from the start for whole packets, decode
 * each with `decodePacket` and keep what is left. A bad packet costs a thrown error and
 * a step of two bytes.
 */
import { START_CODE } from '../drivers/fingerprint/constants.js';
import { HEADER_BYTES, decodePacket, type Packet } from '../drivers/fingerprint/packet.js';

const START = Buffer.from([START_CODE >> 8, START_CODE & 0xff]);

export class NaiveFramer {
  #held: Buffer = Buffer.alloc(0);
  errors = 0;

  push(chunk: Buffer): Packet[] {
    this.#held = Buffer.concat([this.#held, chunk]);
    const packets: Packet[] = [];
    let offset = 0;

    for (;;) {
      const at = this.#held.indexOf(START, offset);
      if (at < 0) {
        // Keep a last EF: it may be the first half of a start code.
        const last = this.#held.length - 1;
        offset = last >= offset && this.#held[last] === START[0] ? last : this.#held.length;
        break;
      }
      offset = at;
      if (this.#held.length - at < HEADER_BYTES) break;
      const total = HEADER_BYTES + this.#held.readUInt16BE(at + 7);
      if (this.#held.length - at < total) break;

      try {
        packets.push(decodePacket(this.#held.subarray(at, at + total), 256 + 2));
        offset = at + total;
      } catch {
        this.errors += 1;
        offset = at + START.length;
      }
    }

    this.#held = Buffer.from(this.#held.subarray(offset));
    return packets;
  }
}
