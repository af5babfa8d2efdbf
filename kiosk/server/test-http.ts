/**
 * Raw HTTP for the server tests: node:http sends the path exactly as written (fetch
 * would normalise `..` away), and an event-stream reader that waits for events.
 */
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export function rawRequest(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers,
        timeout: 10_000,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer to ${options.path} in 10 s`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

export interface StreamEvent {
  event: string;
  data: unknown;
}

/** An open GET /api/stream that collects events and comments as they arrive. */
export class StreamReader {
  readonly events: StreamEvent[] = [];
  comments = 0;
  ended = false;
  #buffer = '';
  #waiters: (() => void)[] = [];

  private constructor(readonly response: IncomingMessage) {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => this.#take(chunk));
    response.on('end', () => this.#mark(() => (this.ended = true)));
    response.on('close', () => this.#mark(() => (this.ended = true)));
  }

  static open(port: number, path = '/api/stream'): Promise<StreamReader> {
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path }, (res) => {
        resolve(new StreamReader(res));
      });
      req.on('error', reject);
      req.end();
    });
  }

  /** Resolves once `check` holds, or rejects after `timeoutMs` naming what it waited for. */
  waitFor(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const poke = () => {
        if (!check()) {
          this.#waiters.push(poke);
          return;
        }
        clearTimeout(timer);
        resolve();
      };
      this.#waiters.push(poke);
    });
  }

  close(): void {
    this.response.destroy();
  }

  #take(chunk: string): void {
    this.#buffer += chunk;
    let end = this.#buffer.indexOf('\n\n');
    while (end !== -1) {
      this.#parseFrame(this.#buffer.slice(0, end));
      this.#buffer = this.#buffer.slice(end + 2);
      end = this.#buffer.indexOf('\n\n');
    }
    this.#mark(() => undefined);
  }

  #parseFrame(frame: string): void {
    let event = 'message';
    let data: string | null = null;
    for (const line of frame.split('\n')) {
      if (line.startsWith(':')) this.comments += 1;
      else if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data = line.slice(6);
    }
    if (data !== null) this.events.push({ event, data: JSON.parse(data) as unknown });
  }

  #mark(change: () => void): void {
    change();
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const poke of waiters) poke();
  }
}
