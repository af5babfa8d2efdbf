/**
 * The behaviour every fingerprint back-end must show, written once and run against the
 * simulated back-end (in-memory pipe) and the real one (serialport on a socat pty pair).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { FingerprintEmulator } from './emulator.js';
import { scoreOf } from './emulator-state.js';
import { ModuleError } from './errors.js';
import type { FingerprintReader } from './fingerprint.js';
import { nextEvent, record, until } from './test-support.js';

export interface ContractHarness {
  reader: FingerprintReader;
  emulator: FingerprintEmulator;
  backend: 'real' | 'simulated';
  path: string;
  cleanup(): Promise<void>;
}

/** GenImg polls to watch while a finger rests, to be sure it is not identified twice. */
const POLLS_WHILE_HELD = 8;

export function fingerprintContract(name: string, setup: () => Promise<ContractHarness>) {
  const it = suite<{ h?: ContractHarness }>(name, {});

  it.before.each(async (context) => {
    context.h = await setup();
    context.h.emulator.enrol(4, 'grace-right-thumb');
    context.h.emulator.enrol(9, 'alan-left-index');
    const ready = nextEvent(context.h.reader.events, 'state', (s) => s.state === 'ready');
    await context.h.reader.start();
    if (context.h.reader.health().state !== 'ready') await ready;
  });

  it.after.each(async (context) => {
    await context.h?.cleanup();
  });

  it('is ready, with its kind, back-end and port path in health', ({ h }) => {
    const health = h!.reader.health();
    assert.is(h!.reader.kind, 'fingerprint');
    assert.is(health.state, 'ready');
    assert.is(health.backend, h!.backend);
    assert.is(health.detail.path, h!.path);
    assert.is(health.detail.capacity, 200);
    assert.ok(h!.reader.capabilities.includes('identify'));
  });

  it('identifies an enrolled finger touched once', async ({ h }) => {
    const identified = nextEvent(h!.reader.events, 'identified');
    h!.emulator.touch(9);
    const event = await identified;
    assert.equal(event.result, { kind: 'match', templateId: 9, score: scoreOf('alan-left-index') });
    assert.ok(!Number.isNaN(Date.parse(event.at)));
  });

  it('reports no match for an unknown finger', async ({ h }) => {
    const identified = nextEvent(h!.reader.events, 'identified');
    h!.emulator.touch('unknown');
    assert.equal((await identified).result, { kind: 'no-match' });
  });

  it('gives one event per touch, however long the finger rests', async ({ h }) => {
    const { reader, emulator } = h!;
    const events = record(reader.events, 'identified');
    emulator.placeFinger(4);
    await until('first identification', () => events.seen.length === 1);
    await polls(emulator, POLLS_WHILE_HELD);
    assert.is(events.seen.length, 1);

    emulator.liftFinger();
    await polls(emulator, 2);
    emulator.touch(4);
    await until('second identification', () => events.seen.length === 2);
    await polls(emulator, 2);
    emulator.touch(9);
    await until('third identification', () => events.seen.length === 3);
    events.stop();
    const ids = events.seen.map(({ result }) => (result.kind === 'match' ? result.templateId : -1));
    assert.equal(ids, [4, 4, 9]);
  });

  it('turns an unknown confirmation code into a fault event and keeps going', async ({ h }) => {
    const { reader, emulator } = h!;
    const fault = nextEvent(reader.events, 'fault');
    emulator.injectConfirmation('Img2Tz', 0x5e);
    emulator.touch(4);
    const { error } = await fault;
    assert.instance(error, ModuleError);
    assert.is((error as ModuleError).confirmation, 0x5e);
    assert.match(error.message, 'module error 0x5E');
    assert.is(reader.health().state, 'ready');

    await polls(emulator, 2);
    const identified = nextEvent(reader.events, 'identified');
    emulator.touch(9);
    assert.is(((await identified).result as { templateId: number }).templateId, 9);
  });

  it('keeps identifying through noise and a corrupted frame on the line', async ({ h }) => {
    const { reader, emulator } = h!;
    const faults = record(reader.events, 'fault');
    emulator.sendRaw(Buffer.from([0x00, 0xff, 0x13, 0x37, 0xef, 0x55, 0x01, 0x00]));
    await polls(emulator, 2);
    const corrupt = Buffer.from([0xef, 0x01, 0xff, 0xff, 0xff, 0xff, 0x07, 0x00, 0x03, 0x00, 0xbe]);
    emulator.sendRaw(corrupt);
    await polls(emulator, 2);

    const identified = nextEvent(reader.events, 'identified');
    emulator.touch(4);
    assert.equal((await identified).result.kind, 'match');
    assert.is(reader.health().state, 'ready');
    faults.stop();
    // The corrupted frame may land while a poll waits (a fault) or between polls (dropped).
    const codes = faults.seen.map(({ error }) => error.code);
    assert.ok(codes.every((code) => code === 'protocol'), codes.join(', '));
  });

  it('enrols from two touches, counts, deletes and empties the library', async ({ h }) => {
    const { reader, emulator } = h!;
    const prompts: number[] = [];
    await reader.enrol(17, {
      captures: 3,
      touchTimeoutMs: 5000,
      onPrompt: (touch) => {
        prompts.push(touch);
        emulator.presentFinger('new-person-thumb', true);
      },
    });
    assert.equal(prompts, [1, 2, 3]);
    assert.is(emulator.enrolled.get(17), 'new-person-thumb');
    assert.is(await reader.templateCount(), 3);

    await reader.deleteTemplate(4);
    assert.is(emulator.enrolled.has(4), false);
    assert.is(await reader.templateCount(), 2);
    await reader.emptyLibrary();
    assert.is(await reader.templateCount(), 0);
  });

  it('exports a template and imports it to another slot', async ({ h }) => {
    const { reader, emulator } = h!;
    const parameters = await reader.systemParameters();
    const bytes = await reader.exportTemplate(9);
    assert.is(bytes.length, 512);
    assert.ok(parameters.packetSize < bytes.length, 'the transfer spans several packets');
    await reader.importTemplate(30, bytes);
    assert.is(emulator.enrolled.get(30), 'alan-left-index');
  });

  it('stops cleanly and answers nothing more', async ({ h }) => {
    await h!.reader.stop();
    assert.is(h!.reader.health().state, 'stopped');
    const answered = h!.emulator.commandsAnswered;
    const probe = await h!.reader.templateCount().catch((error: Error) => error);
    assert.instance(probe, Error);
    assert.is(h!.emulator.commandsAnswered, answered);
  });

  return it;
}

/** Waits until the module answered `count` more commands (a quick touch needs a lift first). */
function polls(emulator: FingerprintEmulator, count: number): Promise<void> {
  const target = emulator.commandsAnswered + count;
  return until(`${count} more commands`, () => emulator.commandsAnswered >= target);
}
