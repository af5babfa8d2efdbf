import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryLogger } from '../../drivers/core/logger.js';
import { SchemaViolationError } from './protocol-schemas.js';
import { EventRecorder, UnknownEventTypeError, EventTypeError, payloadForSend } from './events.js';
import { Outbox } from './outbox.js';
import { TopicSegmentError, clientIdFor, terminalTopics } from './topics.js';

let dir = '';

test.before.each(async () => {
  dir = await mkdtemp(join(tmpdir(), 'events-'));
});

test.after.each(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('recorded events carry id, seq from the outbox and the events topic', async () => {
  const outbox = await Outbox.open({ dir, logger: createMemoryLogger() });
  const recorder = new EventRecorder(outbox, { site: 'north-wing', terminalId: 'cell-0142' });
  const [a, b] = await Promise.all([
    recorder.record({
      type: 'device.button',
      data: { device: 'mcu', button: 'call', pressed: true },
    }),
    recorder.record({ type: 'data.applied', data: { kind: 'roster', version: 'r1' } }),
  ]);
  assert.equal([a!.seq, b!.seq], [1, 2]);
  assert.is.not(a!.id, b!.id);
  assert.is(a!.replayed, false);

  const stored = outbox.pending()[0]!;
  assert.is(stored.topic, 'kiosk/v1/north-wing/cell-0142/events');
  assert.is(stored.id, a!.id);
  assert.equal(JSON.parse(stored.payload.toString()), a);
  await outbox.close();
});

test('a bad event type is refused before anything is stored', async () => {
  const outbox = await Outbox.open({ dir, logger: createMemoryLogger() });
  const recorder = new EventRecorder(outbox, { site: 'north-wing', terminalId: 'cell-0142' });
  const error = await recorder.record({ type: 'Bad Type', data: 1 }).catch((e: unknown) => e);
  assert.instance(error, EventTypeError);
  assert.match((error as Error).message, '"Bad Type"');
  assert.is(outbox.depth, 0);
  await outbox.close();
});

test('event data that breaks its schema is refused naming the field; nothing stored', async () => {
  const outbox = await Outbox.open({ dir, logger: createMemoryLogger() });
  const recorder = new EventRecorder(outbox, { site: 'north-wing', terminalId: 'cell-0142' });
  const data = { shiftId: 7, personId: 'p1', templateId: 3, score: 10 };
  const error = await recorder.record({ type: 'duty.check-in', data }).catch((e: unknown) => e);
  assert.instance(error, SchemaViolationError);
  assert.match((error as Error).message, 'data of event duty.check-in');
  assert.match((error as Error).message, '/shiftId must be string');

  const unknown = await recorder.record({ type: 'duty.nap', data: {} }).catch((e: unknown) => e);
  assert.instance(unknown, UnknownEventTypeError);
  assert.match((unknown as Error).message, 'schemas/event.duty.nap.json');
  assert.is(outbox.depth, 0);
  await outbox.close();
});

test('payloadForSend sets replayed on envelopes and leaves other payloads alone', () => {
  const envelope = Buffer.from(JSON.stringify({ id: 'x', replayed: false, data: 1 }));
  assert.equal(JSON.parse(payloadForSend(envelope, true).toString()).replayed, true);
  assert.is(payloadForSend(envelope, false), envelope);
  const raw = Buffer.from('not json');
  assert.is(payloadForSend(raw, true), raw);
  const list = Buffer.from('[1,2]');
  assert.is(payloadForSend(list, true), list);
});

test('topics are built from checked segments', () => {
  const topics = terminalTopics('north-wing', 'cell-0142');
  const base = 'kiosk/v1/north-wing/cell-0142';
  assert.is(topics.alert('duty-understaffed'), `${base}/alerts/duty-understaffed`);
  assert.is(topics.commands, `${base}/cmd/+`);
  assert.is(topics.result('r-1'), `${base}/result/r-1`);
  assert.is(clientIdFor('north-wing', 'cell-0142'), 'kiosk-north-wing-cell-0142');
  const isSegmentError = (error: unknown) => error instanceof TopicSegmentError;
  assert.throws(() => terminalTopics('north/wing', 'x'), isSegmentError);
  assert.throws(() => topics.alert('#'), /alert id "#"/);
  assert.throws(() => topics.sub('alerts/+'), /subtopic segment/);
});

test.run();
