import * as assert from 'uvu/assert';
import { test } from 'uvu';
import { classifyPayload, encodeFrame, VpcdFrameDecoder, VpcdFrameError } from './vpcd-codec.js';

const apdu = Buffer.from('FFCA000000', 'hex');

test('a frame split byte by byte comes out once, whole', () => {
  const decoder = new VpcdFrameDecoder();
  const wire = encodeFrame(apdu);
  const out: Buffer[] = [];
  for (const byte of wire) out.push(...decoder.push(Buffer.from([byte])));
  assert.equal(out, [apdu]);
  decoder.end();
});

test('frames run together in one chunk come out in order', () => {
  const decoder = new VpcdFrameDecoder();
  const wire = Buffer.concat([
    encodeFrame(Buffer.from([4])),
    encodeFrame(apdu),
    encodeFrame(Buffer.from([1])),
  ]);
  const out = decoder.push(wire);
  assert.equal(out.map((f) => f.toString('hex')), ['04', 'ffca000000', '01']);
});

test('a frame over the limit poisons the stream and says so on every later push', () => {
  const decoder = new VpcdFrameDecoder(16);
  const header = Buffer.from([0x00, 0x11]);
  assert.throws(() => decoder.push(header), /17 bytes exceeds the 16-byte limit/);
  assert.throws(() => decoder.push(encodeFrame(apdu)), (e: unknown) => e instanceof VpcdFrameError);
});

test('a zero-length frame is refused', () => {
  const decoder = new VpcdFrameDecoder();
  const isEmpty = (e: unknown) => (e as VpcdFrameError).code === 'empty';
  assert.throws(() => decoder.push(Buffer.from([0, 0])), isEmpty);
});

test('a stream that ends inside a frame is reported unterminated', () => {
  const cutInBody = new VpcdFrameDecoder();
  cutInBody.push(encodeFrame(apdu).subarray(0, 4));
  assert.throws(() => cutInBody.end(), /3 bytes short of a frame/);

  const cutInHeader = new VpcdFrameDecoder();
  cutInHeader.push(Buffer.from([0x00]));
  const isUnterminated = (e: unknown) => (e as VpcdFrameError).code === 'unterminated';
  assert.throws(() => cutInHeader.end(), isUnterminated);
});

test('encoding refuses what the 2-byte length cannot carry', () => {
  assert.throws(() => encodeFrame(Buffer.alloc(0x10000)), /exceeds 65535/);
  assert.equal(encodeFrame(Buffer.from([1, 2])), Buffer.from([0, 2, 1, 2]));
});

test('payloads classify as control codes, unknown codes or APDUs', () => {
  assert.equal(classifyPayload(Buffer.from([0])), { kind: 'control', action: 'power-off' });
  assert.equal(classifyPayload(Buffer.from([1])), { kind: 'control', action: 'power-on' });
  assert.equal(classifyPayload(Buffer.from([2])), { kind: 'control', action: 'reset' });
  assert.equal(classifyPayload(Buffer.from([4])), { kind: 'control', action: 'get-atr' });
  assert.equal(classifyPayload(Buffer.from([3])), { kind: 'unknown-control', code: 3 });
  assert.equal(classifyPayload(apdu), { kind: 'apdu', bytes: apdu });
});

test('random bytes in random chunks never crash the decoder (bounded: 300 streams)', () => {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (let run = 0; run < 300; run++) {
    const decoder = new VpcdFrameDecoder(64);
    const length = Math.floor(random() * 200);
    const stream = Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));
    for (let at = 0; at < stream.length; ) {
      const size = 1 + Math.floor(random() * 16);
      try {
        for (const frame of decoder.push(stream.subarray(at, at + size))) {
          assert.ok(frame.length >= 1 && frame.length <= 64);
        }
      } catch (error) {
        assert.instance(error, VpcdFrameError);
        break;
      }
      at += size;
    }
  }
});

test.run();
