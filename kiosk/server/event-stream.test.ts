import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryLogger } from '../../drivers/core/logger.js';
import type { KioskView, Notice } from '../api/messages.js';
import { sampleView } from '../../ui/testing/sample-view.js';
import { EventStream } from './event-stream.js';
import { startServer, type KioskServer } from './server.js';
import { rawRequest, StreamReader } from './test-http.js';

let uiDir = '';
let server: KioskServer | null = null;
let view: KioskView = sampleView();
const readers: StreamReader[] = [];
const extraServers: Server[] = [];

test.before(async () => {
  uiDir = await mkdtemp(join(tmpdir(), 'kiosk-stream-'));
  server = await startServer({
    port: 0,
    uiDir,
    logger: createMemoryLogger('stream'),
    getView: () => view,
  });
});

test.after.each(() => {
  for (const reader of readers.splice(0)) reader.close();
});

test.after(async () => {
  await server?.close();
  for (const extra of extraServers) extra.close();
  await rm(uiDir, { recursive: true, force: true });
});

async function openReader(port = server!.port): Promise<StreamReader> {
  const reader = await StreamReader.open(port);
  readers.push(reader);
  return reader;
}

test('a new stream is text/event-stream and starts with the whole view', async () => {
  view = sampleView();
  const reader = await openReader();
  assert.match(String(reader.response.headers['content-type']), 'text/event-stream');
  assert.is(reader.response.headers['cache-control'], 'no-store');
  await reader.waitFor('the first view', () => reader.events.length >= 1);
  assert.equal(reader.events[0], { event: 'view', data: view });
});

test('pushView and pushNotice reach every open stream, in order', async () => {
  const first = await openReader();
  const second = await openReader();
  await first.waitFor('first view', () => first.events.length === 1);
  await second.waitFor('first view', () => second.events.length === 1);

  const changed = sampleView();
  changed.duty.shift!.people[1]!.checkedInAt = '2026-03-02T21:58:00.000Z';
  const notice: Notice = {
    kind: 'checked-in',
    personName: '李强',
    shiftLabel: '夜班',
    at: '2026-03-02T21:58:00.000Z',
  };
  server!.pushView(changed);
  server!.pushNotice(notice);

  for (const reader of [first, second]) {
    await reader.waitFor('view and notice', () => reader.events.length === 3);
    assert.equal(reader.events[1], { event: 'view', data: changed });
    assert.equal(reader.events[2], { event: 'notice', data: notice });
  }
});

async function openStreams(): Promise<number> {
  const response = await rawRequest(server!.port, { path: '/api/health' });
  return (JSON.parse(response.body) as { streams: number }).streams;
}

/** The server notices a closed stream a moment after the client drops it. */
async function waitForStreams(count: number): Promise<number> {
  let streams = await openStreams();
  for (let tries = 0; streams !== count && tries < 500; tries += 1) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    streams = await openStreams();
  }
  return streams;
}

test('health counts open streams and a closed one is forgotten', async () => {
  assert.is(await waitForStreams(0), 0);
  const reader = await openReader();
  await reader.waitFor('first view', () => reader.events.length === 1);
  assert.is(await openStreams(), 1);

  reader.close();
  assert.is(await waitForStreams(0), 0);
});

test('a stream only accepts GET', async () => {
  const response = await rawRequest(server!.port, { method: 'POST', path: '/api/stream' });
  assert.is(response.status, 405);
});

/** An EventStream on its own small server, to set heartbeat and limits. */
async function hub(options: Partial<ConstructorParameters<typeof EventStream>[0]>) {
  const stream = new EventStream({
    logger: createMemoryLogger('hub'),
    heartbeatMs: 60_000,
    maxClients: 4,
    maxBacklogBytes: 1 << 20,
    retryMs: 1000,
    ...options,
  });
  const http = createServer((_req, res) => stream.add(res, [{ event: 'view', data: { n: 0 } }]));
  extraServers.push(http);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return { stream, port: (http.address() as AddressInfo).port };
}

test('idle streams get heartbeat comments', async () => {
  const { stream, port } = await hub({ heartbeatMs: 50 });
  const reader = await openReader(port);
  await reader.waitFor('two heartbeats', () => reader.comments >= 2);
  assert.equal(reader.events, [{ event: 'view', data: { n: 0 } }]);
  stream.close();
});

test('close() ends every stream', async () => {
  const { stream, port } = await hub({});
  const reader = await openReader(port);
  await reader.waitFor('first view', () => reader.events.length === 1);
  stream.close();
  await reader.waitFor('the end of the stream', () => reader.ended);
  assert.is(stream.size, 0);
});

test('a client that stops reading is dropped once its backlog passes the limit', async () => {
  const { stream, port } = await hub({ maxBacklogBytes: 64 * 1024 });
  const reader = await openReader(port);
  await reader.waitFor('first view', () => reader.events.length === 1);
  reader.response.pause();

  // At most 64 MiB in 64 KiB frames: kernel buffers fill long before that.
  const big = 'x'.repeat(64 * 1024);
  for (let sent = 0; sent < 1024 && stream.size > 0; sent += 1) {
    stream.send('view', { big });
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.is(stream.size, 0);
  stream.close();
});

test('the server refuses streams beyond its limit of 16 with a JSON 503', async () => {
  assert.is(await waitForStreams(0), 0);
  const open: StreamReader[] = [];
  for (let n = 0; n < 16; n += 1) open.push(await openReader());
  for (const reader of open) assert.is(reader.response.statusCode, 200);

  const refused = await rawRequest(server!.port, { path: '/api/stream' });
  assert.is(refused.status, 503);
  assert.match(refused.body, 'too many open event streams');
});

test.run();
