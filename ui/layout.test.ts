// test-timeout: 180
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { LANDSCAPE, PORTRAIT, type KioskViewport } from '../hardware-tests/rigs/chromium.js';
import { sampleView } from './testing/sample-view.js';
import { startUiHarness, type UiHarness } from './testing/ui-harness.js';

const SHOTS = new URL('../.test-artifacts/ui/', import.meta.url).pathname;
const harnesses: UiHarness[] = [];

test.after(async () => {
  for (const harness of harnesses.splice(0)) await harness.close();
});

async function harness(viewport?: KioskViewport): Promise<UiHarness> {
  const started = await startUiHarness(viewport);
  harnesses.push(started);
  return started;
}

/** Fires a real keydown through the browser's input pipeline and says if the page stopped it. */
async function keyBlocked(page: Page, key: string): Promise<boolean> {
  // No named functions inside evaluate: tsx would wrap them in a helper the page lacks.
  await page.evaluate(() => {
    window.addEventListener(
      'keydown',
      (event) => {
        (window as { lastKeyStopped?: boolean }).lastKeyStopped = event.defaultPrevented;
      },
      { once: true },
    );
  });
  await page.keyboard.press(key);
  return page.evaluate(() => (window as { lastKeyStopped?: boolean }).lastKeyStopped === true);
}

test('the page cannot be zoomed, selected, or left through menus and shortcuts', async () => {
  const { page } = await harness();

  const viewportMeta = await page.getAttribute('meta[name=viewport]', 'content');
  assert.match(String(viewportMeta), 'user-scalable=no');
  assert.match(String(viewportMeta), 'maximum-scale=1');

  const style = await page.evaluate(() => {
    const html = getComputedStyle(document.documentElement);
    return [html.touchAction, html.overscrollBehaviorX, html.userSelect];
  });
  assert.equal(style, ['pan-x pan-y', 'none', 'none']);

  // A real right click / long press raises contextmenu: its default must be prevented.
  await page.evaluate(() => {
    window.addEventListener('contextmenu', (event) => {
      (window as { menuStopped?: boolean }).menuStopped = event.defaultPrevented;
    });
  });
  await page.mouse.click(300, 300, { button: 'right' });
  assert.is(await page.evaluate(() => (window as { menuStopped?: boolean }).menuStopped), true);

  for (const key of ['Control+r', 'F5', 'Alt+ArrowLeft', 'Backspace', 'Control+Equal', 'F12']) {
    assert.ok(await keyBlocked(page, key), `${key} was not stopped`);
  }
  // Plain keys pass: the blocking is by kind, not everything.
  assert.not.ok(await keyBlocked(page, 'a'), 'a plain letter was stopped');

  const zoom = await page.evaluate(() => {
    const wheel = new WheelEvent('wheel', { ctrlKey: true, deltaY: -100, cancelable: true });
    return !document.body.dispatchEvent(wheel);
  });
  assert.ok(zoom, 'ctrl+wheel zoom was not stopped');
});

test('the content security policy refuses inline script', async () => {
  const { page, pageProblems } = await harness();
  const ran = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.inlineRan = true';
    document.head.append(script);
    return (window as { inlineRan?: boolean }).inlineRan === true;
  });
  assert.not.ok(ran);
  assert.ok(
    pageProblems.some((line) => line.includes('Content Security Policy')),
    pageProblems.join('\n'),
  );
});

async function checkLayout(page: Page, where: string): Promise<void> {
  const size = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    scrollHeight: document.documentElement.scrollHeight,
    clientHeight: document.documentElement.clientHeight,
  }));
  const sizes = JSON.stringify(size);
  assert.ok(size.scrollWidth <= size.clientWidth, `${where}: horizontal overflow ${sizes}`);
  assert.ok(size.scrollHeight <= size.clientHeight, `${where}: page scrolls ${sizes}`);

  const small = await page.$$eval('button', (buttons) =>
    buttons
      .map((button) => ({ text: button.innerText, box: button.getBoundingClientRect() }))
      .filter(({ box }) => box.width < 64 || box.height < 64)
      .map(({ text, box }) => `${text} ${box.width}x${box.height}`),
  );
  assert.equal(small, [], `${where}: touch targets under 64 px`);

  const cut = await page.$$eval('.title, .terminal-id, .person-name', (elements) =>
    elements.filter((el) => el.scrollWidth > el.clientWidth).map((el) => el.textContent),
  );
  assert.equal(cut, [], `${where}: text cut short with an ellipsis`);

  // Every person row is fully in sight: nobody is hidden below a scroll edge.
  const hidden = await page.$$eval('[data-testid=duty-person]', (rows) =>
    rows
      .filter((row) => {
        const box = row.getBoundingClientRect();
        const list = row.parentElement!.getBoundingClientRect();
        return box.bottom > list.bottom + 0.5 || box.bottom > window.innerHeight;
      })
      .map((row) => row.getAttribute('data-person-id')),
  );
  assert.equal(hidden, [], `${where}: person rows cut off`);
}

for (const [name, viewport] of [
  ['landscape', LANDSCAPE],
  ['portrait', PORTRAIT],
] as const) {
  const size = `${viewport.width}x${viewport.height}`;
  test(`${name} ${size}: fits without scrolling or overflow in both languages`, async () => {
    const ui = await harness(viewport);
    await mkdir(SHOTS, { recursive: true });

    // The fullest screen: an alert, offline with events waiting, a device down, the demo panel.
    const view = sampleView();
    view.upstream = { online: false, pendingEvents: 12, since: null };
    view.devices = [...view.devices, { name: 'mcu', kind: 'mcu', state: 'backoff' }];
    view.duty.alerts = [
      {
        id: 'a-1',
        kind: 'one-on-duty',
        shiftId: 's-night',
        shiftLabel: '夜班',
        raisedAt: '2026-03-02T22:15:00.000Z',
      },
    ];
    ui.setView(view);
    await ui.page.waitForSelector('[data-testid=alert-band]');

    for (const lang of ['zh', 'en']) {
      if (lang === 'en') {
        await ui.page.tap('[data-testid=lang-switch]');
        await ui.page.waitForFunction(() => document.documentElement.lang === 'en');
      }
      await checkLayout(ui.page, `${name} ${lang}`);
      await ui.page.screenshot({ path: join(SHOTS, `${name}-${lang}.png`) });
    }

    ui.server.pushNotice({
      kind: 'unknown-finger',
      at: '2026-03-02T22:16:00.000Z',
    });
    await ui.page.waitForSelector('[data-testid=notice-overlay]');
    await ui.page.screenshot({ path: join(SHOTS, `${name}-en-notice.png`) });
  });
}

test.run();
