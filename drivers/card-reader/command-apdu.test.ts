import * as assert from 'uvu/assert';
import { test } from 'uvu';
import { parseCommandApdu } from './command-apdu.js';
import { SimulatedCard } from './simulated-card.js';

const hex = (text: string) => Buffer.from(text.replace(/\s/g, ''), 'hex');

test('parses the four short cases', () => {
  const case1 = parseCommandApdu(hex('FFCA0000'));
  assert.ok(case1.ok && case1.apdu.le === null && case1.apdu.data.length === 0);
  const case2 = parseCommandApdu(hex('FFCA000000'));
  assert.ok(case2.ok && case2.apdu.le === 256);
  const case3 = parseCommandApdu(hex('00A4040002 3F00'));
  assert.ok(case3.ok && case3.apdu.le === null && case3.apdu.data.equals(hex('3F00')));
  const case4 = parseCommandApdu(hex('00A4040002 3F00 10'));
  assert.ok(case4.ok && case4.apdu.le === 16);
});

test('parses extended lengths', () => {
  const case2e = parseCommandApdu(hex('00B00000 00 0000'));
  assert.ok(case2e.ok && case2e.apdu.le === 65536);
  const data = 'AB'.repeat(300);
  const case4e = parseCommandApdu(hex(`00D60000 00 012C ${data} 0100`));
  assert.ok(case4e.ok && case4e.apdu.data.length === 300 && case4e.apdu.le === 256);
});

test('a fragment, two commands run together or an oversized body are named, not guessed', () => {
  const cases: [string, string][] = [
    ['FFCA00', 'shorter than a 4-byte header'],
    ['00A4040004 3F00', 'Lc says 4 data bytes but 2 bytes follow'],
    ['FFCA000000 FFCA000000', 'extended Lc says 65482 data bytes but 3 bytes follow'],
    ['00D60000 00 0002 AABBCC', 'extended Lc says 2 data bytes but 3 bytes follow'],
    ['00D60000 00 01', 'extended length field cut short'],
  ];
  for (const [bytes, reason] of cases) {
    const parsed = parseCommandApdu(hex(bytes));
    assert.not.ok(parsed.ok, bytes);
    if (!parsed.ok) assert.match(parsed.reason, reason);
  }
});

test('the card model answers malformed and foreign commands with defined status words', () => {
  const card = new SimulatedCard({ uid: '04A1B2C3' });
  const sw = (bytes: string) => {
    const answer = card.respond(hex(bytes));
    return answer.kind === 'response' ? answer.bytes.toString('hex').toUpperCase() : 'pulled';
  };
  assert.is(sw('FFCA'), '6700');
  assert.is(sw('00CA000000'), '6E00');
  assert.is(sw('FFB0000010'), '6D00');
  assert.is(sw('FFCA010000'), '6A81');
  assert.is(sw('FFCA000002'), '6C04');
  assert.is(sw('FFCA000000'), '04A1B2C39000');
  assert.is(sw('FFCA000004'), '04A1B2C39000');
});

test.run();
