// test-timeout: 180
/**
 * The local API of a running kiosk process under bad requests: malformed HTTP, huge
 * bodies and headers, wrong methods and content types, path traversal, Host tricks,
 * many event streams, slow and stalled clients. Each gets an error status (a JSON body
 * naming what was wrong where the request got that far), and the kiosk keeps serving.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Socket } from 'node:net';
import { startKioskProcess, type KioskProcess } from '../support/kiosk-process.js';
import { waitFor } from '../support/wait-for.js';
import { errorBody, openSocket, rawRequest, requestText } from './raw-http.js';
import { makeCrowdTerminal } from './support.js';

const http = suite('local API under bad requests');
let kiosk: KioskProcess;
let port = 0;
const sockets: Socket[] = [];

http.before(async () => {
  const terminal = makeCrowdTerminal({ count: 2 });
  kiosk = await startKioskProcess(terminal.configFile, { KIOSK_SKIP_UI_BUILD: '1' });
  port = Number(new URL(kiosk.url).port);
});

http.after.each(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  // The kiosk answers a good request after every attack.
  const response = await fetch(`${kiosk.url}/api/health`);
  assert.is(response.status, 200, 'health after the attack');
  await response.arrayBuffer();
});

http.after(async () => {
  const code = await kiosk.kill('SIGTERM');
  assert.is(code, 0, 'a clean stop after all the attacks');
  // A client's fault is never logged as the server's failure (500, error level).
  // "no built UI" only says the checkout has not run the build; it is not a fault.
  const crashes = kiosk.lines.filter(
    (line) => / ERROR |uncaught|unhandled/.test(line) && !/no built UI/.test(line),
  );
  assert.equal(crashes, [], 'no uncaught error and no error-level line in the log');
});

async function expect(bytes: string | Buffer, status: number, code?: string) {
  const answer = await rawRequest(port, bytes);
  assert.is(answer.status, status, `answer to ${JSON.stringify(String(bytes).slice(0, 80))}`);
  if (code !== undefined) assert.is(errorBody(answer)?.code, code);
  return answer;
}

http('a request line that is not HTTP gets 400', async () => {
  const answer = await expect('HELLO THERE\r\n\r\n', 400, 'bad-http');
  assert.match(errorBody(answer)?.message ?? '', /malformed HTTP request \(HPE_/);
  // A TLS ClientHello sent to the plain-HTTP port.
  await expect(Buffer.from([0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00]), 400, 'bad-http');
});

http('headers of 64 KiB get 431 and no crash', async () => {
  const headers = { 'X-Fill': 'a'.repeat(64 * 1024) };
  await expect(requestText(port, { path: '/api/view', headers }), 431, 'headers-too-large');
});

http('a body of 1 MiB is cut off with 413 naming the limit', async () => {
  const body = JSON.stringify({ templateId: 1, pad: 'x'.repeat(1 << 20) });
  const headers = { 'Content-Type': 'application/json' };
  const answer = await expect(
    requestText(port, { method: 'POST', path: '/api/sim/finger', headers, body }),
    413,
    'body-too-large',
  );
  assert.match(errorBody(answer)?.message ?? '', /over 4096 bytes/);
});

http('a chunked body without end is cut off with 413', async () => {
  const head = requestText(port, {
    method: 'POST',
    path: '/api/sim/finger',
    headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
  });
  const chunk = `1000\r\n${'x'.repeat(0x1000)}\r\n`;
  await expect(head + chunk.repeat(4), 413, 'body-too-large');
});

http('a broken chunk encoding gets 400', async () => {
  const head = requestText(port, {
    method: 'POST',
    path: '/api/sim/finger',
    headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
  });
  await expect(head + 'zz\r\nabc\r\n0\r\n\r\n', 400);
});

http('wrong methods get 405 with the allowed ones', async () => {
  for (const method of ['DELETE', 'PUT', 'PATCH', 'OPTIONS', 'TRACE']) {
    const answer = await expect(requestText(port, { method, path: '/api/view' }), 405);
    assert.match(answer.text, /Allow: GET, HEAD/i);
  }
  await expect(requestText(port, { method: 'POST', path: '/index.html' }), 405);
  await expect(requestText(port, { method: 'GET', path: '/api/sim/finger' }), 405);
});

http('wrong content types get 415 naming the type', async () => {
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']) {
    const headers = { 'Content-Type': type };
    const request = { method: 'POST', path: '/api/sim/finger', headers, body: '{"templateId":1}' };
    const answer = await expect(requestText(port, request), 415, 'unsupported-media-type');
    assert.match(errorBody(answer)?.message ?? '', new RegExp(type.replace(/[/+.]/g, '\\$&')));
  }
});

http('bodies of the wrong shape get 400 naming the fault', async () => {
  const cases: [string, RegExp][] = [
    ['{"templateId":', /not valid JSON/],
    ['[]', /must be a JSON object/],
    ['{"templateId": 1e9}', /templateId must be an integer 0\.\.65535/],
    ['{"templateId": "1"}', /templateId must be an integer/],
    ['{"templateId": 1, "extra": 2}', /templateId must come alone/],
    ['{"unknown": "yes"}', /unknown must be exactly true/],
    ['{"__proto__": {"templateId": 1}}', /expected \{ "templateId"/],
  ];
  for (const [body, message] of cases) {
    const headers = { 'Content-Type': 'application/json' };
    const answer = await expect(
      requestText(port, { method: 'POST', path: '/api/sim/finger', headers, body }),
      400,
    );
    assert.match(errorBody(answer)?.message ?? '', message);
  }
});

http('paths that try to leave the UI folder are refused', async () => {
  const paths = [
    '/../../etc/passwd',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/..%2f..%2fetc%2fpasswd',
    '/..%5c..%5cetc%5cpasswd',
    '/index.html%00.js',
    '//etc/passwd',
    '/%',
    '/ui/../../../kiosk.json',
  ];
  for (const path of paths) {
    const answer = await rawRequest(port, requestText(port, { path }));
    assert.ok(answer.status === 400 || answer.status === 404, `${path}: ${answer.status}`);
    assert.not.match(answer.text, /root:|terminal/, `${path} leaked a file`);
  }
});

http('a request target that is not a path gets 400', async () => {
  await expect(requestText(port, { path: `http://127.0.0.1:${port}/api/view` }), 400, 'bad-path');
  await expect(requestText(port, { path: '*', method: 'OPTIONS' }), 400, 'bad-path');
});

http('Host header tricks get 421 or 400', async () => {
  const hosts = [
    'evil.example',
    `127.0.0.1:${port}.evil.example`,
    `evil.example:${port}`,
    '127.0.0.1',
  ];
  for (const host of hosts) {
    const request = requestText(port, { path: '/api/view', headers: { Host: host } });
    await expect(request, 421, 'bad-host');
  }
  // HTTP/1.0 without a Host header.
  await expect('GET /api/view HTTP/1.0\r\n\r\n', 421, 'bad-host');
  // Two Host headers: Node would keep the first; the request is refused as ambiguous.
  const twice = `GET /api/view HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nHost: evil.example\r\n\r\n`;
  const answer = await expect(twice, 400, 'bad-host');
  assert.match(errorBody(answer)?.message ?? '', /Host header given 2 times/);
});

http('more event streams than allowed get 503; the rest keep working', async () => {
  const streams = await Promise.all(
    Array.from({ length: 24 }, async () => {
      const socket = await openSocket(port);
      sockets.push(socket);
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      const headers = { Connection: 'keep-alive' };
      socket.write(requestText(port, { path: '/api/stream', headers }));
      return () => text;
    }),
  );
  const answered = () => streams.every((text) => /^HTTP\/1\.1 \d{3}/.test(text()));
  await waitFor('every stream answered', answered);
  const statuses = streams.map((text) => Number(/^HTTP\/1\.1 (\d{3})/.exec(text())?.[1]));
  assert.is(statuses.filter((status) => status === 200).length, 16);
  assert.is(statuses.filter((status) => status === 503).length, 8);
});

http('slow clients trickling headers do not stop others being served', async () => {
  const request = requestText(port, { path: '/api/health' });
  for (let i = 0; i < 64; i += 1) {
    const socket = await openSocket(port);
    socket.on('error', () => undefined);
    sockets.push(socket);
    socket.write(request.slice(0, 10));
  }
  const response = await fetch(`${kiosk.url}/api/view`);
  assert.is(response.status, 200);
  await response.arrayBuffer();
});

http('a body shorter than its Content-Length does not block other requests', async () => {
  const socket = await openSocket(port);
  socket.on('error', () => undefined);
  sockets.push(socket);
  const headers = { 'Content-Type': 'application/json', 'Content-Length': '100' };
  const request = { method: 'POST', path: '/api/sim/finger', headers, body: '{"te' };
  socket.write(requestText(port, request));
  const response = await fetch(`${kiosk.url}/api/health`);
  assert.is(response.status, 200);
  await response.arrayBuffer();
});

http('garbage pipelined after a good request is answered 400, the good one 200', async () => {
  const good = requestText(port, { path: '/api/health', headers: { Connection: 'keep-alive' } });
  const answer = await rawRequest(port, good + 'NOT HTTP AT ALL\r\n\r\n');
  assert.is(answer.status, 200);
  assert.match(answer.text, /HTTP\/1\.1 400/);
});

http.run();
