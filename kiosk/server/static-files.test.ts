import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryLogger } from '../../drivers/core/logger.js';
import { sampleView } from '../../ui/testing/sample-view.js';
import { startServer, type KioskServer } from './server.js';
import { rawRequest } from './test-http.js';

const SECRET = 'secret-detainee-data-4711';
let top = '';
let server: KioskServer | null = null;

test.before(async () => {
  // top/ui is served; top/secret.js and top/ui-private/ sit beside it and must stay out.
  top = await mkdtemp(join(tmpdir(), 'kiosk-static-'));
  const ui = join(top, 'ui');
  await mkdir(join(ui, 'assets'), { recursive: true });
  await mkdir(join(top, 'ui-private'));
  await writeFile(join(top, 'secret.js'), SECRET);
  await writeFile(join(top, 'ui-private', 'x.js'), SECRET);
  await writeFile(join(ui, 'index.html'), '<!doctype html><p>kiosk</p>');
  await writeFile(join(ui, 'app.js'), 'console.log(1);');
  await writeFile(join(ui, 'styles.css'), 'body{}');
  await writeFile(join(ui, 'app.js.map'), '{}');
  await writeFile(join(ui, 'assets', 'finger.svg'), '<svg/>');
  await writeFile(join(ui, 'notes.xyz'), 'unknown type');
  await symlink(join(top, 'secret.js'), join(ui, 'leak.js'));

  server = await startServer({
    port: 0,
    uiDir: ui,
    logger: createMemoryLogger('static'),
    getView: sampleView,
  });
});

test.after(async () => {
  await server?.close();
  await rm(top, { recursive: true, force: true });
});

const get = (path: string, method = 'GET') => rawRequest(server!.port, { path, method });

test('serves index.html at / and each file with its content type', async () => {
  const cases: [string, string, string][] = [
    ['/', 'text/html; charset=utf-8', 'kiosk'],
    ['/index.html', 'text/html; charset=utf-8', 'kiosk'],
    ['/app.js', 'text/javascript; charset=utf-8', 'console.log'],
    ['/styles.css', 'text/css; charset=utf-8', 'body'],
    ['/app.js.map', 'application/json; charset=utf-8', '{}'],
    ['/assets/finger.svg?v=2', 'image/svg+xml', '<svg/>'],
  ];
  for (const [path, type, text] of cases) {
    const response = await get(path);
    assert.is(response.status, 200, path);
    assert.is(response.headers['content-type'], type, path);
    assert.match(response.body, text, path);
  }
});

test('HEAD gives the headers without a body', async () => {
  const response = await get('/app.js', 'HEAD');
  assert.is(response.status, 200);
  assert.is(response.headers['content-length'], String('console.log(1);'.length));
  assert.is(response.body, '');
});

test('a folder is a 404, never a listing', async () => {
  for (const path of ['/assets', '/assets/']) {
    const response = await get(path);
    assert.is(response.status, 404, path);
    assert.not.match(response.body, 'finger.svg', path);
  }
});

test('missing files and unknown file types are 404', async () => {
  assert.is((await get('/nothing.js')).status, 404);
  assert.is((await get('/notes.xyz')).status, 404);
});

test('no path leads out of the UI folder', async () => {
  const attempts = [
    '/../secret.js',
    '/assets/../../secret.js',
    '/%2e%2e/secret.js',
    '/%2e%2e%2fsecret.js',
    '/..%2fsecret.js',
    '/..%5csecret.js',
    '/assets/%2e%2e/%2e%2e/secret.js',
    '/../ui-private/x.js',
    '/%2e%2e/ui-private/x.js',
    '/index.html%00.js',
    '//etc/passwd',
    '/leak.js',
  ];
  for (const path of attempts) {
    const response = await get(path);
    assert.ok([400, 404].includes(response.status), `${path} answered ${response.status}`);
    assert.not.match(response.body, SECRET, path);
    assert.not.match(response.body, 'root:', path);
    assert.match(String(response.headers['content-type']), 'application/json', path);
  }
});

test('broken URL encoding is a 400 that names the path', async () => {
  const response = await get('/%zz.js');
  assert.is(response.status, 400);
  assert.match(response.body, '/%zz.js');
  assert.match(response.body, 'not valid URL encoding');
});

test('writing to a UI file is a 405', async () => {
  const response = await get('/index.html', 'PUT');
  assert.is(response.status, 405);
  assert.is(response.headers.allow, 'GET, HEAD');
});

test.run();
