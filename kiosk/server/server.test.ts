import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { connect } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryLogger } from '../../drivers/core/logger.js';
import type { KioskView } from '../api/messages.js';
import { sampleView } from '../../ui/testing/sample-view.js';
import { LoopbackOnlyError, ServerStartError } from './errors.js';
import { startServer, type KioskServer } from './server.js';
import { rawRequest } from './test-http.js';

let uiDir = '';
let server: KioskServer | null = null;
let view: KioskView = sampleView();
let viewFails = false;
const logger = createMemoryLogger('server');

test.before(async () => {
  uiDir = await mkdtemp(join(tmpdir(), 'kiosk-server-'));
  await writeFile(join(uiDir, 'index.html'), '<!doctype html><title>kiosk</title>');
  server = await startServer({
    port: 0,
    uiDir,
    logger,
    getView: () => {
      if (viewFails) throw new Error('duty store is not loaded');
      return view;
    },
  });
});

test.after(async () => {
  await server?.close();
  await rm(uiDir, { recursive: true, force: true });
});

const port = () => server!.port;

function connectsTo(host: string, target: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port: target });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

test('refuses any host but 127.0.0.1 with a typed error naming the host', async () => {
  for (const host of ['0.0.0.0', '::', 'localhost', '10.0.0.5', '127.0.0.2']) {
    const error = await startServer({
      port: 0,
      host: host as '127.0.0.1',
      uiDir,
      logger,
      getView: () => view,
    }).catch((caught: unknown) => caught);
    assert.instance(error, LoopbackOnlyError, host);
    assert.is((error as LoopbackOnlyError).code, 'host-not-loopback');
    assert.ok((error as Error).message.includes(JSON.stringify(host)), (error as Error).message);
  }
});

test('listens on 127.0.0.1 only, on the free port it picked', async () => {
  assert.ok(port() > 0);
  assert.is(server!.url, `http://127.0.0.1:${port()}`);
  assert.ok(await connectsTo('127.0.0.1', port()));
  // Another loopback address reaches the same interface: refused means bound to one address.
  assert.not.ok(await connectsTo('127.0.0.2', port()));
});

test('a taken port fails with ServerStartError naming host and port', async () => {
  const error = await startServer({ port: port(), uiDir, logger, getView: () => view }).catch(
    (caught: unknown) => caught,
  );
  assert.instance(error, ServerStartError);
  assert.match((error as Error).message, `127.0.0.1:${port()}`);
  assert.match((error as Error).message, 'EADDRINUSE');
});

test('GET /api/view answers the current view as JSON, never cached', async () => {
  view = sampleView();
  view.upstream.pendingEvents = 4;
  const response = await rawRequest(port(), { path: '/api/view' });
  assert.is(response.status, 200);
  assert.match(String(response.headers['content-type']), 'application/json');
  assert.is(response.headers['cache-control'], 'no-store');
  assert.equal(JSON.parse(response.body), view);
});

test('every answer carries strict security headers', async () => {
  for (const path of ['/api/view', '/', '/api/nothing', '/missing.js']) {
    const { headers } = await rawRequest(port(), { path });
    const csp = String(headers['content-security-policy']);
    assert.match(csp, "default-src 'self'", path);
    assert.match(csp, "script-src 'self'", path);
    assert.match(csp, "frame-ancestors 'none'", path);
    assert.not.match(csp, 'unsafe-inline', path);
    assert.is(headers['x-frame-options'], 'DENY', path);
    assert.is(headers['x-content-type-options'], 'nosniff', path);
    assert.is(headers['referrer-policy'], 'no-referrer', path);
  }
});

test('GET /api/health reports ok with uptime and open streams', async () => {
  const response = await rawRequest(port(), { path: '/api/health' });
  assert.is(response.status, 200);
  const body = JSON.parse(response.body) as Record<string, unknown>;
  assert.is(body.status, 'ok');
  assert.type(body.uptimeSeconds, 'number');
  assert.is(body.streams, 0);
});

test('an unknown API path is a JSON 404 naming the path', async () => {
  const response = await rawRequest(port(), { path: '/api/shop?x=1' });
  assert.is(response.status, 404);
  const body = JSON.parse(response.body) as { error: { code: string; message: string } };
  assert.is(body.error.code, 'not-found');
  assert.match(body.error.message, '"/api/shop"');
});

test('a wrong method is a 405 that says which methods are allowed', async () => {
  const response = await rawRequest(port(), { method: 'DELETE', path: '/api/view' });
  assert.is(response.status, 405);
  assert.is(response.headers.allow, 'GET, HEAD');
  assert.match(response.body, 'DELETE is not allowed on /api/view');
});

test('a foreign Host header is refused (DNS rebinding)', async () => {
  const response = await rawRequest(port(), {
    path: '/api/view',
    headers: { Host: `evil.example:${port()}` },
  });
  assert.is(response.status, 421);
  assert.match(response.body, 'evil.example');
  const local = await rawRequest(port(), {
    path: '/api/view',
    headers: { Host: `localhost:${port()}` },
  });
  assert.is(local.status, 200);
});

test('a getView that throws gives a JSON 500 and the server keeps serving', async () => {
  viewFails = true;
  const failed = await rawRequest(port(), { path: '/api/view' });
  viewFails = false;
  assert.is(failed.status, 500);
  assert.match(failed.body, 'view-unavailable');
  assert.ok(logger.lines.some((line) => line.includes('duty store is not loaded')));
  assert.is((await rawRequest(port(), { path: '/api/view' })).status, 200);
});

test('a malformed HTTP request gets 400 and does not hurt the server', async () => {
  const answer = await new Promise<string>((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: port() });
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
    socket.write('GARBAGE \x01\x02 NOT-HTTP\r\n\r\n');
  });
  assert.match(answer, /^HTTP\/1\.1 400/);
  assert.is((await rawRequest(port(), { path: '/api/health' })).status, 200);
});

test('a request target that is not a path is a 400', async () => {
  const response = await rawRequest(port(), { path: '*', method: 'OPTIONS' });
  assert.is(response.status, 400);
  assert.match(response.body, 'not a path');
});

test.run();
