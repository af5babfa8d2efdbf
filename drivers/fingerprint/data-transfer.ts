/**
 * Splitting a template into data packets and joining it back.
 *
 * The module sends and expects data in packets of its configured size (32, 64, 128 or
 * 256 bytes, reported by ReadSysPara); every packet but the last has id 02, the last
 * has id 08.
 */
import { PacketType } from './constants.js';
import type { Packet } from './packet.js';

export const PACKET_SIZES = [32, 64, 128, 256] as const;

/** The ReadSysPara packet-size code (0–3) as a byte count, or null when unknown. */
export function packetSizeOf(code: number): number | null {
  return PACKET_SIZES[code] ?? null;
}

export function splitData(address: number, bytes: Buffer, packetSize: number): Packet[] {
  if (!Number.isInteger(packetSize) || packetSize < 1) {
    throw new RangeError(`data packet size ${packetSize} is not a positive integer`);
  }
  const packets: Packet[] = [];
  for (let offset = 0; offset < bytes.length || packets.length === 0; offset += packetSize) {
    const payload = Buffer.from(bytes.subarray(offset, offset + packetSize));
    const last = offset + packetSize >= bytes.length;
    packets.push({ type: last ? PacketType.endOfData : PacketType.data, address, payload });
  }
  return packets;
}

/**
 * Joins data packets. Returns the bytes once an end packet arrived, or null while more
 * are expected; throws when a packet that is not data appears.
 */
export function joinData(packets: Packet[]): Buffer | null {
  const end = packets.findIndex((packet) => packet.type === PacketType.endOfData);
  const body = end < 0 ? packets : packets.slice(0, end + 1);
  for (const packet of body) {
    if (packet.type !== PacketType.data && packet.type !== PacketType.endOfData) {
      throw new RangeError(`packet id 0x${packet.type.toString(16)} inside a data transfer`);
    }
  }
  return end < 0 ? null : Buffer.concat(body.map((packet) => packet.payload));
}
