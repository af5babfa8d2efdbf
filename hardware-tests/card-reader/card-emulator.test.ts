/**
 * The emulator process as the rig drives it: commands on stdin, JSON lines on stdout.
 * Runs against a stand-in vpcd on 127.0.0.1, so it needs no namespace.
 */
import { createServer, type Socket } from 'node:net';
import * as assert from 'uvu/assert';
import { test } from 'uvu';
import { EmulatorProcess } from './emulator-process.js';
import { encodeFrame } from './vpcd-codec.js';

const EMULATOR = new URL('./card-emulator.ts', import.meta.url).pathname;
const ROOT = new URL('../../', import.meta.url).pathname;

test('bad commands get error lines; a good insert connects and answers; quit exits', async () => {
  let connected: ((socket: Socket) => void) | null = null;
  const server = createServer((socket) => connected?.(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const emulator = await EmulatorProcess.start({
    command: process.execPath,
    args: ['--import', 'tsx', EMULATOR],
    port,
    cwd: ROOT,
  });

  try {
    const errors = (from: number) =>
      emulator.waitFor((line) => line.event === 'error', 5000, 'an error line', from);
    for (const bad of ['insert {not json', 'insert {"uid":"XYZ"}', 'insert {}', 'frobnicate']) {
      const from = emulator.lines.length;
      emulator.send(bad);
      const line = await errors(from);
      assert.type(line.message, 'string', bad);
    }

    const socket = new Promise<Socket>((resolve) => (connected = resolve));
    emulator.insert({ uid: '04A1B2C3' });
    const link = await socket;
    link.write(encodeFrame(Buffer.from('FFCA000000', 'hex')));
    const apdu = await emulator.waitFor((line) => line.event === 'apdu', 5000, 'an APDU line');
    assert.is(apdu.response, '04A1B2C39000');
    assert.is(await emulator.quit(), 0);
  } finally {
    await emulator.stop();
    server.close();
  }
});

test.run();
