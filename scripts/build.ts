/**
 * Builds the touch UI: esbuild bundles ui/main.tsx into one minified app.js with its
 * source map, beside a copy of index.html, styles.css and icon.svg. `npm run build` writes
 * dist/ui and the runtime bundle dist/kiosk.mjs; the UI tests build into a temporary folder.
 */
import { errorMessage } from '../drivers/core/errors.js';
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = new URL('..', import.meta.url).pathname;
const UI_SOURCE = join(ROOT, 'ui');
const COPIED = ['index.html', 'styles.css', 'icon.svg'];

export async function buildUi(outDir = 'dist/ui'): Promise<void> {
  const target = resolve(ROOT, outDir);
  await mkdir(target, { recursive: true });

  await build({
    entryPoints: [join(UI_SOURCE, 'main.tsx')],
    outfile: join(target, 'app.js'),
    bundle: true,
    format: 'esm',
    // The oldest Chromium a supported board image ships (Debian 11's is 90+).
    target: ['chrome90'],
    minify: true,
    sourcemap: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });

  await Promise.all(COPIED.map((name) => copyFile(join(UI_SOURCE, name), join(target, name))));
}

/**
 * Compiles the runtime into one ESM file for deployment, so a board runs plain
 * JavaScript without the TypeScript loader. npm packages stay external: several are
 * native modules that `npm ci --omit=dev` builds on the board for its own architecture.
 */
export async function buildRuntime(outFile = 'dist/kiosk.mjs'): Promise<void> {
  await build({
    entryPoints: [join(ROOT, 'kiosk/cli.ts')],
    outfile: resolve(ROOT, outFile),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: ['node20'],
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
}

const script = process.argv[1];
const isScript = script !== undefined && import.meta.url === pathToFileURL(script).href;
if (isScript) {
  const started = performance.now();
  const outDir = process.argv[2] ?? 'dist/ui';
  try {
    await buildUi(outDir);
    await buildRuntime();
    console.log(
      `UI built into ${outDir}, runtime into dist/kiosk.mjs, ` +
        `in ${Math.round(performance.now() - started)} ms`,
    );
  } catch (error) {
    console.error(`UI build failed: ${errorMessage(error)}`);
    process.exit(1);
  }
}
