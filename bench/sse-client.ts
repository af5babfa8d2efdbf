/**
 * A lean event-stream client for the push benchmark: it only counts `view` events, so
 * the clients (in the same process as the server) add as little work as possible to
 * what is measured.
 */
import { request, type ClientRequest, type IncomingMessage } from 'node:http';

const MARKER = 'event: view\n';

export class ViewCounter {
  views = 0;
  #carry = '';
  #waiter: { count: number; resolve: () => void } | null = null;

  private constructor(
    private readonly req: ClientRequest,
    res: IncomingMessage,
  ) {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => this.#take(chunk));
  }

  static open(port: number): Promise<ViewCounter> {
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/api/stream' }, (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`GET /api/stream on port ${port} answered ${res.statusCode}`));
          res.resume();
          return;
        }
        resolve(new ViewCounter(req, res));
      });
      req.on('error', reject);
      req.end();
    });
  }

  /** Resolves once `count` view events have arrived in all. */
  until(count: number, timeoutMs = 10_000): Promise<void> {
    if (this.views >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiter = null;
        const got = `${this.views} view events of ${count}`;
        reject(new Error(`event stream got ${got} in ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiter = {
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
    });
  }

  close(): void {
    this.req.destroy();
  }

  #take(chunk: string): void {
    // Keep a marker's length of the tail, so a marker split across chunks is counted once.
    const text = this.#carry + chunk;
    let at = text.indexOf(MARKER);
    while (at !== -1) {
      this.views += 1;
      at = text.indexOf(MARKER, at + MARKER.length);
    }
    this.#carry = text.slice(-(MARKER.length - 1));

    if (this.#waiter && this.views >= this.#waiter.count) {
      const waiter = this.#waiter;
      this.#waiter = null;
      waiter.resolve();
    }
  }
}
