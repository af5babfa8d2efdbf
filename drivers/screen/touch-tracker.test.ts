import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  ABS_MT_POSITION_X,
  ABS_MT_POSITION_Y,
  ABS_MT_TRACKING_ID,
  ABS_X,
  ABS_Y,
  BTN_TOUCH,
  EV_ABS,
  EV_KEY,
  EV_SYN,
  SYN_DROPPED,
  SYN_REPORT,
} from './input-event.js';
import { TouchTracker, type TouchFrame } from './touch-tracker.js';

const EV_MSC = 0x04;

function feed(tracker: TouchTracker, records: [number, number, number][]): TouchFrame[] {
  return records.flatMap(([type, code, value]) => {
    const frame = tracker.feed({ sec: 0, usec: 0, type, code, value });
    return frame ? [frame] : [];
  });
}

test('a multi-touch finger down is one started frame with its position', () => {
  const frames = feed(new TouchTracker(), [
    [EV_ABS, ABS_MT_TRACKING_ID, 5],
    [EV_ABS, ABS_MT_POSITION_X, 300],
    [EV_ABS, ABS_MT_POSITION_Y, 200],
    [EV_KEY, BTN_TOUCH, 1],
    [EV_SYN, SYN_REPORT, 0],
  ]);
  assert.equal(frames, [{ contactStarted: true, x: 300, y: 200 }]);
});

test('moves and lifts are activity but not new touches; the position carries over', () => {
  const tracker = new TouchTracker();
  feed(tracker, [
    [EV_ABS, ABS_MT_TRACKING_ID, 1],
    [EV_ABS, ABS_MT_POSITION_X, 10],
    [EV_ABS, ABS_MT_POSITION_Y, 20],
    [EV_SYN, SYN_REPORT, 0],
  ]);
  const frames = feed(tracker, [
    [EV_ABS, ABS_MT_POSITION_X, 15],
    [EV_SYN, SYN_REPORT, 0],
    [EV_ABS, ABS_MT_TRACKING_ID, -1],
    [EV_KEY, BTN_TOUCH, 0],
    [EV_SYN, SYN_REPORT, 0],
  ]);
  assert.equal(frames, [
    { contactStarted: false, x: 15, y: 20 },
    { contactStarted: false, x: 15, y: 20 },
  ]);
});

test('a single-touch panel (BTN_TOUCH, ABS_X/Y) is understood', () => {
  const frames = feed(new TouchTracker(), [
    [EV_KEY, BTN_TOUCH, 1],
    [EV_ABS, ABS_X, 7],
    [EV_ABS, ABS_Y, 9],
    [EV_SYN, SYN_REPORT, 0],
  ]);
  assert.equal(frames, [{ contactStarted: true, x: 7, y: 9 }]);
});

test('after SYN_DROPPED the rest of the frame is skipped up to SYN_REPORT', () => {
  const tracker = new TouchTracker();
  const frames = feed(tracker, [
    [EV_ABS, ABS_MT_TRACKING_ID, 1],
    [EV_SYN, SYN_DROPPED, 0],
    [EV_KEY, BTN_TOUCH, 1],
    [EV_SYN, SYN_REPORT, 0],
    [EV_ABS, ABS_MT_TRACKING_ID, 2],
    [EV_SYN, SYN_REPORT, 0],
  ]);
  assert.equal(frames, [{ contactStarted: true, x: null, y: null }]);
  assert.is(tracker.stats.droppedFrames, 1);
});

test('unknown event types are counted and ignored; other kinds are no activity', () => {
  const tracker = new TouchTracker();
  const frames = feed(tracker, [
    [0x55, 1, 1],
    [0xffff, 0xffff, -1],
    [EV_MSC, 5, 1234],
    [EV_SYN, SYN_REPORT, 0],
  ]);
  assert.equal(frames, []);
  assert.is(tracker.stats.unknownRecords, 2);
  assert.is(tracker.stats.records, 4);
});

test('a panel that never sends SYN_REPORT still has its activity noticed, bounded', () => {
  const tracker = new TouchTracker();
  const records: [number, number, number][] = [];
  for (let i = 0; i < 1000; i += 1) records.push([EV_ABS, ABS_MT_POSITION_X, i]);
  const frames = feed(tracker, records);
  assert.is(frames.length, 3);
  assert.is(frames[0]?.x, 255);
});

test.run();
