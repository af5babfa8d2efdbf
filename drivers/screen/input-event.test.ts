import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  ABS_MT_TRACKING_ID,
  EV_ABS,
  EV_SYN,
  InputEventDecoder,
  encodeInputEvent,
  nativeRecordSize,
  type InputEvent,
  type RecordSize,
} from './input-event.js';

const events: InputEvent[] = [
  { sec: 1_767_600_000, usec: 123_456, type: EV_ABS, code: ABS_MT_TRACKING_ID, value: 42 },
  { sec: 1_767_600_000, usec: 123_460, type: EV_ABS, code: ABS_MT_TRACKING_ID, value: -1 },
  { sec: 1_767_600_001, usec: 0, type: EV_SYN, code: 0, value: 0 },
  { sec: 0, usec: 999_999, type: 0xffff, code: 0xffff, value: 2_147_483_647 },
];

for (const size of [16, 24] as RecordSize[]) {
  const stream = Buffer.concat(events.map((event) => encodeInputEvent(event, size)));

  test(`${size}-byte records: several in one chunk decode in order`, () => {
    assert.is(stream.length, events.length * size);
    assert.equal(new InputEventDecoder(size).push(stream), events);
  });

  test(`${size}-byte records: a split at every offset loses and invents nothing`, () => {
    for (let cut = 0; cut <= stream.length; cut += 1) {
      const decoder = new InputEventDecoder(size);
      const first = decoder.push(stream.subarray(0, cut));
      const second = decoder.push(stream.subarray(cut));
      assert.equal([...first, ...second], events, `cut at ${cut}`);
      assert.is(decoder.pendingBytes, 0);
    }
  });

  test(`${size}-byte records: byte by byte, with empty chunks between`, () => {
    const decoder = new InputEventDecoder(size);
    const decoded: InputEvent[] = [];
    for (const byte of stream) {
      decoded.push(...decoder.push(Buffer.alloc(0)), ...decoder.push(Buffer.from([byte])));
    }
    assert.equal(decoded, events);
  });

  test(`${size}-byte records: a record cut short at the end is held, then dropped by flush`, () => {
    const decoder = new InputEventDecoder(size);
    const decoded = decoder.push(stream.subarray(0, size + 5));
    assert.equal(decoded, events.slice(0, 1));
    assert.is(decoder.pendingBytes, 5);
    assert.is(decoder.flush(), 5);
    assert.is(decoder.pendingBytes, 0);
    assert.equal(decoder.push(stream), events);
  });
}

test('the decoder copies what it keeps, so a reused read buffer cannot corrupt it', () => {
  const record = encodeInputEvent(events[0] as InputEvent, 24);
  const readBuffer = Buffer.from(record);
  const decoder = new InputEventDecoder(24);
  decoder.push(readBuffer.subarray(0, 10));
  readBuffer.fill(0xee);
  assert.equal(decoder.push(record.subarray(10)), [events[0]]);
});

test('record size follows the process: 16 bytes on 32-bit arm and x86, else 24', () => {
  assert.is(nativeRecordSize('arm'), 16);
  assert.is(nativeRecordSize('ia32'), 16);
  assert.is(nativeRecordSize('arm64'), 24);
  assert.is(nativeRecordSize('x64'), 24);
});

test.run();
