/**
 * The card reader contract, written once and run against every back-end: the in-memory
 * simulator (card-reader.simulated.test.ts) and pcscd with vpcd on the rig
 * (hardware-tests/card-reader/card-reader.rig.test.ts). A harness says how to put cards
 * on readers; the suite checks what the driver reports.
 */
import * as assert from 'uvu/assert';
import { suite } from 'uvu';
import type { CardReaderDriver } from './card-reader.js';
import { CARD_GONE_CODES } from './errors.js';
import type { CardReaderEvents } from './options.js';
import type { SimulatedCardSpec } from './simulated-card.js';

export interface ContractHarness {
  /** A started driver whose identity reader is `identityReader`. */
  driver: CardReaderDriver;
  identityReader: string;
  /** A reader the driver's options exclude (stands for a SAM or contact slot). */
  excludedReader: string;
  insert(reader: string, spec: SimulatedCardSpec): Promise<void>;
  remove(reader: string): Promise<void>;
  /** APDUs the card on `reader` received so far, as uppercase hex. */
  commands(reader: string): string[];
}

type Name = keyof CardReaderEvents;

/** Waits for the next matching event; rejects naming the event after `timeoutMs`. */
export function nextEvent<K extends Name>(
  driver: CardReaderDriver,
  event: K,
  match: (payload: CardReaderEvents[K]) => boolean = () => true,
  timeoutMs = 8000,
): Promise<CardReaderEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no '${String(event)}' event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = driver.events.on(event, (payload) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

export function cardReaderContract(
  label: string,
  setup: () => Promise<ContractHarness>,
  teardown: () => Promise<void>,
) {
  const test = suite(`card reader contract (${label})`);
  let h: ContractHarness;

  test.before(async () => {
    h = await setup();
  });
  test.after(async () => {
    await teardown();
  });

  // A failed test may leave a card behind; clear both readers so the next starts clean.
  test.after.each(async () => {
    await h.remove(h.identityReader);
    await h.remove(h.excludedReader);
    const readers = () => h.driver.health().detail.readers as { card: string | null }[];
    const deadline = Date.now() + 5000;
    while (readers().some((reader) => reader.card !== null) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });

  const onIdentity = <T extends { reader: string }>(payload: T) =>
    payload.reader === h.identityReader;

  /** Inserts, waits for the reported outcome, removes, waits for the removal. */
  async function present<K extends 'card' | 'card-error'>(spec: SimulatedCardSpec, outcome: K) {
    const result = nextEvent(h.driver, outcome, onIdentity);
    await h.insert(h.identityReader, spec);
    const payload = await result;
    const removed = nextEvent(h.driver, 'card-removed', onIdentity);
    await h.remove(h.identityReader);
    return { payload, removed: await removed };
  }

  test('lists the identity reader as ready and the excluded one as not for identity', () => {
    const health = h.driver.health();
    assert.is(health.state, 'ready');
    const readers = health.detail.readers as { name: string; identity: boolean }[];
    assert.ok(readers.some((r) => r.name === h.identityReader && r.identity));
    assert.ok(readers.some((r) => r.name === h.excludedReader && !r.identity));
  });

  test('reads a 4-byte UID in canonical form and reports its removal', async () => {
    const { payload, removed } = await present({ uid: '04:a1:b2:c3' }, 'card');
    assert.is(payload.uid, '04A1B2C3');
    assert.ok(!Number.isNaN(Date.parse(payload.at)));
    assert.is(removed.uid, '04A1B2C3');
  });

  test('re-sends get-UID with Le=07 after 6C07 and reads the 7 bytes', async () => {
    const before = h.commands(h.identityReader).length;
    const spec = { uid: '04A1B2C3D4E5F6', getUid: 'wrong-length-first' } as const;
    const { payload } = await present(spec, 'card');
    assert.is(payload.uid, '04A1B2C3D4E5F6');
    assert.equal(h.commands(h.identityReader).slice(before), ['FFCA000000', 'FFCA000007']);
  });

  test('reads a 10-byte UID', async () => {
    const { payload } = await present({ uid: '04A1B2C3D4E5F6071829' }, 'card');
    assert.is(payload.uid, '04A1B2C3D4E5F6071829');
  });

  test('keeps a whole UID that comes with a 62xx warning', async () => {
    const spec = { uid: '0A0B0C0D', getUid: { sw: '6282', withUid: true } };
    const { payload } = await present(spec, 'card');
    assert.is(payload.uid, '0A0B0C0D');
  });

  for (const [sw, code] of [
    ['6A81', 'not-supported'],
    ['6D00', 'not-supported'],
    ['6300', 'card-failed'],
    ['6F00', 'card-status'],
  ] as const) {
    test(`maps status word ${sw} to a '${code}' card error, and removal has no UID`, async () => {
      const { payload, removed } = await present({ uid: '01020304', getUid: { sw } }, 'card-error');
      assert.is(payload.code, code);
      assert.match(payload.message, sw);
      assert.is(removed.uid, null);
    });
  }

  test('rejects a UID of a length no card has', async () => {
    const { payload } = await present({ uid: '0102030405' }, 'card-error');
    assert.is(payload.code, 'protocol');
    assert.match(payload.message, '5-byte UID');
  });

  test('ignores cards on an excluded reader', async () => {
    const seen: string[] = [];
    const off = h.driver.events.on('card', (card) => seen.push(card.reader));
    try {
      await h.insert(h.excludedReader, { uid: 'AABBCCDD' });
      const { payload } = await present({ uid: '11223344' }, 'card');
      assert.is(payload.uid, '11223344');
      assert.equal(seen, [h.identityReader]);
    } finally {
      off();
      await h.remove(h.excludedReader);
    }
  });

  test('survives a card pulled mid-read and reads the next card normally', async () => {
    const failed = nextEvent(h.driver, 'card-error', onIdentity);
    const removed = nextEvent(h.driver, 'card-removed', onIdentity);
    await h.insert(h.identityReader, { uid: '0F0E0D0C', getUid: 'pull' });
    const error = await failed;
    assert.ok(CARD_GONE_CODES.has(error.code), `unexpected code ${error.code}: ${error.message}`);
    assert.is((await removed).uid, null);

    const { payload } = await present({ uid: '0C0D0E0F' }, 'card');
    assert.is(payload.uid, '0C0D0E0F');
  });

  return test;
}
