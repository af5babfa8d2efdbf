/**
 * Recovery of the real back-end, all without restarting the driver: pcscd stopped and
 * started again, the reader unplugged and plugged again, a driver started before pcscd.
 * pcscd, vpcd and the card emulators run in a private network namespace. Needs root.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { nextEvent } from '../../drivers/card-reader/contract-suite.js';
import { IDENTITY_READER, startRigHarness, type RigHarness } from './rig-harness.js';

const test = suite('card reader recovery (pcscd + vpcd rig)');
let h: RigHarness;

test.before(async () => {
  if (process.getuid?.() !== 0) return;
  h = await startRigHarness();
});

test.after(async () => {
  await h?.stop();
});

const onIdentity = (payload: { reader: string }) => payload.reader === IDENTITY_READER;
const readers = () => h.driver.health().detail.readers as { name: string }[];

test('needs root for its network namespace', () => {
  assert.is(process.getuid?.(), 0, 'the PC/SC rig needs root; run the tests as root');
});

test('pcscd stops: reader gone, no service (0x8010001D); back 3 s later, card read', async () => {
  const first = nextEvent(h.driver, 'card', onIdentity);
  h.emulators[IDENTITY_READER].insert({ uid: '04A1B2C3D4E5F6' });
  assert.is((await first).uid, '04A1B2C3D4E5F6');

  const removed = nextEvent(h.driver, 'card-removed', onIdentity);
  const gone = nextEvent(h.driver, 'reader-removed', onIdentity);
  const noService = nextEvent(h.driver, 'state', (s) => s.error?.code === 'no-service');
  await h.rig.stopPcscd();
  await gone;
  assert.is((await removed).uid, '04A1B2C3D4E5F6');
  const state = await noService;
  assert.match(state.error?.message ?? '', '0x8010001D');
  assert.equal(readers(), []);

  // The scenario itself: the service comes back three seconds later.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const back = nextEvent(h.driver, 'reader-added', onIdentity, 15_000);
  const again = nextEvent(h.driver, 'card', onIdentity, 15_000);
  await h.rig.startPcscd();
  const startedAt = Date.now();
  await back;
  console.log(`reader back ${Date.now() - startedAt} ms after pcscd was ready`);
  assert.is((await again).uid, '04A1B2C3D4E5F6', 'the card left on the reader is read again');
  assert.is(h.driver.health().state, 'ready');

  const left = nextEvent(h.driver, 'card-removed', onIdentity);
  h.emulators[IDENTITY_READER].remove();
  await left;
});

test('reader unplugged, then plugged again', async () => {
  // vpcd readers cannot be hot-unplugged; pcscd coming back without them is the same
  // sight for a client: the service is there, the reader is not.
  const gone = nextEvent(h.driver, 'reader-removed', onIdentity);
  await h.rig.stopPcscd();
  await gone;
  const readyWithout = nextEvent(h.driver, 'state', (s) => s.state === 'ready', 15_000);
  await h.rig.startPcscd({ readers: false });
  await readyWithout;
  assert.equal(readers(), []);

  const plugged = nextEvent(h.driver, 'reader-added', onIdentity, 15_000);
  await h.rig.stopPcscd();
  await h.rig.startPcscd();
  await plugged;

  const card = nextEvent(h.driver, 'card', onIdentity);
  h.emulators[IDENTITY_READER].insert({ uid: '0A0B0C0D' });
  assert.is((await card).uid, '0A0B0C0D');
  const left = nextEvent(h.driver, 'card-removed', onIdentity);
  h.emulators[IDENTITY_READER].remove();
  await left;
});

test('a driver started while pcscd is down waits in back-off and comes up with it', async () => {
  await h.driver.stop();
  await h.rig.stopPcscd();

  const waiting = nextEvent(h.driver, 'state', (s) => s.state === 'backoff');
  await h.driver.start();
  await waiting;
  assert.is(h.driver.health().lastError?.code, 'no-service');

  const attached = nextEvent(h.driver, 'reader-added', onIdentity, 15_000);
  await h.rig.startPcscd();
  await attached;
  const card = nextEvent(h.driver, 'card', onIdentity);
  h.emulators[IDENTITY_READER].insert({ uid: '01020304' });
  assert.is((await card).uid, '01020304');
});

test.run();
