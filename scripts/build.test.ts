import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildUi } from './build.js';

let out = '';

test.before(async () => {
  out = await mkdtemp(join(tmpdir(), 'kiosk-build-'));
});

test.after(async () => {
  await rm(out, { recursive: true, force: true });
});

test('buildUi writes one bundle with its map beside index.html, css and icon', async () => {
  const started = performance.now();
  await buildUi(out);
  console.log(`  UI build took ${Math.round(performance.now() - started)} ms`);

  assert.equal((await readdir(out)).sort(), [
    'app.js',
    'app.js.map',
    'icon.svg',
    'index.html',
    'styles.css',
  ]);
});

test('the bundle is self-contained, minified and points at its source map', async () => {
  const app = await readFile(join(out, 'app.js'), 'utf8');
  // Nothing left to resolve at run time: no bare imports of preact or the contract.
  assert.not.match(app, /\bimport\s*[{*\w].*\bfrom\s*["']/);
  assert.not.match(app, 'process.env');
  assert.match(app, /\/\/# sourceMappingURL=app\.js\.map\s*$/);
  assert.ok(app.split('\n').length < 10, 'bundle is not minified');

  const map = JSON.parse(await readFile(join(out, 'app.js.map'), 'utf8')) as { sources: string[] };
  assert.ok(map.sources.some((source) => source.endsWith('ui/app.tsx')));
});

test('index.html loads only the built files (nothing inline, for the CSP)', async () => {
  const html = await readFile(join(out, 'index.html'), 'utf8');
  assert.match(html, '<script type="module" src="app.js"></script>');
  assert.match(html, 'href="styles.css"');
  assert.not.match(html, /<script>(?!<\/script>)/);
  assert.not.match(html, /<style|style="/);
});

test.run();
