/**
 * The local HTTP server of a terminal: the built UI, the local API and the push channel.
 *
 * It binds 127.0.0.1 only (the API has no authentication: the browser on the same board
 * is its only client) and checks the Host header so a page elsewhere cannot reach it
 * through DNS rebinding. Every failure becomes a JSON error; none reaches the process.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../drivers/core/logger.js';
import type { KioskView, Notice, SimFingerRequest } from '../api/messages.js';
import { handleApi, type ApiContext } from './api-routes.js';
import { HttpError, LoopbackOnlyError, ServerStartError } from './errors.js';
import { EventStream } from './event-stream.js';
import { sendError, setSecurityHeaders } from './responses.js';
import { createStaticHandler } from './static-files.js';

export interface StartServerOptions {
  /** 0 picks a free port; KioskServer.port then tells which. */
  port: number;
  host?: '127.0.0.1';
  /** Folder of the built UI (index.html, app.js, styles.css). */
  uiDir: string;
  logger: Logger;
  getView(): KioskView;
  /** Given only in simulated mode; without it POST /api/sim/finger is 404. */
  onSimFinger?: (request: SimFingerRequest) => Promise<void> | void;
}

export interface KioskServer {
  port: number;
  url: string;
  pushView(view: KioskView): void;
  pushNotice(notice: Notice): void;
  close(): Promise<void>;
}

const LOOPBACK = '127.0.0.1';

export async function startServer(options: StartServerOptions): Promise<KioskServer> {
  const host: string = options.host ?? LOOPBACK;
  if (host !== LOOPBACK) throw new LoopbackOnlyError(host);

  const logger = options.logger;
  if (!existsSync(join(options.uiDir, 'index.html'))) {
    logger.error('no built UI: the screen will stay blank; run `npm run build`', {
      uiDir: options.uiDir,
    });
  }

  const stream = new EventStream({
    logger,
    heartbeatMs: 15_000,
    maxClients: 16,
    maxBacklogBytes: 1 << 20,
    retryMs: 2000,
  });
  const context: ApiContext = {
    logger,
    stream,
    startedAt: Date.now(),
    getView: options.getView,
    ...(options.onSimFinger ? { onSimFinger: options.onSimFinger } : {}),
  };
  const serveFile = createStaticHandler(options.uiDir);
  let port = options.port;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    setSecurityHeaders(res);
    checkHost(req, port);
    const pathname = pathOf(req);
    if (pathname === '/api' || pathname.startsWith('/api/')) {
      await handleApi(context, req, res, pathname);
    } else {
      await serveFile(req, res, pathname);
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => answerFailure(logger, req, res, error));
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    logger.debug('malformed HTTP request', { error });
    if (socket.writable) socket.end(clientErrorAnswer(error));
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => {
      reject(new ServerStartError(host, options.port, { cause: error }));
    });
    server.listen(options.port, host, () => resolve());
  });
  server.on('error', (error) => logger.error('kiosk server error', { error }));
  port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}`;
  logger.info('kiosk server listening', {
    url,
    uiDir: options.uiDir,
    simulated: options.onSimFinger !== undefined,
  });

  return {
    port,
    url,
    pushView: (view) => stream.send('view', view),
    pushNotice: (notice) => stream.send('notice', notice),
    close: () => closeServer(server, stream, logger),
  };
}

function pathOf(req: IncomingMessage): string {
  const raw = req.url ?? '/';
  if (!raw.startsWith('/')) {
    throw new HttpError(400, 'bad-path', `request target ${raw} is not a path`);
  }
  const end = raw.search(/[?#]/);
  return end === -1 ? raw : raw.slice(0, end);
}

/** What to answer a request the HTTP parser refused, naming the parser's complaint. */
function clientErrorAnswer(error: NodeJS.ErrnoException): string {
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
  const message = tooLarge
    ? 'request headers are too large'
    : `malformed HTTP request (${error.code ?? error.message})`;
  const code = tooLarge ? 'headers-too-large' : 'bad-http';
  const body = JSON.stringify({ error: { code, message } });
  const head = [
    `HTTP/1.1 ${status}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
  ];
  return `${head.join('\r\n')}\r\n\r\n${body}`;
}

function checkHost(req: IncomingMessage, port: number): void {
  // Node keeps only the first of several Host headers; a request with two is ambiguous
  // (RFC 9112 §3.2 says 400), and one of them may name a page elsewhere.
  const names = req.rawHeaders.filter((_, index) => index % 2 === 0);
  const hostCount = names.filter((name) => name.toLowerCase() === 'host').length;
  if (hostCount > 1) {
    throw new HttpError(400, 'bad-host', `Host header given ${hostCount} times`);
  }
  const hostHeader = req.headers.host ?? '';
  const allowed = [`${LOOPBACK}:${port}`, `localhost:${port}`];
  if (!allowed.includes(hostHeader.toLowerCase())) {
    throw new HttpError(421, 'bad-host', `Host ${JSON.stringify(hostHeader)} is not this kiosk`);
  }
}

function answerFailure(logger: Logger, req: IncomingMessage, res: ServerResponse, error: unknown) {
  const httpError =
    error instanceof HttpError
      ? error
      : new HttpError(500, 'internal', 'the kiosk server failed on this request', { cause: error });
  const where = { method: req.method, url: req.url };
  if (httpError.status === 500) {
    logger.error('request failed', { ...where, error: httpError.cause ?? error });
  } else if (httpError.status > 500) {
    // A refusal under load (too many streams) is the server protecting itself, not a fault.
    logger.warn('request refused', { ...where, reason: httpError.message });
  } else {
    logger.debug('request refused', { ...where, reason: httpError.message });
  }

  if (res.headersSent) {
    res.destroy();
    return;
  }
  // An unread or oversized body must not be taken as the next request on this socket.
  if (!req.complete) res.setHeader('Connection', 'close');
  sendError(res, httpError);
}

async function closeServer(
  server: ReturnType<typeof createServer>,
  stream: EventStream,
  logger: Logger,
): Promise<void> {
  stream.close();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  logger.info('kiosk server stopped');
}
