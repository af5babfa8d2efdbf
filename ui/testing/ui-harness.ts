/**
 * Everything a UI test needs: the built UI in a temporary folder, the real kiosk server
 * with a view the test controls, and Chromium with a touch screen looking at it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { createMemoryLogger } from '../../drivers/core/logger.js';
import {
  launchKioskBrowser,
  type KioskBrowser,
  type KioskViewport,
} from '../../hardware-tests/rigs/chromium.js';
import type { KioskView, SimFingerRequest } from '../../kiosk/api/messages.js';
import { startServer, type KioskServer } from '../../kiosk/server/server.js';
import { buildUi } from '../../scripts/build.js';
import { sampleView } from './sample-view.js';

export interface UiHarness {
  server: KioskServer;
  page: Page;
  kiosk: KioskBrowser;
  fingers: SimFingerRequest[];
  /** Problems the page reported: console errors, uncaught exceptions, CSP refusals. */
  pageProblems: string[];
  setView(view: KioskView): void;
  close(): Promise<void>;
}

export async function startUiHarness(viewport?: KioskViewport): Promise<UiHarness> {
  const uiDir = await mkdtemp(join(tmpdir(), 'kiosk-ui-'));
  const fingers: SimFingerRequest[] = [];
  const pageProblems: string[] = [];
  let view = sampleView();
  let server: KioskServer | null = null;
  let kiosk: KioskBrowser | null = null;

  const close = async () => {
    await kiosk?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
    await rm(uiDir, { recursive: true, force: true });
  };

  try {
    await buildUi(uiDir);
    server = await startServer({
      port: 0,
      uiDir,
      logger: createMemoryLogger('ui-test'),
      getView: () => view,
      onSimFinger: (request) => {
        fingers.push(request);
      },
    });
    // UTC so the sample's times read the same on every machine.
    kiosk = await launchKioskBrowser({ ...(viewport ? { viewport } : {}), timezoneId: 'UTC' });
    const page = kiosk.page;
    page.on('console', (message) => {
      if (message.type() === 'error') pageProblems.push(message.text());
    });
    page.on('pageerror', (error) => pageProblems.push(error.message));

    await page.goto(server.url);
    await page.waitForSelector('[data-testid=duty-person]');
    const running = server;
    return {
      server: running,
      page,
      kiosk,
      fingers,
      pageProblems,
      setView: (next) => {
        view = next;
        running.pushView(next);
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Waits for a condition on the Node side, failing with `what` after `timeoutMs`. */
export async function until(what: string, check: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
