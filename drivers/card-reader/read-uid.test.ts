import * as assert from 'uvu/assert';
import { test } from 'uvu';
import { createMemoryLogger } from '../core/logger.js';
import type { PcscSession } from './backend.js';
import { PcscError } from './errors.js';
import { readUid } from './read-uid.js';
import { classifyStatus } from './status-words.js';

const READER = 'ACME PICC 00 00';

/** A session that answers each transmit with the next scripted response. */
function scripted(...answers: (string | Error)[]) {
  const sent: string[] = [];
  const session: PcscSession = {
    transmit: async (_reader, apdu) => {
      sent.push(apdu.toString('hex').toUpperCase());
      const next = answers.shift();
      if (next === undefined) throw new Error('script ran out: one command too many');
      if (next instanceof Error) throw next;
      return Buffer.from(next.replace(/\s/g, ''), 'hex');
    },
    release: async () => {},
    close: async () => {},
  };
  return { session, sent };
}

function read(session: PcscSession) {
  return readUid({
    device: 'lobby-card',
    reader: READER,
    session,
    uidLengths: [4, 7, 10],
    logger: createMemoryLogger(),
  });
}

async function failure(session: PcscSession): Promise<{ code: string; message: string }> {
  const error = await read(session).then(
    (uid) => assert.unreachable(`read a UID ${uid}`),
    (e: unknown) => e as { code: string; message: string },
  );
  return error as { code: string; message: string };
}

test('reads UIDs of 4, 7 and 10 bytes with a single get-UID', async () => {
  for (const uid of ['04A1B2C3', '04A1B2C3D4E5F6', '04A1B2C3D4E5F6071829']) {
    const { session, sent } = scripted(uid.toLowerCase() + '9000');
    assert.is(await read(session), uid);
    assert.equal(sent, ['FFCA000000']);
  }
});

test('6C07 is followed by one re-send with Le=07', async () => {
  const { session, sent } = scripted('6C07', '04A1B2C3D4E5F6 9000');
  assert.is(await read(session), '04A1B2C3D4E5F6');
  assert.equal(sent, ['FFCA000000', 'FFCA000007']);
});

test('a second 6Cxx ends the read instead of looping', async () => {
  const { session, sent } = scripted('6C07', '6C04');
  const error = await failure(session);
  assert.is(error.code, 'card-status');
  assert.match(error.message, '6C04');
  assert.is(sent.length, 2);
});

test('status words map to typed errors that name reader and word', async () => {
  const cases: [string, string][] = [
    ['6A81', 'not-supported'],
    ['6D00', 'not-supported'],
    ['6E00', 'not-supported'],
    ['6300', 'card-failed'],
    ['63C2', 'card-warning'],
    ['6F00', 'card-status'],
    ['6985', 'card-status'],
    ['6700', 'card-status'],
    ['6110', 'card-status'],
    ['0000', 'card-status'],
    ['FFFF', 'card-status'],
  ];
  for (const [sw, code] of cases) {
    const error = await failure(scripted(sw).session);
    assert.is(error.code, code, sw);
    assert.match(error.message, sw);
    assert.match(error.message, READER);
  }
});

test('a 62xx warning keeps a whole UID and refuses a partial one', async () => {
  assert.is(await read(scripted('0A0B0C0D 6282').session), '0A0B0C0D');
  const error = await failure(scripted('0A0B0C 6282').session);
  assert.is(error.code, 'card-warning');
});

test('fragmented, concatenated and oversized answers are protocol errors', async () => {
  const cases: [string, string, string][] = [
    ['', 'no-response', 'empty answer'],
    ['90', 'protocol', 'answered 90: no status word'],
    ['04A1B2C3 9000 9000', 'protocol', '6-byte UID'],
    ['04A1B2C3 9000 04A1', 'card-status', 'answered 04A1'],
    ['0102030405060708090A0B 9000', 'protocol', '11-byte UID'],
    ['AB'.repeat(300) + '9000', 'protocol', '300-byte UID'],
    ['9000', 'protocol', '0-byte UID'],
  ];
  for (const [answer, code, text] of cases) {
    const error = await failure(scripted(answer).session);
    assert.is(error.code, code, answer);
    assert.match(error.message, text);
  }
});

test('a PC/SC failure during the exchange reaches the caller as it was', async () => {
  const pulled = new PcscError('lobby-card', 'transmit', 0x80100069);
  const error = await failure(scripted(pulled).session);
  assert.is(error, pulled as unknown);
  assert.is(error.code, 'removed-card');
  assert.match(error.message, '0x80100069');
});

test('classifyStatus covers the 6Cxx family including Le=00', () => {
  assert.equal(classifyStatus(0x6c00), { kind: 'wrong-length', le: 0 });
  assert.equal(classifyStatus(0x6cff), { kind: 'wrong-length', le: 255 });
  assert.equal(classifyStatus(0x9000), { kind: 'ok' });
});

test.run();
