import * as assert from 'uvu/assert';
import { test } from 'uvu';
import { SimulatedPcsc } from '../drivers/card-reader/index.js';
import { IDENTITY_READER, startRigHarness } from './card-reader/rig-harness.js';
import { checkCardReader } from './selftest-card-reader.js';

test('simulated: every step passes with a reader and a card on it', async () => {
  const simulator = new SimulatedPcsc(['ACME PICC 00 00', 'ACME SAM 00 01']);
  simulator.insert('ACME PICC 00 00', { uid: '04a1b2c3' });
  const result = await checkCardReader({ backend: 'simulated', simulator, waitForCardMs: 3000 });
  assert.equal(result.steps.map((s) => [s.name, s.ok]), [
    ['back-end', true],
    ['pcscd', true],
    ['identity reader', true],
    ['card', true],
  ]);
  assert.match(result.steps[2]!.detail, 'ACME SAM 00 01 (not for identity)');
  assert.match(result.steps[3]!.detail, '04A1B2C3');
  assert.ok(result.ok);
});

test('simulated: only a SAM slot means no identity reader, and the check fails', async () => {
  const simulator = new SimulatedPcsc(['ACME SAM 00 01']);
  const result = await checkCardReader({ backend: 'simulated', simulator, readerTimeoutMs: 300 });
  assert.not.ok(result.ok);
  assert.equal(result.steps.at(-1), {
    name: 'identity reader',
    ok: false,
    detail: 'ACME SAM 00 01 (not for identity)',
  });
});

test('simulated: a card refusing get-UID fails the card step, naming the word', async () => {
  const simulator = new SimulatedPcsc(['ACME PICC 00 00']);
  const result = await checkCardReader({ backend: 'simulated', simulator, waitForCardMs: 3000 });
  assert.is(result.steps.at(-1)!.detail, 'no card within 3000 ms');
  simulator.insert('ACME PICC 00 00', { uid: '01020304', getUid: { sw: '6A81' } });
  const refused = await checkCardReader({ backend: 'simulated', simulator, waitForCardMs: 3000 });
  assert.not.ok(refused.ok);
  assert.match(refused.steps.at(-1)!.detail, 'not-supported');
  assert.match(refused.steps.at(-1)!.detail, '6A81');
});

test('rig: passes on pcscd + vpcd with a card, fails at pcscd when it is down', async () => {
  assert.is(process.getuid?.(), 0, 'the PC/SC rig needs root for its network namespace');
  const h = await startRigHarness({ startDriver: false });
  try {
    const options = {
      backend: 'real' as const,
      socketPath: h.rig.socketPath,
      readerExclude: ['PCD 00 01$'],
      waitForCardMs: 8000,
    };
    h.emulators[IDENTITY_READER].insert({ uid: '04A1B2C3D4E5F6', getUid: 'wrong-length-first' });
    const good = await checkCardReader(options);
    assert.ok(good.ok, JSON.stringify(good.steps));
    assert.match(good.steps.at(-1)!.detail, '04A1B2C3D4E5F6');

    await h.rig.stopPcscd();
    const down = await checkCardReader(options);
    assert.not.ok(down.ok);
    assert.is(down.steps[1]!.name, 'pcscd');
    assert.match(down.steps[1]!.detail, '0x8010001D');
  } finally {
    await h.rig.stop();
  }
});

test.run();
