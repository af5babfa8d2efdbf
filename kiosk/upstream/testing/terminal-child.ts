/**
 * Test helper run as a child process: a terminal that records events and publishes
 * them, so tests can kill it with SIGKILL at any moment.
 *
 *   node --import tsx terminal-child.ts <dir> <brokerUrl|-> <count> [append-only]
 *
 * Prints `online` when the link is up, `recorded <n> <id> <seq>` after each event is
 * durable, and `done` after the last one; then keeps running until killed. With
 * `append-only` there is no link and each line is written straight to fd 1, so that
 * strace shows it in order with the journal's syscalls.
 */
import { writeSync } from 'node:fs';
import { createLogger } from '../../../drivers/core/logger.js';
import { EventRecorder } from '../events.js';
import { createUpstreamLink } from '../link.js';
import { Outbox } from '../outbox.js';
import { tick } from './tick.js';

const [dir, url, countText, mode] = process.argv.slice(2);
if (!dir || !url || !countText) throw new Error('usage: terminal-child <dir> <url|-> <count>');

const say = (line: string) => writeSync(1, line + '\n');
const logger = createLogger('child', { level: 'warn' });
const outbox = await Outbox.open({ dir, logger });
const identity = { site: 'north-wing', terminalId: 'cell-0142' };

if (mode !== 'append-only' && url !== '-') {
  const link = createUpstreamLink({
    broker: { url },
    ...identity,
    outbox,
    logger,
    backoff: { initialMs: 50, maxMs: 500 },
  });
  link.events.on('online', () => say('online'));
  link.start();
}

const recorder = new EventRecorder(outbox, identity);
for (let n = 0; n < Number(countText); n += 1) {
  const event = await recorder.record(tick(n));
  say(`recorded ${n} ${event.id} ${event.seq}`);
}
say('done');
if (mode === 'append-only') {
  // Ends by itself, so strace ends with it and leaves no traced process behind.
  await outbox.close();
} else {
  // Holds the outbox (and its open journal) until the test kills this process.
  setInterval(() => outbox.depth, 60_000);
}
