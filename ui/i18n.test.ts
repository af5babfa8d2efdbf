import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Notice } from '../kiosk/api/messages.js';
import { noticeText, STRINGS } from './i18n.js';
import { formatClock } from './time-format.js';

const at = '2026-03-02T21:58:00.000Z';
const NOTICES: Notice[] = [
  { kind: 'checked-in', personName: '李强', shiftLabel: '夜班', at },
  { kind: 'already-checked-in', personName: '李强', at },
  { kind: 'not-on-duty', personName: '李强', at },
  { kind: 'no-open-window', personName: '李强', at },
  { kind: 'unknown-finger', at },
  { kind: 'unassigned-template', templateId: 7, at },
  { kind: 'reader-fault', at },
  { kind: 'not-stored', at },
];
const HAN = /\p{Script=Han}/u;

test('Chinese and English have the same keys', () => {
  assert.equal(Object.keys(STRINGS.zh).sort(), Object.keys(STRINGS.en).sort());
  assert.equal(Object.keys(STRINGS.zh.notice).sort(), Object.keys(STRINGS.en.notice).sort());
  assert.equal(Object.keys(STRINGS.zh.notice).sort(), NOTICES.map((n) => n.kind).sort());
});

test('every notice has a title and a detail in both languages; Chinese is Chinese', () => {
  for (const notice of NOTICES) {
    const zh = noticeText(STRINGS.zh, notice);
    const en = noticeText(STRINGS.en, notice);
    assert.ok(zh.title && zh.detail && en.title && en.detail, notice.kind);
    assert.ok(HAN.test(zh.title + zh.detail), notice.kind);
    assert.not.equal(zh, en, notice.kind);
  }
  const greeting = noticeText(STRINGS.en, NOTICES[0]!);
  assert.match(greeting.title, '李强');
  assert.match(greeting.detail, '夜班');
});

test('the language switch is labelled with the other language, in that language', () => {
  assert.is(STRINGS.zh.otherLanguage, 'English');
  assert.ok(HAN.test(STRINGS.en.otherLanguage));
});

test('clock times are 24-hour HH:MM and bad times show dashes, not "Invalid Date"', () => {
  const local = new Date(2026, 2, 2, 21, 5).toISOString();
  assert.is(formatClock(local, 'zh'), '21:05');
  assert.is(formatClock(local, 'en'), '21:05');
  assert.is(formatClock(new Date(2026, 2, 2, 0, 30).toISOString(), 'en'), '00:30');
  assert.is(formatClock(null, 'zh'), '--:--');
  assert.is(formatClock('not a time', 'en'), '--:--');
});

test.run();
