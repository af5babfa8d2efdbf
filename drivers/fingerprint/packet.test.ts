import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PacketType } from './constants.js';
import { joinData, splitData } from './data-transfer.js';
import { FrameError, checksumOf, commandPacket, decodePacket, encodePacket } from './packet.js';

test('a GenImg command encodes to the bytes of the datasheet', () => {
  const bytes = encodePacket(commandPacket(0xffffffff, 0x01));
  const expected = [0xef, 0x01, 0xff, 0xff, 0xff, 0xff, 0x01, 0x00, 0x03, 0x01, 0x00, 0x05];
  assert.equal([...bytes], expected);
});

test('the checksum sums packet id, both length bytes and the payload', () => {
  assert.is(checksumOf(0x01, 0x0003, Buffer.from([0x01])), 0x0005);
  const full = Buffer.alloc(256, 0xff);
  assert.is(checksumOf(0x02, 0x0102, full), (0x02 + 0x01 + 0x02 + 256 * 0xff) & 0xffff);
});

test('encode then decode gives the packet back, for every packet id', () => {
  for (const type of Object.values(PacketType)) {
    const payload = Buffer.from([1, 2, 3, 250, 0, 0xef, 0x01]);
    const packet = { type, address: 0x12345678, payload };
    const decoded = decodePacket(encodePacket(packet));
    assert.equal(decoded, packet);
  }
});

test('a 128-byte data payload (length 00 82) decodes', () => {
  const payload = Buffer.alloc(128);
  for (let i = 0; i < payload.length; i += 1) payload[i] = (i * 7) & 0xff;
  const bytes = encodePacket({ type: PacketType.data, address: 0xffffffff, payload });
  assert.equal([bytes[7], bytes[8]], [0x00, 0x82]);
  assert.equal(decodePacket(bytes, 258).payload, payload);
});

test('the same 128-byte packet with its checksum off by one is rejected', () => {
  const payload = Buffer.alloc(128, 9);
  const bytes = encodePacket({ type: PacketType.data, address: 0xffffffff, payload });
  bytes.writeUInt16BE((bytes.readUInt16BE(bytes.length - 2) + 1) & 0xffff, bytes.length - 2);
  try {
    decodePacket(bytes);
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, FrameError);
    assert.is((error as FrameError).fault, 'checksum');
  }
});

test('decode names a short packet, an unknown id and a length above the limit', () => {
  const faultOf = (bytes: Buffer, max?: number) => {
    try {
      decodePacket(bytes, max);
      return 'none';
    } catch (error) {
      return (error as FrameError).fault;
    }
  };
  const good = encodePacket(commandPacket(0xffffffff, 0x0f));
  assert.is(faultOf(good.subarray(0, 8)), 'truncated');
  const badType = Buffer.from(good);
  badType[6] = 0x05;
  assert.is(faultOf(badType), 'bad-type');
  const big = encodePacket({ type: 2, address: 0, payload: Buffer.alloc(300) });
  assert.is(faultOf(big, 258), 'oversized');
});

test('data split into module-sized packets ends with one end packet and joins back', () => {
  const template = Buffer.alloc(512);
  for (let i = 0; i < template.length; i += 1) template[i] = (i * 13 + 5) & 0xff;
  for (const size of [32, 64, 128, 256]) {
    const packets = splitData(0xffffffff, template, size);
    assert.is(packets.length, 512 / size);
    assert.ok(packets.slice(0, -1).every((packet) => packet.type === PacketType.data));
    assert.is(packets.at(-1)?.type, PacketType.endOfData);
    assert.equal(joinData(packets), template);
  }
  const uneven = splitData(0, Buffer.alloc(130, 1), 128);
  assert.equal(uneven.map((packet) => packet.payload.length), [128, 2]);
  assert.is(joinData(uneven.slice(0, 1)), null);
});

test.run();
