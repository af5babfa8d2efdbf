import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PacketType } from './constants.js';
import { Framer, type FramerOutput } from './framer.js';
import { encodePacket, type Packet } from './packet.js';

const ADDRESS = 0xffffffff;
const ack = (...payload: number[]): Packet => ({
  type: PacketType.ack,
  address: ADDRESS,
  payload: Buffer.from(payload),
});
const packets = (outputs: FramerOutput[]) =>
  outputs.flatMap((o) => (o.kind === 'packet' ? [o.packet] : []));
const faults = (outputs: FramerOutput[]) =>
  outputs.flatMap((o) => (o.kind === 'error' ? [o.error.fault] : []));

test('a frame split at every offset comes out once, whole', () => {
  const frame = ack(0x00, 0x00, 0x05, 0x00, 0x64);
  const bytes = encodePacket(frame);
  for (let cut = 0; cut <= bytes.length; cut += 1) {
    const framer = new Framer();
    const out = [...framer.push(bytes.subarray(0, cut)), ...framer.push(bytes.subarray(cut))];
    assert.equal(packets(out), [frame], `split at ${cut}`);
    assert.equal(faults(out), [], `split at ${cut}`);
  }
});

test('a frame fed one byte at a time, with empty reads between, comes out once', () => {
  const frame = ack(0x00);
  const framer = new Framer();
  const out: FramerOutput[] = [];
  for (const byte of encodePacket(frame)) {
    out.push(...framer.push(Buffer.alloc(0)), ...framer.push(Buffer.from([byte])));
  }
  assert.equal(packets(out), [frame]);
  assert.is(framer.bufferedBytes, 0);
});

test('several frames in one read come out in order', () => {
  const data = { type: PacketType.data, address: ADDRESS, payload: Buffer.alloc(128, 0xef) };
  const frames = [ack(0x00), ack(0x02), data];
  const out = new Framer().push(Buffer.concat(frames.map(encodePacket)));
  assert.equal(packets(out), frames);
  assert.equal(faults(out), []);
});

test('garbage before the start code is skipped and reported as noise', () => {
  const framer = new Framer();
  const noise = Buffer.from([0x00, 0x13, 0xef, 0x77, 0xef]);
  const out = framer.push(Buffer.concat([noise, encodePacket(ack(0x09))]));
  assert.equal(packets(out), [ack(0x09)]);
  assert.equal(faults(out), ['noise']);
});

test('a wrong checksum is reported, and the next frame is still found', () => {
  const bad = encodePacket(ack(0x00, 0x01, 0x02));
  bad.writeUInt8(bad.readUInt8(bad.length - 1) ^ 0x01, bad.length - 1);
  const out = new Framer().push(Buffer.concat([bad, encodePacket(ack(0x02))]));
  assert.equal(packets(out), [ack(0x02)]);
  assert.ok(faults(out).includes('checksum'));
});

test('a corrupted length that swallows the next frame still lets that frame be found', () => {
  const bad = encodePacket(ack(0x00));
  bad.writeUInt16BE(0x0020, 7);
  const next = encodePacket(ack(0x02));
  const framer = new Framer();
  const out = [...framer.push(Buffer.concat([bad, next])), ...framer.push(Buffer.alloc(40, 0))];
  assert.equal(packets(out), [ack(0x02)]);
  assert.ok(faults(out).includes('checksum'));
});

test('a length above the largest packet is a bad frame; a valid frame right after is found', () => {
  const huge = Buffer.from([0xef, 0x01, 0xff, 0xff, 0xff, 0xff, 0x02, 0xff, 0xf0]);
  const framer = new Framer();
  const out = framer.push(Buffer.concat([huge, encodePacket(ack(0x00))]));
  assert.equal(packets(out), [ack(0x00)]);
  assert.equal(faults(out)[0], 'oversized');
  assert.is(framer.bufferedBytes, 0);
});

test('the largest packet allowed is configurable', () => {
  const frame = { type: PacketType.data, address: ADDRESS, payload: Buffer.alloc(256, 1) };
  assert.equal(packets(new Framer().push(encodePacket(frame))), [frame]);
  const strict = new Framer({ maxLengthField: 130 });
  assert.equal(faults(strict.push(encodePacket(frame)))[0], 'oversized');
});

test('an unknown packet id is a bad frame and resyncs', () => {
  const odd = encodePacket(ack(0x00));
  odd[6] = 0x03;
  const out = new Framer().push(Buffer.concat([odd, encodePacket(ack(0x00))]));
  assert.equal(packets(out), [ack(0x00)]);
  assert.equal(faults(out)[0], 'bad-type');
});

test('buffering stays bounded whatever arrives', () => {
  const framer = new Framer();
  let seed = 7;
  for (let round = 0; round < 300; round += 1) {
    const chunk = Buffer.alloc(97);
    for (let i = 0; i < chunk.length; i += 1) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      chunk[i] = i % 11 === 0 ? 0xef : i % 11 === 1 ? 0x01 : seed & 0xff;
    }
    framer.push(chunk);
    const held = framer.bufferedBytes;
    assert.ok(held <= framer.maxBufferedBytes, `round ${round}: ${held} bytes held`);
  }
  framer.push(Buffer.alloc(framer.maxBufferedBytes + 2, 0));
  const out = framer.push(encodePacket(ack(0x00)));
  assert.equal(packets(out), [ack(0x00)]);
});

test('a trailing EF waits for the next byte instead of being dropped', () => {
  const bytes = encodePacket(ack(0x00));
  const framer = new Framer();
  const first = framer.push(Buffer.concat([Buffer.from([0x55]), bytes.subarray(0, 1)]));
  assert.equal(faults(first), ['noise']);
  assert.equal(packets(framer.push(bytes.subarray(1))), [ack(0x00)]);
});

test.run();
