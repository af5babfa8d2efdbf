import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SESSION_TAKEN_OVER, TakeoverWatch } from './takeover-watch.js';

const backoff = { initialMs: 60_000, maxMs: 240_000, jitter: 0 };

test('three quick closes in a row trip it; the wait grows with each further takeover', () => {
  const watch = new TakeoverWatch({ backoff });
  const quick = (at: number) => {
    watch.connected(at);
    return watch.closed(at + 300, null);
  };
  assert.equal([quick(0), quick(1000), quick(2000)], [null, null, 60_000]);
  assert.is(quick(3000), 120_000);
  assert.is(watch.quickCloses, 4);
});

test('a connection that held resets the count; MQTT 5 reason 0x8E trips at once', () => {
  const watch = new TakeoverWatch({ backoff });
  watch.connected(0);
  assert.is(watch.closed(300, null), null);
  watch.connected(1000);
  assert.is(watch.closed(1000 + 60_000, null), null, 'held for a minute: an ordinary loss');
  assert.is(watch.quickCloses, 0);

  watch.connected(100_000);
  assert.is(watch.closed(100_000 + 60_000, SESSION_TAKEN_OVER), 60_000);
});

test('closes with messages in flight are left to the dead-letter path', () => {
  const watch = new TakeoverWatch({ backoff });
  for (let n = 0; n < 5; n += 1) {
    watch.connected(n * 1000);
    assert.is(watch.closed(n * 1000 + 100, null, true), null);
  }
  assert.is(watch.quickCloses, 0);
});

test.run();
