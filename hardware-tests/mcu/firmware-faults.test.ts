// test-timeout: 180
/**
 * The firmware against bad input from the host, on the simavr rig: unknown commands,
 * oversized and unterminated sysex, out-of-range pins and bounded random garbage leave it
 * answering, and the driver still comes up on it afterwards.
 */
import { SerialPort } from 'serialport';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createMemoryLogger } from '../../drivers/core/logger.js';
import { createMcuDevice } from '../../drivers/mcu/index.js';
import { startMcuRig, type McuRig } from '../rigs/mcu.js';

const test = suite('mcu firmware fault handling');
let rig: McuRig | null = null;
let port: SerialPort | null = null;

test.after.each(async () => {
  if (port?.isOpen) await new Promise((resolve) => port?.close(resolve));
  port = null;
  await rig?.stop();
  rig = null;
});

async function openRaw(path: string): Promise<{ port: SerialPort; received: () => Buffer }> {
  const raw = new SerialPort({ path, baudRate: 57_600, autoOpen: false });
  raw.on('error', () => {});
  await new Promise<void>((resolve, reject) => raw.open((e) => (e ? reject(e) : resolve())));
  let seen = Buffer.alloc(0);
  raw.on('data', (chunk: Buffer) => (seen = Buffer.concat([seen, chunk]).subarray(-4096)));
  return { port: raw, received: () => seen };
}

async function send(raw: SerialPort, bytes: number[] | Uint8Array): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    raw.write(Buffer.from(bytes), (e) => (e ? reject(e) : raw.drain(() => resolve())));
  });
}

/** Asks for the version until the answer comes back (or 10 s pass). */
async function answersVersion(raw: SerialPort, received: () => Buffer): Promise<boolean> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    await send(raw, [0xf9]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (received().includes(Buffer.of(0xf9, 0x02, 0x05))) return true;
  }
  return false;
}

test('garbage from the host leaves the firmware answering', async () => {
  rig = await startMcuRig();
  const raw = await openRaw(rig.portPath);
  port = raw.port;

  await send(port, [0xa0, 0x01, 0x02, 0xfe, 0x33, 0xf6, 0x12]); // unknown commands
  await send(port, [0xf0, 0x71, ...new Array(1000).fill(0x41), 0xf7]); // oversized sysex
  await send(port, [0xf0, 0x79, 0x01, 0x02]); // unterminated sysex
  await send(port, [0xf0, 0x6d, 0x7f, 0xf7, 0xf4, 0x7f, 0x01, 0xc9, 0x01, 0xdf, 0x01]);
  let seed = 99;
  const garbage = Uint8Array.from({ length: 4000 }, () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed & 0xff;
  });
  await send(port, garbage);
  // Garbage may end mid-sysex; a reset byte puts the firmware back in a known state.
  await send(port, [0xf7, 0xff]);

  assert.ok(await answersVersion(port, raw.received), 'firmware stopped answering');
  const before = raw.received().length;
  await send(port, [0xf0, 0x79, 0xf7]);
  const deadline = Date.now() + 10_000;
  while (!raw.received().subarray(before).includes(Buffer.from('k\0i\0o\0s\0k'))) {
    assert.ok(Date.now() < deadline, 'no firmware name after the garbage');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
});

test('the driver comes up on a board that was fed garbage', async () => {
  rig = await startMcuRig();
  const raw = await openRaw(rig.portPath);
  await send(raw.port, Uint8Array.from({ length: 2000 }, (_, i) => (i * 37) & 0xff));
  await new Promise((resolve) => raw.port.close(resolve));

  const device = createMcuDevice({
    name: 'tower',
    logger: createMemoryLogger('firmware-faults'),
    backend: 'real',
    port: rig.portPath,
    lights: { red: 'D5' },
  });
  try {
    await device.start();
    assert.is(device.health().state, 'ready');
    device.setLight('red', 'on');
    await rig.waitForOutput(5, 1);
  } finally {
    await device.stop();
  }
});

test.run();
