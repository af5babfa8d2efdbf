/**
 * A made-up serial capture from a fingerprint module: packets of every type and size
 * the family sends (short acks, 128/256-byte template data), optionally with line
 * noise and packets whose checksum was hit, cut into chunks of random size as a serial
 * port delivers them. Seeded, so every run frames the same bytes.
 */
import { DEFAULT_ADDRESS, PacketType } from '../drivers/fingerprint/constants.js';
import { encodePacket } from '../drivers/fingerprint/packet.js';

export interface FrameStream {
  chunks: Buffer[];
  bytes: number;
  /** Packets a correct framer must deliver (damaged ones excluded). */
  goodPackets: number;
}

export interface FrameStreamOptions {
  bytes: number;
  /** Share of packets followed by a few noise bytes, and share with a bad checksum. */
  damage: number;
  /** Largest chunk a read returns. */
  maxChunk: number;
  seed: number;
}

/** Small, fast, seedable PRNG (mulberry32); returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

// 0xEF never appears in payload, checksum or noise, so a damaged packet can never hide a
// false start code and both framers must find exactly the good packets.
function byteWithoutStart(random: () => number): number {
  const byte = Math.floor(random() * 255);
  return byte >= 0xef ? byte + 1 : byte;
}

function randomPacket(random: () => number): Buffer {
  const roll = random();
  const type = roll < 0.5 ? PacketType.ack : roll < 0.6 ? PacketType.command : PacketType.data;
  const short = 1 + Math.floor(random() * 16);
  const length = type === PacketType.data ? (random() < 0.5 ? 128 : 256) : short;
  const payload = Buffer.alloc(length);

  for (;;) {
    for (let i = 0; i < length; i += 1) payload[i] = byteWithoutStart(random);
    const packet = encodePacket({ type, address: DEFAULT_ADDRESS, payload });
    const end = packet.length;
    if (packet[end - 1] !== 0xef && packet[end - 2] !== 0xef) return packet;
  }
}

function damage(packet: Buffer): void {
  const last = packet.length - 1;
  const flipped = packet[last]! ^ 0x5a;
  packet[last] = flipped === 0xef ? packet[last]! ^ 0x3c : flipped;
}

export function frameStream(options: FrameStreamOptions): FrameStream {
  const random = seededRandom(options.seed);
  const parts: Buffer[] = [];
  let bytes = 0;
  let goodPackets = 0;

  while (bytes < options.bytes) {
    const packet = randomPacket(random);
    if (random() < options.damage) {
      damage(packet);
    } else {
      goodPackets += 1;
    }
    parts.push(packet);
    bytes += packet.length;

    if (random() < options.damage) {
      const noise = Buffer.alloc(1 + Math.floor(random() * 12));
      for (let i = 0; i < noise.length; i += 1) noise[i] = byteWithoutStart(random);
      parts.push(noise);
      bytes += noise.length;
    }
  }

  const all = Buffer.concat(parts);
  const chunks: Buffer[] = [];
  for (let at = 0; at < all.length; ) {
    const size = 1 + Math.floor(random() * options.maxChunk);
    chunks.push(all.subarray(at, at + size));
    at += size;
  }
  return { chunks, bytes: all.length, goodPackets };
}
