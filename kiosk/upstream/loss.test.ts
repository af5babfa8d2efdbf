// test-timeout: 200
/**
 * Loss: a terminal killed with SIGKILL at random points of a 1,000-event burst, 20 times,
 * with broker restarts during some bursts. Every event stored before a kill reaches the
 * platform at least once, duplicates share id and seq, first arrivals keep seq order.
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
const ROUNDS = 20;
const BURST = 1000;
const RESTART_BROKER_IN = new Set([4, 9, 14]);

let broker: RunningBroker;
let dir = '';
let watcher: Collector | null = null;
const children: Child[] = [];

test.before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loss-'));
  // The platform side keeps its queue across the broker restarts, as a real one would.
  broker = await startBroker({
    extraConfig: ['persistence true', `persistence_location ${dir}/`],
  });
});

test.after(async () => {
  for (const child of children.splice(0)) await child.kill();
  await watcher?.close();
  await broker.stop();
  await rm(dir, { recursive: true, force: true });
});

const recordedIn = (child: Child) => child.lines.filter((line) => line.startsWith('recorded '));

test('20 SIGKILLs mid-burst and broker restarts: nothing stored is lost, order holds', async () => {
  watcher = await collect(broker.url, `${BASE}/events`, {
    clientId: 'loss-platform',
    clean: false,
  });
  const outboxDir = join(dir, 'terminal');
  const stored = new Map<string, number>();
  const killedAt: number[] = [];

  for (let round = 0; round < ROUNDS; round += 1) {
    const child = startTerminalChild([outboxDir, broker.url, String(BURST)]);
    children.push(child);
    // Up to 90 % of the burst: the kill lands while events are still being recorded.
    const killAfter = 1 + Math.floor(Math.random() * BURST * 0.9);
    if (RESTART_BROKER_IN.has(round)) {
      await waitFor('burst under way', () => recordedIn(child).length >= killAfter / 2, 60_000);
      await broker.restart();
    }
    await waitFor(`round ${round}: ${killAfter} recorded`, () =>
      recordedIn(child).length >= killAfter || child.lines.includes('done'), 60_000);
    await child.kill('SIGKILL');
    children.splice(children.indexOf(child), 1);

    killedAt.push(child.lines.includes('done') ? BURST : recordedIn(child).length);
    for (const line of recordedIn(child)) {
      const [, , id, seq] = line.split(' ');
      stored.set(id!, Number(seq));
    }
  }

  const drain = startTerminalChild([outboxDir, broker.url, '0']);
  children.push(drain);
  const arrived = () => new Set(watcher!.json(`${BASE}/events`).map((event) => event.id));
  await waitFor('every stored event on the platform side', () => {
    const ids = arrived();
    return [...stored.keys()].every((id) => ids.has(id));
  }, 90_000);

  const firstSeen = new Map<string, number>();
  const order: number[] = [];
  let duplicates = 0;
  for (const event of watcher.json(`${BASE}/events`)) {
    const id = event.id as string;
    const seq = event.seq as number;
    if (firstSeen.has(id)) {
      duplicates += 1;
      assert.is(firstSeen.get(id), seq, `duplicate ${id} carries its seq`);
      continue;
    }
    firstSeen.set(id, seq);
    order.push(seq);
  }
  for (const [id, seq] of stored) assert.is(firstSeen.get(id), seq, `event ${id} kept seq ${seq}`);
  for (let index = 1; index < order.length; index += 1) {
    if (order[index]! <= order[index - 1]!) {
      assert.unreachable(`seq ${order[index]} arrived after ${order[index - 1]}`);
    }
  }
  // No gap between 1 and the highest seq: events stored but not yet printed arrived too.
  assert.equal(order, Array.from({ length: order.length }, (_, index) => index + 1));
  console.log(
    `${ROUNDS} kills after ${killedAt.join(',')} events; ${stored.size} stored, ` +
      `${order.length} distinct arrived, ${duplicates} duplicates`,
  );
});

test.run();
