// test-timeout: 240
/**
 * The outbox and link across process deaths: a terminal killed with SIGKILL mid-burst
 * loses nothing it acknowledged, and the broker announces its death with the last will.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBroker, type RunningBroker } from '../../hardware-tests/rigs/mosquitto.js';
import { startTerminalChild, type Child } from './testing/child-process.js';
import { collect, waitFor, type Collector } from './testing/collector.js';

const BASE = 'kiosk/v1/north-wing/cell-0142';

let broker: RunningBroker;
let dir = '';
let watcher: Collector | null = null;
const children: Child[] = [];

test.before.each(async () => {
  broker = await startBroker();
  dir = await mkdtemp(join(tmpdir(), 'crash-'));
});

test.after.each(async () => {
  for (const child of children.splice(0)) await child.kill();
  await watcher?.close();
  watcher = null;
  await broker.stop();
  await rm(dir, { recursive: true, force: true });
});

function child(args: string[]): Child {
  const started = startTerminalChild(args);
  children.push(started);
  return started;
}

test('SIGKILL mid-burst, restart: every event arrives in order, duplicates by id', async () => {
  watcher = await collect(broker.url, `${BASE}/events`);
  const first = child([dir, broker.url, '3000']);
  await waitFor('some events on the broker', () => watcher!.messages.length >= 100, 60_000);
  await first.kill('SIGKILL');

  const recorded = first.lines
    .filter((line) => line.startsWith('recorded '))
    .map((line) => line.split(' '))
    .map(([, n, id, seq]) => ({ n: Number(n), id: id!, seq: Number(seq) }));
  assert.ok(recorded.length < 3000, `killed mid-burst (${recorded.length} recorded)`);

  const second = child([dir, broker.url, '0']);
  const arrivedIds = () => new Set(watcher!.json(`${BASE}/events`).map((event) => event.id));
  const allArrived = () => recorded.every((r) => arrivedIds().has(r.id));
  await waitFor('every recorded event', allArrived, 90_000);
  await waitFor('restarted terminal online', () => second.lines.includes('online'));

  const events = watcher.json(`${BASE}/events`);
  const firstSeen = new Map<string, Record<string, unknown>>();
  const order: number[] = [];
  for (const event of events) {
    const known = firstSeen.get(event.id as string);
    if (known) {
      assert.is(known.seq, event.seq, 'a duplicate carries the same seq');
      assert.is(event.replayed, true, `duplicate of seq ${String(event.seq)} is marked replayed`);
      continue;
    }
    firstSeen.set(event.id as string, event);
    order.push(event.seq as number);
  }
  for (let index = 1; index < order.length; index += 1) {
    assert.ok(order[index]! > order[index - 1]!, `seq ${order[index]} after ${order[index - 1]}`);
  }
  // No gap: every seq from 1 to the highest that arrived, so nothing durable was lost.
  assert.equal(order, Array.from({ length: order.length }, (_, index) => index + 1));
  assert.ok(order.length >= recorded.length);
  console.log(
    `recorded ${recorded.length} before SIGKILL, ${order.length} distinct arrived, ` +
      `${events.length - order.length} duplicates`,
  );
});

test('the broker publishes the retained last will when a linked process is killed', async () => {
  const terminal = child([dir, broker.url, '0']);
  await waitFor('child online', () => terminal.lines.includes('online'));
  watcher = await collect(broker.url, `${BASE}/status`);
  const said = (text: string) => () => watcher!.messages.some((m) => m.text.includes(text));
  await waitFor('retained online', said('"state":"online"'));

  await terminal.kill('SIGKILL');
  await waitFor('last will', said('"reason":"lost"'));

  const late = await collect(broker.url, `${BASE}/status`);
  await waitFor('retained status for a new subscriber', () => late.messages.length > 0);
  const retained = late.messages[0]!;
  assert.is(retained.retain, true);
  const status = JSON.parse(retained.text) as { state: string; birth: number; reason: string };
  assert.equal([status.state, status.reason], ['offline', 'lost']);
  assert.ok(status.birth >= 1, 'the last will carries the birth counter of its connection');
  await late.close();
});

test.run();
