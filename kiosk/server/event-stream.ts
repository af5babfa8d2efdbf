/**
 * The server-sent event channel to the UI: a set of open responses, each written the
 * same events. A heartbeat comment keeps idle connections (and proxies) from timing out
 * and lets a dead client be noticed. A client that stops reading is dropped rather than
 * letting its backlog grow without bound.
 */
import type { ServerResponse } from 'node:http';
import type { Logger } from '../../drivers/core/logger.js';

export interface EventStreamOptions {
  logger: Logger;
  heartbeatMs: number;
  /** Most open streams at once; more are refused with 503. */
  maxClients: number;
  /** Bytes a client may leave unread before it is dropped. */
  maxBacklogBytes: number;
  /** Milliseconds the browser waits before reconnecting after a drop. */
  retryMs: number;
}

export class EventStream {
  readonly #clients = new Set<ServerResponse>();
  readonly #heartbeat: NodeJS.Timeout;

  constructor(private readonly options: EventStreamOptions) {
    this.#heartbeat = setInterval(() => this.#writeAll(': heartbeat\n\n'), options.heartbeatMs);
    this.#heartbeat.unref();
  }

  get size(): number {
    return this.#clients.size;
  }

  get full(): boolean {
    return this.#clients.size >= this.options.maxClients;
  }

  /** Takes over `res` as an event stream and sends it `first` events at once. */
  add(res: ServerResponse, first: { event: string; data: unknown }[]): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    res.write(`retry: ${this.options.retryMs}\n\n`);
    this.#clients.add(res);
    res.on('close', () => {
      this.#clients.delete(res);
      this.options.logger.debug('event stream closed', { clients: this.#clients.size });
    });
    for (const { event, data } of first) this.#write(res, frame(event, data));
    this.options.logger.debug('event stream opened', { clients: this.#clients.size });
  }

  send(event: string, data: unknown): void {
    this.#writeAll(frame(event, data));
  }

  /** Ends every stream; the browsers will try to reconnect by themselves. */
  close(): void {
    clearInterval(this.#heartbeat);
    for (const res of this.#clients) res.end();
    this.#clients.clear();
  }

  #writeAll(text: string): void {
    for (const res of this.#clients) this.#write(res, text);
  }

  #write(res: ServerResponse, text: string): void {
    if (res.writableLength > this.options.maxBacklogBytes) {
      this.options.logger.warn('dropping an event stream client that stopped reading', {
        backlogBytes: res.writableLength,
      });
      this.#clients.delete(res);
      res.destroy();
      return;
    }
    res.write(text);
  }
}

/** One SSE frame; JSON never holds a raw newline, so a single data line is enough. */
export function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
