import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Command, Confirmation } from './constants.js';
import { FingerprintEmulator } from './emulator.js';
import { execute } from './emulator-state.js';

const genImg = (emulator: FingerprintEmulator) =>
  execute(emulator.state, Buffer.from([Command.GenImg])).ack[0];

test('a touch is captured once, then the glass is empty', () => {
  const emulator = new FingerprintEmulator();
  emulator.enrol(4);
  emulator.touch(4);
  assert.is(genImg(emulator), Confirmation.ok);
  assert.is(genImg(emulator), Confirmation.noFinger);
});

test('a second touch before the host saw the lift shows the lift first', () => {
  const emulator = new FingerprintEmulator();
  emulator.enrol(4);
  emulator.enrol(5);
  emulator.touch(4);
  assert.is(genImg(emulator), Confirmation.ok);
  emulator.touch(5);
  assert.is(genImg(emulator), Confirmation.noFinger, 'the lift between two touches');
  assert.is(genImg(emulator), Confirmation.ok, 'then the second finger');
  assert.is(emulator.state.image, 'finger-5');
});

test('lifting drops a touch still waiting', () => {
  const emulator = new FingerprintEmulator();
  emulator.enrol(4);
  emulator.touch(4);
  genImg(emulator);
  emulator.touch(4);
  emulator.liftFinger();
  assert.is(genImg(emulator), Confirmation.noFinger);
  assert.is(genImg(emulator), Confirmation.noFinger);
});

test.run();
