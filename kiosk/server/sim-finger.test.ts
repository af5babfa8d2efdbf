import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryLogger } from '../../drivers/core/logger.js';
import type { SimFingerRequest } from '../api/messages.js';
import { sampleView } from '../../ui/testing/sample-view.js';
import { MAX_BODY_BYTES } from './json-body.js';
import { startServer, type KioskServer } from './server.js';
import { rawRequest } from './test-http.js';

let uiDir = '';
let simulated: KioskServer | null = null;
let real: KioskServer | null = null;
const placed: SimFingerRequest[] = [];
let handlerFailure: Error | null = null;

test.before(async () => {
  uiDir = await mkdtemp(join(tmpdir(), 'kiosk-sim-'));
  const logger = createMemoryLogger('sim');
  simulated = await startServer({
    port: 0,
    uiDir,
    logger,
    getView: sampleView,
    onSimFinger: async (request) => {
      if (handlerFailure) throw handlerFailure;
      placed.push(request);
    },
  });
  real = await startServer({ port: 0, uiDir, logger, getView: sampleView });
});

test.after(async () => {
  await simulated?.close();
  await real?.close();
  await rm(uiDir, { recursive: true, force: true });
});

function post(server: KioskServer, body: string, type = 'application/json') {
  return rawRequest(server.port, {
    method: 'POST',
    path: '/api/sim/finger',
    headers: { 'Content-Type': type },
    body,
  });
}

function errorOf(body: string): { code: string; message: string } {
  return (JSON.parse(body) as { error: { code: string; message: string } }).error;
}

test('without a handler (real hardware) the endpoint does not exist', async () => {
  const response = await post(real!, '{"templateId":3}');
  assert.is(response.status, 404);
  assert.is(errorOf(response.body).code, 'not-found');
});

test('a template id or an unknown finger reaches the handler', async () => {
  placed.length = 0;
  const one = await post(simulated!, '{"templateId":12}');
  const two = await post(simulated!, '{ "unknown": true }', 'application/json; charset=utf-8');
  assert.is(one.status, 200);
  assert.is(two.status, 200);
  assert.equal(JSON.parse(one.body), { ok: true });
  assert.equal(placed, [{ templateId: 12 }, { unknown: true }]);
});

test('bad JSON is a 400 that says the body is not JSON', async () => {
  placed.length = 0;
  const response = await post(simulated!, '{"templateId": 12');
  assert.is(response.status, 400);
  const error = errorOf(response.body);
  assert.is(error.code, 'bad-json');
  assert.match(error.message, 'body of POST /api/sim/finger is not valid JSON');
  assert.equal(placed, []);
});

test('a body of the wrong shape is a 400 naming the field', async () => {
  const cases: [string, string][] = [
    ['[]', 'body must be a JSON object'],
    ['null', 'body must be a JSON object'],
    ['{}', 'expected { "templateId": <integer> } or { "unknown": true }'],
    ['{"templateId":"12"}', 'templateId must be an integer 0..65535, got "12"'],
    ['{"templateId":1.5}', 'templateId must be an integer 0..65535, got 1.5'],
    ['{"templateId":-1}', 'got -1'],
    ['{"templateId":70000}', 'got 70000'],
    ['{"templateId":1,"unknown":true}', 'templateId must come alone'],
    ['{"unknown":false}', 'unknown must be exactly true'],
  ];
  placed.length = 0;
  for (const [body, message] of cases) {
    const response = await post(simulated!, body);
    assert.is(response.status, 400, body);
    assert.is(errorOf(response.body).code, 'bad-request', body);
    assert.match(errorOf(response.body).message, message, body);
  }
  assert.equal(placed, []);
});

test('a body that is not declared JSON is a 415', async () => {
  const response = await post(simulated!, 'templateId=12', 'application/x-www-form-urlencoded');
  assert.is(response.status, 415);
  assert.match(errorOf(response.body).message, 'must be application/json');
});

test('an oversized body is a 413', async () => {
  const body = JSON.stringify({ templateId: 1, pad: 'x'.repeat(MAX_BODY_BYTES) });
  const response = await post(simulated!, body);
  assert.is(response.status, 413);
  assert.match(errorOf(response.body).message, `over ${MAX_BODY_BYTES} bytes`);
});

test('GET on the endpoint is a 405 naming POST', async () => {
  const response = await rawRequest(simulated!.port, { path: '/api/sim/finger' });
  assert.is(response.status, 405);
  assert.is(response.headers.allow, 'POST');
});

test('a failing handler gives a 500 with its reason and the server lives on', async () => {
  handlerFailure = new Error('emulated reader is not connected');
  const response = await post(simulated!, '{"templateId":11}');
  handlerFailure = null;
  assert.is(response.status, 500);
  assert.match(errorOf(response.body).message, 'emulated reader is not connected');

  const after = await post(simulated!, '{"templateId":11}');
  assert.is(after.status, 200);
});

test.run();
