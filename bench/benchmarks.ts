/** Every benchmark `npm run bench` runs, in table order. */
import { eventRecord } from './event-record.js';
import { fingerprintFramer } from './fingerprint-framer.js';
import type { Benchmark } from './harness.js';
import { outboxAppend } from './outbox-append.js';
import { outboxDrain } from './outbox-drain.js';
import { outboxReplay } from './outbox-replay.js';
import { serverPush } from './server-push.js';

export const BENCHMARKS: readonly Benchmark[] = [
  outboxAppend,
  outboxReplay,
  outboxDrain,
  fingerprintFramer,
  eventRecord,
  serverPush,
];
