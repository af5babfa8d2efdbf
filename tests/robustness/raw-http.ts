/**
 * Raw HTTP over a TCP socket, for requests no well-behaved client would send: broken
 * request lines, lying Content-Length, doubled Host headers, bytes trickled slowly.
 */
import { connect, type Socket } from 'node:net';

export interface RawAnswer {
  /** Status code of the first answer, or null if the server sent none. */
  status: number | null;
  text: string;
}

/** Sends `bytes` and collects what comes back until the server closes or `waitMs` passes. */
export function rawRequest(
  port: number,
  bytes: string | Buffer,
  waitMs = 5000,
): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let text = '';
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: match ? Number(match[1]) : null, text });
    };
    const timer = setTimeout(done, waitMs);
    socket.on('data', (chunk) => (text += chunk.toString('latin1')));
    socket.on('close', done);
    socket.on('error', done);
    socket.write(bytes);
  });
}

/** A request with sensible headers, to be bent by the test. */
export function requestText(
  port: number,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: string },
): string {
  const headers: Record<string, string> = {
    Host: `127.0.0.1:${port}`,
    Connection: 'close',
    ...options.headers,
  };
  if (options.body !== undefined && headers['Content-Length'] === undefined) {
    headers['Content-Length'] = String(Buffer.byteLength(options.body));
  }
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  const start = `${options.method ?? 'GET'} ${options.path ?? '/'} HTTP/1.1`;
  const head = [start, ...lines].join('\r\n');
  return `${head}\r\n\r\n${options.body ?? ''}`;
}

/** Opens a socket that stays open until `close`, for slow and idle client tests. */
export function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.on('error', reject);
  });
}

/** The JSON error body of an answer, when there is one. */
export function errorBody(answer: RawAnswer): { code: string; message: string } | null {
  const start = answer.text.indexOf('\r\n\r\n');
  if (start < 0) return null;
  try {
    type Body = { error?: { code: string; message: string } };
    const body = JSON.parse(answer.text.slice(start + 4)) as Body;
    return body.error ?? null;
  } catch {
    return null;
  }
}
