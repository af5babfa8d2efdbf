/**
 * Every word on screen, in Chinese (the default) and English. Sentences are short and
 * plain: many readers read poorly, and each one sits beside a pictogram that says the
 * same thing.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { DutyAlertKind, Language, Notice } from '../kiosk/api/messages.js';

type NoticeOf<K extends Notice['kind']> = Extract<Notice, { kind: K }>;

export interface NoticeText {
  title: string;
  detail: string;
}

export interface Strings {
  appTitle: string;
  /** Label of the language switch: the name of the other language, in that language. */
  otherLanguage: string;
  terminal: string;
  online: string;
  offline: string;
  pending(count: number): string;
  linkLost: string;
  loading: string;
  currentShift: string;
  nextShift: string;
  shiftHours(start: string, end: string): string;
  checkedInCount(done: number, total: number): string;
  checkedInAt(time: string): string;
  notYet: string;
  nobodyScheduled: string;
  placeFinger: string;
  devicesDown(count: number): string;
  readerUnavailable: string;
  readerUnavailableDetail: string;
  everyoneIn: string;
  windowEnded: string;
  windowEndedAt(time: string): string;
  windowCloses(time: string): string;
  windowClosed: string;
  windowOpensAt(label: string, time: string): string;
  noShift: string;
  alert: Record<DutyAlertKind, string>;
  notice: { [K in Notice['kind']]: (notice: NoticeOf<K>) => NoticeText };
  tapToClose: string;
  demoTitle: string;
  demoUnknown: string;
}

const zh: Strings = {
  appTitle: '值班签到',
  otherLanguage: 'English',
  terminal: '终端',
  online: '在线',
  offline: '离线',
  pending: (count) => `${count} 条待发送`,
  linkLost: '正在重新连接…',
  loading: '正在加载…',
  currentShift: '本班',
  nextShift: '下一班',
  shiftHours: (start, end) => `${start} – ${end}`,
  checkedInCount: (done, total) => `已签到 ${done}/${total}`,
  checkedInAt: (time) => `${time} 已签到`,
  notYet: '未签到',
  nobodyScheduled: '本班没有安排人员',
  placeFinger: '请按手指签到',
  devicesDown: (count) => `${count} 台设备故障`,
  readerUnavailable: '指纹器暂时不能用',
  readerUnavailableDetail: '请告诉管教民警',
  everyoneIn: '本班全部已签到',
  windowEnded: '本班签到已结束',
  windowEndedAt: (time) => `${time} 结束签到`,
  windowCloses: (time) => `${time} 截止`,
  windowClosed: '现在不能签到',
  windowOpensAt: (label, time) => `${label}：${time} 开始签到`,
  noShift: '暂无值班安排',
  alert: {
    'one-on-duty': '只有一人值班',
    'none-on-duty': '无人值班',
  },
  notice: {
    'checked-in': (n) => ({
      title: `你好，${n.personName}`,
      detail: `${n.shiftLabel} 签到成功`,
    }),
    'already-checked-in': (n) => ({ title: n.personName, detail: '你已经签到过了' }),
    'not-on-duty': (n) => ({ title: n.personName, detail: '你本班不值班，不用签到' }),
    'no-open-window': (n) => ({
      title: n.personName,
      detail: '现在不是签到时间，有问题请告诉管教民警',
    }),
    'unknown-finger': () => ({ title: '没有认出指纹', detail: '请把手指放平，再按一次' }),
    'unassigned-template': () => ({ title: '指纹没有登记', detail: '请找工作人员' }),
    'reader-fault': () => ({ title: '指纹仪故障', detail: '请找工作人员' }),
    'not-stored': () => ({
      title: '没有记下来',
      detail: '请再按一次手指；还不行请找工作人员',
    }),
  },
  tapToClose: '点一下关闭',
  demoTitle: '演示',
  demoUnknown: '未知手指',
};

const en: Strings = {
  appTitle: 'Check-in',
  otherLanguage: '中文',
  terminal: 'Terminal',
  online: 'Online',
  offline: 'Offline',
  pending: (count) => `${count} to send`,
  linkLost: 'Reconnecting…',
  loading: 'Loading…',
  currentShift: 'This shift',
  nextShift: 'Next shift',
  shiftHours: (start, end) => `${start} – ${end}`,
  checkedInCount: (done, total) => `${done}/${total} in`,
  checkedInAt: (time) => `In at ${time}`,
  notYet: 'Not yet',
  nobodyScheduled: 'Nobody is on this shift',
  placeFinger: 'Place your finger to check in',
  devicesDown: (count) => (count === 1 ? '1 device down' : `${count} devices down`),
  readerUnavailable: 'The fingerprint reader is not working',
  readerUnavailableDetail: 'Please tell an officer',
  everyoneIn: 'Everyone on this shift has checked in',
  windowEnded: 'Check-in for this shift is over',
  windowEndedAt: (time) => `Check-in closed at ${time}`,
  windowCloses: (time) => `Closes at ${time}`,
  windowClosed: 'Check-in is closed now',
  windowOpensAt: (label, time) => `${label}: check-in opens at ${time}`,
  noShift: 'No duty scheduled',
  alert: {
    'one-on-duty': 'Only one person on duty',
    'none-on-duty': 'Nobody on duty',
  },
  notice: {
    'checked-in': (n) => ({
      title: `Hello, ${n.personName}`,
      detail: `Checked in: ${n.shiftLabel}`,
    }),
    'already-checked-in': (n) => ({ title: n.personName, detail: 'You are already checked in' }),
    'not-on-duty': (n) => ({ title: n.personName, detail: 'You are not on duty this shift' }),
    'no-open-window': (n) => ({
      title: n.personName,
      detail: 'Check-in is not open now. If this is wrong, tell an officer',
    }),
    'unknown-finger': () => ({
      title: 'Finger not recognised',
      detail: 'Lay it flat and try again',
    }),
    'unassigned-template': () => ({ title: 'Finger not registered', detail: 'Ask an officer' }),
    'reader-fault': () => ({ title: 'Fingerprint reader fault', detail: 'Ask an officer' }),
    'not-stored': () => ({
      title: 'That was not saved',
      detail: 'Place your finger again; if it fails again, ask an officer',
    }),
  },
  tapToClose: 'Tap to close',
  demoTitle: 'DEMO',
  demoUnknown: 'Unknown finger',
};

export const STRINGS: Record<Language, Strings> = { zh, en };

export const DEFAULT_LANGUAGE: Language = 'zh';

export const LanguageContext = createContext<Language>(DEFAULT_LANGUAGE);

export function useLanguage(): { lang: Language; t: Strings } {
  const lang = useContext(LanguageContext);
  return { lang, t: STRINGS[lang] };
}

/** The words of a notice, typed by its kind. */
export function noticeText(t: Strings, notice: Notice): NoticeText {
  const render = t.notice[notice.kind] as (value: Notice) => NoticeText;
  return render(notice);
}
