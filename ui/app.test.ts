// test-timeout: 180
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Notice } from '../kiosk/api/messages.js';
import { startServer } from '../kiosk/server/server.js';
import { createMemoryLogger } from '../drivers/core/logger.js';
import { sampleView } from './testing/sample-view.js';
import { startUiHarness, until, type UiHarness } from './testing/ui-harness.js';

let ui: UiHarness;

test.before(async () => {
  ui = await startUiHarness();
});

test.after(async () => {
  await ui?.close();
});

const text = (selector: string) => ui.page.locator(selector).innerText();

test('shows the shift with who has checked in and who is missing', async () => {
  const rows = ui.page.locator('[data-testid=duty-person]');
  assert.is(await rows.count(), 3);
  const states = await rows.evaluateAll((elements) =>
    elements.map((el) => [el.getAttribute('data-person-id'), el.getAttribute('data-checked-in')]),
  );
  assert.equal(states, [
    ['p-101', 'true'],
    ['p-102', 'false'],
    ['p-103', 'false'],
  ]);
  assert.match(await text('[data-person-id=p-101]'), '21:52');
  assert.match(await text('[data-person-id=p-102]'), '未签到');
  assert.match(await text('[data-testid=finger-prompt]'), '请按手指签到');
  assert.match(await text('[data-testid=terminal-id]'), 'T-0412');
});

test('the language switch turns every word to English and back to Chinese', async () => {
  await ui.page.tap('[data-testid=lang-switch]');
  await ui.page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.match(await text('[data-testid=finger-prompt]'), 'Place your finger to check in');
  assert.match(await text('[data-person-id=p-102]'), 'Not yet');
  assert.match(await text('[data-testid=lang-switch]'), '中文');

  await ui.page.tap('[data-testid=lang-switch]');
  await ui.page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  assert.match(await text('[data-testid=finger-prompt]'), '请按手指签到');
  assert.match(await text('[data-testid=lang-switch]'), 'English');
});

test('while the fingerprint reader is down the open window says so instead of asking', async () => {
  const view = sampleView();
  view.devices = [{ name: 'fingerprint', kind: 'fingerprint', state: 'backoff' }];
  ui.setView(view);
  await ui.page.waitForSelector('[data-testid=reader-unavailable]');
  assert.is(await ui.page.locator('[data-testid=finger-prompt]').count(), 0);
  assert.match(await text('[data-testid=reader-unavailable]'), '指纹器暂时不能用');
  const badge = ui.page.locator('[data-testid=device-fault]');
  assert.is(await badge.getAttribute('aria-label'), '1 台设备故障');
  assert.match(await badge.innerText(), '1');

  ui.setView(sampleView());
  await ui.page.waitForSelector('[data-testid=finger-prompt]');
  assert.is(await ui.page.locator('[data-testid=reader-unavailable]').count(), 0);
  assert.is(await ui.page.locator('[data-testid=device-fault]').count(), 0, 'no badge when all are ready');
});

test('a running shift whose window has closed says check-in is over, not "no duty"', async () => {
  const view = sampleView();
  const shift = view.duty.shift!;
  shift.windowOpen = false;
  shift.windowOpens = new Date(Date.now() - 3_600_000).toISOString();
  shift.windowCloses = new Date(Date.now() - 60_000).toISOString();
  ui.setView(view);
  await ui.page.waitForSelector('[data-testid=window-ended]');
  assert.match(await text('[data-testid=window-ended]'), '本班签到已结束');
  assert.is(await ui.page.locator('[data-testid=duty-person]').count(), 3, 'who came stays listed');
  ui.setView(sampleView());
  await ui.page.waitForSelector('[data-testid=finger-prompt]');
});

test('when everyone on the shift is in, the screen stops asking for fingers', async () => {
  const view = sampleView();
  for (const person of view.duty.shift!.people) person.checkedInAt ??= new Date().toISOString();
  ui.setView(view);
  await ui.page.waitForSelector('[data-testid=everyone-in]');
  assert.is(await ui.page.locator('[data-testid=finger-prompt]').count(), 0);
  ui.setView(sampleView());
  await ui.page.waitForSelector('[data-testid=finger-prompt]');
});

test('tapping a demo finger places that finger through the local API', async () => {
  ui.fingers.length = 0;
  await ui.page.tap('[data-testid=demo-finger][data-template-id="12"]');
  await until('the finger of template 12', () => ui.fingers.length === 1);
  await ui.page.tap('[data-testid=demo-unknown]');
  await until('the unknown finger', () => ui.fingers.length === 2);
  assert.equal(ui.fingers, [{ templateId: 12 }, { unknown: true }]);
});

test('a pushed view updates the list in place, without reloading the page', async () => {
  await ui.page.evaluate(() => Object.assign(window, { pageMarker: 'still here' }));
  const view = sampleView();
  view.duty.shift!.people[1]!.checkedInAt = '2026-03-02T21:58:00.000Z';
  ui.setView(view);

  await ui.page.waitForSelector('[data-person-id=p-102][data-checked-in=true]');
  assert.match(await text('[data-person-id=p-102]'), '21:58');
  assert.match(await text('[data-testid=checked-in-count]'), '2/3');
  const marker = await ui.page.evaluate(() => (window as { pageMarker?: string }).pageMarker);
  assert.is(marker, 'still here');
});

test('a notice covers the screen for a few seconds, then goes by itself', async () => {
  const notice: Notice = {
    kind: 'checked-in',
    personName: '李强',
    shiftLabel: '夜班',
    at: '2026-03-02T21:58:00.000Z',
  };
  ui.server.pushNotice(notice);
  const overlay = ui.page.locator('[data-testid=notice-overlay]');
  await overlay.waitFor({ state: 'visible' });
  assert.is(await overlay.getAttribute('data-notice-kind'), 'checked-in');
  assert.match(await overlay.innerText(), '你好，李强');
  await overlay.waitFor({ state: 'detached', timeout: 20_000 });
});

test('a tap closes a notice sooner; each kind of notice has its words', async () => {
  const at = '2026-03-02T21:58:00.000Z';
  const notices: [Notice, string][] = [
    [{ kind: 'already-checked-in', personName: '张伟', at }, '你已经签到过了'],
    [{ kind: 'not-on-duty', personName: '赵六', at }, '你本班不值班'],
    [{ kind: 'no-open-window', personName: '张伟', at }, '现在不是签到时间'],
    [{ kind: 'unknown-finger', at }, '没有认出指纹'],
    [{ kind: 'unassigned-template', templateId: 40, at }, '指纹没有登记'],
    [{ kind: 'reader-fault', at }, '指纹仪故障'],
    [{ kind: 'not-stored', at }, '没有记下来'],
  ];
  const overlay = ui.page.locator('[data-testid=notice-overlay]');
  for (const [notice, words] of notices) {
    ui.server.pushNotice(notice);
    await ui.page.waitForSelector(`[data-testid=notice-overlay][data-notice-kind=${notice.kind}]`);
    assert.match(await overlay.innerText(), words, notice.kind);
    await overlay.tap();
    await overlay.waitFor({ state: 'detached' });
  }
});

test('offline, the badge says so with the number of events waiting', async () => {
  const view = sampleView();
  view.upstream = { online: false, pendingEvents: 5, since: '2026-03-02T21:00:00.000Z' };
  ui.setView(view);
  await ui.page.waitForSelector('[data-testid=offline-badge]');
  assert.match(await text('[data-testid=pending-count]'), '5 条待发送');
  assert.is(await ui.page.locator('[data-testid=online-badge]').count(), 0);

  ui.setView(sampleView());
  await ui.page.waitForSelector('[data-testid=online-badge]');
  assert.is(await ui.page.locator('[data-testid=offline-badge]').count(), 0);
});

test('duty alerts show in a red band until they are cleared', async () => {
  const view = sampleView();
  view.duty.alerts = [
    {
      id: 'a-1',
      kind: 'none-on-duty',
      shiftId: 's-night',
      shiftLabel: '夜班',
      raisedAt: '2026-03-02T22:15:00.000Z',
    },
  ];
  ui.setView(view);
  const band = ui.page.locator('[data-testid=alert-band]');
  await band.waitFor();
  assert.match(await band.innerText(), '无人值班');
  const colour = await band.evaluate((el) => getComputedStyle(el).backgroundColor);
  const [red, green, blue] = (colour.match(/\d+/g) ?? []).map(Number);
  assert.ok(red! > 150 && green! < 60 && blue! < 60, `alert band is ${colour}`);

  ui.setView(sampleView());
  await band.waitFor({ state: 'detached' });
});

test('outside the check-in window the screen says when it opens, with no prompt', async () => {
  const view = sampleView();
  view.duty.shift!.windowOpen = false;
  // A window that has not opened yet: same clock times, a later day.
  view.duty.shift!.windowOpens = '2099-03-02T21:45:00.000Z';
  view.duty.shift!.windowCloses = '2099-03-02T22:15:00.000Z';
  ui.setView(view);
  await ui.page.waitForSelector('[data-testid=window-closed]');
  assert.match(await text('[data-testid=next-window]'), '21:45 开始签到');
  assert.is(await ui.page.locator('[data-testid=finger-prompt]').count(), 0);

  view.duty.shift = null;
  ui.setView(view);
  await ui.page.waitForSelector('[data-testid=shift-panel]', { state: 'detached' });
  assert.match(await text('[data-testid=window-closed]'), '暂无值班安排');
  ui.setView(sampleView());
  await ui.page.waitForSelector('[data-testid=finger-prompt]');
});

test('the demo panel exists only in simulated mode', async () => {
  const view = sampleView();
  view.terminal.simulated = false;
  ui.setView(view);
  await ui.page.waitForSelector('[data-testid=demo-panel]', { state: 'detached' });
  ui.setView(sampleView());
  await ui.page.waitForSelector('[data-testid=demo-panel]');
});

test('when the kiosk server goes away the UI says so and recovers when it returns', async () => {
  const port = ui.server.port;
  await ui.server.close();
  await ui.page.waitForSelector('[data-testid=link-lost]', { timeout: 20_000 });

  const view = sampleView();
  view.duty.shift!.people[2]!.checkedInAt = '2026-03-02T22:01:00.000Z';
  const again = await startServer({
    port,
    uiDir: '/nonexistent',
    logger: createMemoryLogger('ui-test-again'),
    getView: () => view,
  });
  try {
    await ui.page.waitForSelector('[data-person-id=p-103][data-checked-in=true]', {
      timeout: 20_000,
    });
    await ui.page.waitForSelector('[data-testid=online-badge]');
  } finally {
    await again.close();
  }
});

test('after two idle minutes the screen returns to Chinese for the next person', async () => {
  // The page's clock is faked from here on, so minutes pass without waiting for them.
  await ui.page.clock.install();
  const lang = () => ui.page.evaluate(() => document.documentElement.lang);
  await ui.page.tap('[data-testid=lang-switch]');
  await ui.page.waitForFunction(() => document.documentElement.lang === 'en');

  // A touch restarts the idle time.
  await ui.page.clock.fastForward(100_000);
  await ui.page.tap('[data-testid=shift-panel]');
  await ui.page.clock.fastForward(100_000);
  assert.is(await lang(), 'en');

  await ui.page.clock.fastForward(25_000);
  await ui.page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
});

test('the page reported no errors and no refused content', () => {
  // A lost stream is logged by Chromium as a failed load; anything else is a defect.
  const problems = ui.pageProblems.filter((line) => !line.includes('ERR_CONNECTION_REFUSED'));
  assert.equal(problems, []);
});

test.run();
