/**
 * Test helper: a TCP relay on 127.0.0.1 between the link and the broker, so a test can
 * take the network away while the broker (and the test's own subscriber) stay up.
 *   cut()     closes every relayed connection and refuses new ones (socket refused)
 *   freeze()  keeps connections open but stops passing bytes (a network black hole)
 *   restore() passes traffic again
 */
import { connect, createServer, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  url: string;
  cut(): void;
  freeze(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  let mode: 'pass' | 'cut' | 'freeze' = 'pass';
  const pairs = new Set<[Socket, Socket]>();

  const server = createServer((inbound) => {
    if (mode === 'cut') return void inbound.destroy();
    const outbound = connect({ host: '127.0.0.1', port: targetPort });
    const pair: [Socket, Socket] = [inbound, outbound];
    pairs.add(pair);
    const relay = (from: Socket, to: Socket) =>
      from.on('data', (chunk: Buffer) => {
        if (mode === 'pass') to.write(chunk);
      });
    relay(inbound, outbound);
    relay(outbound, inbound);
    const end = () => {
      pairs.delete(pair);
      inbound.destroy();
      outbound.destroy();
    };
    inbound.on('close', end).on('error', end);
    outbound.on('close', end).on('error', end);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    cut: () => {
      mode = 'cut';
      for (const [inbound, outbound] of pairs) {
        inbound.destroy();
        outbound.destroy();
      }
    },
    freeze: () => {
      mode = 'freeze';
    },
    restore: () => {
      mode = 'pass';
    },
    close: async () => {
      for (const [inbound, outbound] of pairs) {
        inbound.destroy();
        outbound.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
