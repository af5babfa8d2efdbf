import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { OutboxEntry } from './outbox.js';
import { PendingQueue } from './pending-queue.js';

const entry = (seq: number): OutboxEntry => ({
  seq,
  id: `e${seq}`,
  topic: 't',
  payload: Buffer.alloc(0),
  storedAt: '',
});
const seqs = (entries: readonly OutboxEntry[]) => entries.map((e) => e.seq);

test('entries come out in seq order, also when added out of order', () => {
  const queue = new PendingQueue();
  [1, 2, 4, 3, 5].forEach((seq) => queue.add(entry(seq)));
  assert.equal(seqs(queue.all()), [1, 2, 3, 4, 5]);
  assert.equal(seqs(queue.after(2, 2)), [3, 4]);
  assert.equal(seqs(queue.after(0, 100)), [1, 2, 3, 4, 5]);
  assert.equal(seqs(queue.after(5, 10)), []);
});

test('removing from the front, the middle and an unknown seq', () => {
  const queue = new PendingQueue();
  for (let seq = 1; seq <= 6; seq += 1) queue.add(entry(seq));
  queue.remove(1);
  queue.remove(4);
  queue.remove(99);
  assert.equal(seqs(queue.all()), [2, 3, 5, 6]);
  assert.is(queue.size, 4);
  assert.equal(seqs(queue.after(3, 1)), [5]);
});

test('a long drain from the front stays correct across compactions', () => {
  const queue = new PendingQueue();
  for (let seq = 1; seq <= 5000; seq += 1) queue.add(entry(seq));
  for (let seq = 1; seq <= 4990; seq += 1) {
    queue.remove(seq);
    if (seq % 997 === 0) assert.is(queue.after(0, 1)[0]?.seq, seq + 1);
  }
  assert.equal(seqs(queue.all()), [4991, 4992, 4993, 4994, 4995, 4996, 4997, 4998, 4999, 5000]);
  queue.add(entry(5001));
  for (let seq = 4991; seq <= 5001; seq += 1) queue.remove(seq);
  assert.is(queue.size, 0);
  queue.add(entry(6000));
  assert.equal(seqs(queue.all()), [6000]);
});

test.run();
