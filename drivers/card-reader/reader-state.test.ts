import * as assert from 'uvu/assert';
import { test } from 'uvu';
import { decodeReaderState, describeReaderState, STATE_FLAGS as F } from './reader-state.js';

test('a present, powered card is usable; the event counter comes from the high 16 bits', () => {
  const state = decodeReaderState(((3 << 16) | F.changed | F.present | F.inUse) >>> 0);
  assert.ok(state.cardPresent);
  assert.ok(state.cardUsable);
  assert.is(state.eventCount, 3);
  assert.equal(state.flags, ['changed', 'present', 'inUse']);
  assert.is(describeReaderState(state), 'changed+present+inUse (events 3)');
});

test('present but mute or unpowered is not a card to read', () => {
  for (const bit of [F.mute, F.unpowered]) {
    const state = decodeReaderState(F.present | bit);
    assert.ok(state.cardPresent);
    assert.not.ok(state.cardUsable);
  }
});

test('an empty, unknown or unavailable reader has no card, whatever else is set', () => {
  assert.not.ok(decodeReaderState(F.empty).cardPresent);
  assert.not.ok(decodeReaderState(F.present | F.empty).cardPresent);
  const gone = decodeReaderState(F.unknown | F.present);
  assert.ok(gone.readerUnavailable);
  assert.not.ok(gone.cardUsable);
  assert.ok(decodeReaderState(F.unavailable).readerUnavailable);
});

test('every flag decodes, unnamed bits are reported, not dropped', () => {
  const all = Object.values(F).reduce((sum, bit) => sum | bit, 0);
  assert.is(decodeReaderState(all).flags.length, Object.keys(F).length);
  const odd = decodeReaderState(F.present | 0x8000);
  assert.is(odd.unknownBits, 0x8000);
  assert.match(describeReaderState(odd), 'unknown-bits=0x8000');
  assert.is(describeReaderState(decodeReaderState(0)), 'unaware (events 0)');
});

test.run();
