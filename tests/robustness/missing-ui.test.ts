/**
 * A terminal whose built UI folder is missing (a checkout that was never built, a bundle
 * copied without it): the screen stays blank and the log says why, but requests for UI
 * files get 404 and nothing becomes an unhandled rejection in the process.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { createMemoryLogger } from '../../drivers/core/logger.js';
import { startServer, type KioskServer } from '../../kiosk/server/server.js';
import { tempDir } from './support.js';

const missing = suite('missing UI folder');
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);
let server: KioskServer;

missing.before(async () => {
  process.on('unhandledRejection', onRejection);
  server = await startServer({
    port: 0,
    uiDir: join(tempDir('kiosk-no-ui-'), 'dist', 'ui'),
    logger: createMemoryLogger('http'),
    getView: () => {
      throw new Error('no view in this test');
    },
  });
});

missing.after(async () => {
  await server.close();
  process.off('unhandledRejection', onRejection);
});

missing('UI files are 404 and no rejection goes unhandled', async () => {
  for (const path of ['/', '/index.html', '/app.js', '/%2e%2e/etc/passwd']) {
    const response = await fetch(`${server.url}${path}`);
    assert.ok([400, 404].includes(response.status), `${path}: ${response.status}`);
    await response.arrayBuffer();
  }
  // Give a stray rejection the turn of the event loop it needs to be reported.
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(rejections.map(String), []);
});

missing.run();
