import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { BOARD_TO_HOST, FirmataFramer, type FramerFault } from './firmata-framer.js';

const test = suite('firmata framer');

function framer(maxSysex = 64) {
  const messages: string[] = [];
  const faults: FramerFault[] = [];
  const instance = new FirmataFramer(
    BOARD_TO_HOST,
    (message) => messages.push(Buffer.from(message).toString('hex')),
    (fault) => faults.push(fault),
    maxSysex,
  );
  return { instance, messages, faults };
}

const VERSION = [0xf9, 0x02, 0x05];
const DIGITAL = [0x90, 0x04, 0x00];
const FIRMWARE = [0xf0, 0x79, 0x01, 0x00, 0x6b, 0x00, 0xf7];

test('a message cut into single bytes comes out whole, once', () => {
  const { instance, messages, faults } = framer();
  for (const byte of [...FIRMWARE, ...VERSION]) instance.push(Uint8Array.of(byte));
  assert.equal(messages, ['f07901006b00f7', 'f90205']);
  assert.equal(faults, []);
});

test('several messages in one read come out one by one', () => {
  const { instance, messages } = framer();
  instance.push(Uint8Array.from([...VERSION, ...DIGITAL, ...FIRMWARE, 0xe0, 0x7f, 0x03]));
  assert.equal(messages, ['f90205', '900400', 'f07901006b00f7', 'e07f03']);
});

test('stray data bytes are dropped and named', () => {
  const { instance, messages, faults } = framer();
  instance.push(Uint8Array.from([0x12, 0x34, ...VERSION]));
  assert.equal(messages, ['f90205']);
  assert.equal(faults.map((f) => f.kind), ['stray-data', 'stray-data']);
  assert.match(faults[0]?.detail ?? '', '0x12');
});

test('a message cut short by the next command is dropped, the next one kept', () => {
  const { instance, messages, faults } = framer();
  instance.push(Uint8Array.from([0x90, 0x01, ...VERSION]));
  assert.equal(messages, ['f90205']);
  assert.equal(faults[0]?.kind, 'truncated');
});

test('unknown command bytes are dropped with their data', () => {
  const { instance, messages, faults } = framer();
  instance.push(Uint8Array.from([0xa5, 0x01, 0x02, 0xfe, 0xc3, 0x01, ...DIGITAL]));
  assert.equal(messages, ['900400']);
  const kinds = faults.map((f) => f.kind);
  assert.equal(kinds.filter((k) => k === 'unknown-command').length, 3);
  assert.ok(kinds.includes('stray-data'));
});

test('an unterminated sysex is dropped when the next command starts', () => {
  const { instance, messages, faults } = framer();
  instance.push(Uint8Array.from([0xf0, 0x79, 0x01, 0x02, ...VERSION]));
  assert.equal(messages, ['f90205']);
  assert.equal(faults.length, 1);
  assert.match(faults[0]?.detail ?? '', 'sysex 0x79 not terminated');
});

test('an oversized sysex is dropped up to its end, then framing goes on', () => {
  const { instance, messages, faults } = framer(64);
  const body = new Array<number>(5000).fill(0x11);
  instance.push(Uint8Array.from([0xf0, 0x71, ...body, 0xf7, ...VERSION]));
  assert.equal(messages, ['f90205']);
  assert.equal(faults.length, 1);
  assert.equal(faults[0]?.kind, 'oversized-sysex');
});

test('an endless sysex never grows past the limit', () => {
  const { instance, messages, faults } = framer(64);
  for (let i = 0; i < 1000; i += 1) instance.push(new Uint8Array(100).fill(0x22));
  instance.push(Uint8Array.of(0xf0, 0x71));
  for (let i = 0; i < 1000; i += 1) instance.push(new Uint8Array(100).fill(0x22));
  instance.push(Uint8Array.from(VERSION));
  assert.equal(messages, ['f90205']);
  assert.ok(faults.some((f) => f.kind === 'oversized-sysex'));
});

test('reset forgets a partial message', () => {
  const { instance, messages, faults } = framer();
  instance.push(Uint8Array.of(0xf0, 0x79, 0x01));
  instance.reset();
  instance.push(Uint8Array.of(0x00, 0xf7, ...VERSION));
  assert.equal(messages, ['f90205']);
  assert.equal(faults.map((f) => f.kind), ['stray-data', 'unknown-command']);
});

test.run();
