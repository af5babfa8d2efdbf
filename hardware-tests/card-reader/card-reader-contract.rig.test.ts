/**
 * The card reader contract on the real back-end: pcsclite → pcscd → vpcd → the card
 * emulator, in a private network namespace. Needs root.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cardReaderContract } from '../../drivers/card-reader/contract-suite.js';
import { startRigHarness, type RigHarness } from './rig-harness.js';

if (process.getuid?.() !== 0) {
  const test = suite('card reader contract (pcscd + vpcd rig)');
  test('needs root', () => {
    assert.unreachable('the PC/SC rig needs root for its network namespace; run as root');
  });
  test.run();
} else {
  let harness: RigHarness | null = null;
  cardReaderContract(
    'pcscd + vpcd rig',
    async () => {
      harness = await startRigHarness();
      return harness;
    },
    async () => {
      await harness?.stop();
    },
  ).run();
}
