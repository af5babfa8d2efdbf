/**
 * Test helper run as a child process: a terminal on startPlatformLink that records a burst
 * of events, so tests can run two with one terminal id or kill one with SIGKILL.
 *
 *   node --import tsx platform-child.ts <dir> <brokerUrl> <terminalId> <count>
 *
 * PLATFORM_CHILD_OPTIONS (JSON) may set `broker` extras, `takeover` and `backoff`.
 * Prints `online`, `taken-over <retryInMs>`, `recorded <n> <id> <seq>` and `done`, then
 * keeps running until killed.
 */
import { writeSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '../../../drivers/core/logger.js';
import { Outbox } from '../outbox.js';
import { startPlatformLink } from '../platform-link.js';
import { tick } from './tick.js';

const [dir, url, terminalId, countText] = process.argv.slice(2);
if (!dir || !url || !terminalId || !countText) {
  throw new Error('usage: platform-child <dir> <url> <terminalId> <count>');
}
const extra = JSON.parse(process.env['PLATFORM_CHILD_OPTIONS'] ?? '{}') as Record<string, never>;

const say = (line: string) => writeSync(1, line + '\n');
const logger = createLogger('child', { level: 'error' });
const outbox = await Outbox.open({ dir: join(dir, 'outbox'), logger });
const terminal = await startPlatformLink({
  broker: { url, ...(extra['broker'] ?? {}) },
  site: 'north-wing',
  terminalId,
  keepaliveSeconds: 5,
  outbox,
  dataDir: dir,
  logger,
  backoff: extra['backoff'] ?? { initialMs: 100, maxMs: 500 },
  takeover: extra['takeover'],
  describe: () => ({ version: '0.1.0', role: 'cell', configDigest: 'abcdef01',
    capabilities: [], devices: [] }),
  data: { kinds: [], apply: async () => ({ ok: true }) },
});
terminal.link.events.on('online', () => say('online'));
terminal.link.events.on('session-taken-over', (event) => say(`taken-over ${event.retryInMs}`));

for (let n = 0; n < Number(countText); n += 1) {
  const event = await terminal.recorder.record(tick(n));
  say(`recorded ${n} ${event.id} ${event.seq}`);
}
say('done');
// Holds the outbox until the test kills this process.
setInterval(() => outbox.depth, 60_000);
