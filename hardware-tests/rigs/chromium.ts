/**
 * The kiosk browser for tests: Debian's Chromium driven by playwright-core, headless,
 * with a touch-screen context shaped like a terminal's panel.
 *
 * Each launch gets a fresh profile: playwright-core makes a new temporary user-data-dir
 * for every `launch()` and removes it on close, so no state leaks between runs.
 */
import { errorMessage } from '../../drivers/core/errors.js';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** The real binary; the /usr/bin/chromium wrapper script is slower and adds flags. */
export const CHROMIUM_PATH = '/usr/lib/chromium/chromium';

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface KioskViewport {
  width: number;
  height: number;
}

export const LANDSCAPE: KioskViewport = { width: 1024, height: 600 };
export const PORTRAIT: KioskViewport = { width: 800, height: 1280 };

export interface KioskBrowser {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function launchKioskBrowser(
  options: { viewport?: KioskViewport; timezoneId?: string } = {},
): Promise<KioskBrowser> {
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: FLAGS,
    });
  } catch (error) {
    const reason = errorMessage(error);
    throw new Error(
      `Chromium at ${CHROMIUM_PATH} did not start (apt-get install chromium): ${reason}`,
      { cause: error },
    );
  }

  try {
    // A touch panel: pointer is coarse and taps fire touch, pointer and click events.
    const context = await browser.newContext({
      viewport: options.viewport ?? LANDSCAPE,
      hasTouch: true,
      isMobile: false,
      ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
    });
    const page = await context.newPage();
    return { browser, context, page, close: () => browser.close() };
  } catch (error) {
    await browser.close().catch(() => undefined);
    throw error;
  }
}
