/**
 * Fault tests of the card emulator's vpcd side, against a stand-in for vpcd: a TCP
 * server on 127.0.0.1 that sends what a broken reader driver might.
 */
import { createServer, type Server, type Socket } from 'node:net';
import * as assert from 'uvu/assert';
import { test } from 'uvu';
import { encodeFrame, VpcdFrameDecoder } from './vpcd-codec.js';
import { VpcdCard, type VpcdCardEvents } from './vpcd-card.js';

interface FakeVpcd {
  server: Server;
  port: number;
  nextClient(): Promise<{ socket: Socket; frames: Buffer[]; frame(): Promise<Buffer> }>;
}

async function fakeVpcd(): Promise<FakeVpcd> {
  const waiting: ((socket: Socket) => void)[] = [];
  const pending: Socket[] = [];
  const server = createServer((socket) => {
    const waiter = waiting.shift();
    if (waiter) waiter(socket);
    else pending.push(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;

  const nextClient = async () => {
    const socket =
      pending.shift() ?? (await new Promise<Socket>((resolve) => waiting.push(resolve)));
    const decoder = new VpcdFrameDecoder(0xffff);
    const frames: Buffer[] = [];
    let wake: (() => void) | null = null;
    socket.on('data', (chunk) => {
      frames.push(...decoder.push(chunk));
      wake?.();
    });
    socket.on('error', () => {});
    const frame = async (): Promise<Buffer> => {
      while (frames.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      return frames.shift()!;
    };
    return { socket, frames, frame };
  };
  return { server, port, nextClient };
}

function nextOf<K extends keyof VpcdCardEvents>(
  card: VpcdCard,
  event: K,
): Promise<VpcdCardEvents[K]> {
  return new Promise((resolve) => card.events.once(event, resolve));
}

async function withCard(run: (vpcd: FakeVpcd, card: VpcdCard) => Promise<void>): Promise<void> {
  const vpcd = await fakeVpcd();
  const card = new VpcdCard({ port: vpcd.port, maxPayload: 300, retryMs: 10 });
  try {
    card.insert({ uid: '04A1B2C3' });
    await run(vpcd, card);
  } finally {
    card.remove();
    vpcd.server.close();
  }
}

const GET_ATR = Buffer.from([0x00, 0x01, 0x04]);
const GET_UID = encodeFrame(Buffer.from('FFCA000000', 'hex'));

test('answers get-ATR and get-UID sent one byte at a time', () =>
  withCard(async (vpcd) => {
    const client = await vpcd.nextClient();
    for (const byte of Buffer.concat([GET_ATR, GET_UID])) client.socket.write(Buffer.from([byte]));
    assert.is((await client.frame()).toString('hex').toUpperCase().slice(0, 4), '3B8F');
    assert.is((await client.frame()).toString('hex').toUpperCase(), '04A1B2C39000');
  }));

test('answers frames that arrive run together, in order, and stays silent on power codes', () =>
  withCard(async (vpcd) => {
    const client = await vpcd.nextClient();
    const power = Buffer.from([0x00, 0x01, 0x01]);
    client.socket.write(Buffer.concat([power, GET_UID, GET_ATR, GET_UID]));
    assert.is((await client.frame()).toString('hex').toUpperCase(), '04A1B2C39000');
    assert.is((await client.frame()).length, 20);
    assert.is((await client.frame()).toString('hex').toUpperCase(), '04A1B2C39000');
    assert.is(client.frames.length, 0);
  }));

test('an oversized frame is a fault: the card drops the line, reconnects and works', () =>
  withCard(async (vpcd, card) => {
    const first = await vpcd.nextClient();
    const fault = nextOf(card, 'fault');
    first.socket.write(Buffer.from([0x01, 0x2d]));
    assert.equal(await fault, {
      code: 'oversized',
      message: 'vpcd frame of 301 bytes exceeds the 300-byte limit',
    });

    const second = await vpcd.nextClient();
    second.socket.write(GET_UID);
    assert.is((await second.frame()).toString('hex').toUpperCase(), '04A1B2C39000');
  }));

test('a connection cut inside a frame is reported unterminated, then the card reconnects', () =>
  withCard(async (vpcd, card) => {
    const first = await vpcd.nextClient();
    const fault = nextOf(card, 'fault');
    first.socket.end(GET_UID.subarray(0, 3));
    assert.is((await fault).code, 'unterminated');
    const second = await vpcd.nextClient();
    second.socket.write(GET_ATR);
    assert.is((await second.frame()).length, 20);
  }));

test('an unknown control code and a corrupted APDU get defined results', () =>
  withCard(async (vpcd, card) => {
    const client = await vpcd.nextClient();
    const fault = nextOf(card, 'fault');
    client.socket.write(Buffer.from([0x00, 0x01, 0x07]));
    assert.equal(await fault, { code: 'unknown-control', message: 'unknown control code 0x07' });

    client.socket.write(encodeFrame(Buffer.from('FFCA00', 'hex')));
    assert.is((await client.frame()).toString('hex'), '6700');
    client.socket.write(encodeFrame(Buffer.from('FFCA000004FFCA', 'hex')));
    assert.is((await client.frame()).toString('hex'), '6700');
  }));

test('random bytes from the reader side never crash the card (bounded: 40 connections)', () =>
  withCard(async (vpcd, card) => {
    let seed = 11;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let run = 0; run < 40; run++) {
      const client = await vpcd.nextClient();
      const length = 1 + Math.floor(random() * 60);
      const junk = Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));
      client.socket.write(junk);
      client.socket.end();
      await nextOf(card, 'disconnected');
    }
    assert.ok(card.inserted);
    const last = await vpcd.nextClient();
    last.socket.write(GET_UID);
    assert.is((await last.frame()).toString('hex').toUpperCase(), '04A1B2C39000');
  }));

test.run();
