/**
 * Serves the built UI from one folder: known content types only, no directory
 * listings, and no way out of the folder (`..`, encoded slashes, NUL bytes, symlinks).
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { HttpError } from './errors.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
};

function notFound(path: string): HttpError {
  return new HttpError(404, 'not-found', `no file at ${JSON.stringify(path)}`);
}

function decodePath(rawPath: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch (error) {
    const what = `path ${JSON.stringify(rawPath)} is not valid URL encoding`;
    throw new HttpError(400, 'bad-path', what, { cause: error });
  }
  // Encoded slashes, backslashes and NUL bytes have no business in a UI file name.
  if (/[\\\0]/.test(decoded) || decoded.split('/').includes('..')) {
    throw new HttpError(400, 'bad-path', `path ${JSON.stringify(rawPath)} leaves the UI folder`);
  }
  return decoded;
}

/** Handles GET and HEAD for files under `rootDir`; throws HttpError for anything else. */
export function createStaticHandler(rootDir: string) {
  const root = resolve(rootDir);
  let realRoot: Promise<string> | null = null;

  return async (req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      throw new HttpError(405, 'method-not-allowed', `${req.method} is not allowed on UI files`, {
        headers: { Allow: 'GET, HEAD' },
      });
    }

    const relative = decodePath(pathname === '/' ? '/index.html' : pathname);
    const file = resolve(root, '.' + relative);
    if (file !== root && !file.startsWith(root + sep)) throw notFound(pathname);

    // A symlink inside the folder must not lead outside it.
    // The handler is attached at once: a missing UI folder must not become an unhandled
    // rejection while the file's own realpath is awaited.
    realRoot ??= realpath(root).catch(() => root);
    const real = await realpath(file).catch(() => null);
    const base = await realRoot;
    if (real === null || !real.startsWith(base + sep)) throw notFound(pathname);

    const info = await stat(real);
    const type = CONTENT_TYPES[extname(real).toLowerCase()];
    if (!info.isFile() || type === undefined) throw notFound(pathname);

    res.writeHead(200, {
      'Content-Type': type,
      'Content-Length': info.size,
      'Cache-Control': 'no-cache',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    await streamFile(real, res);
  };
}

function streamFile(path: string, res: ServerResponse): Promise<void> {
  return new Promise((resolveDone) => {
    const stream = createReadStream(path);
    // Headers are already sent: a read error can only cut the answer short.
    stream.on('error', () => {
      res.destroy();
      resolveDone();
    });
    stream.on('end', resolveDone);
    res.on('close', () => {
      stream.destroy();
      resolveDone();
    });
    stream.pipe(res);
  });
}
