import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Duplex } from 'node:stream';
import { DeviceLostError, DeviceTimeoutError, ProtocolError } from '../core/errors.js';
import { createMemoryLogger } from '../core/logger.js';
import { ModuleCommands } from './commands.js';
import { Command, PacketType } from './constants.js';
import { FingerprintEmulator } from './emulator.js';
import { scoreOf } from './emulator-state.js';
import { DataSequenceError, InvalidRequestError, ModuleError } from './errors.js';
import { templateOf } from './emulator-template.js';
import { Framer } from './framer.js';
import { createLinkedPair } from './memory-pipe.js';
import { commandPacket, encodePacket } from './packet.js';
import { FingerprintLink, type LinkOptions } from './protocol.js';

const PATH = 'memory:test-module';

function connect(emulator: FingerprintEmulator, options: Partial<LinkOptions> = {}) {
  const [host, module] = createLinkedPair();
  emulator.attach(module);
  const link = new FingerprintLink(host, linkOptions(options));
  return { link, commands: new ModuleCommands(link), host, module };
}

/** A peer that answers each command packet with whatever bytes the test scripts. */
function scriptedPeer(module: Duplex, answer: (code: number) => Buffer | Buffer[]): void {
  const framer = new Framer();
  module.on('data', (chunk: Buffer) => {
    for (const output of framer.push(chunk)) {
      if (output.kind !== 'packet') continue;
      const parts = answer(output.packet.payload[0] ?? 0);
      for (const part of Array.isArray(parts) ? parts : [parts]) module.write(part);
    }
  });
}

function linkOptions(options: Partial<LinkOptions> = {}): LinkOptions {
  return { device: PATH, logger: createMemoryLogger(), timeoutMs: 500, ...options };
}

const ackBytes = (...payload: number[]) =>
  encodePacket({ type: PacketType.ack, address: 0xffffffff, payload: Buffer.from(payload) });

test('password, handshake and system parameters against the emulator', async () => {
  const emulator = new FingerprintEmulator({ password: 0x1234, capacity: 300, packetSize: 64 });
  const { commands, link } = connect(emulator);
  assert.is(await commands.verifyPassword(7), false);
  assert.is(await commands.verifyPassword(0x1234), true);
  await commands.handshake();
  const parameters = await commands.readSystemParameters();
  assert.is(parameters.capacity, 300);
  assert.is(parameters.packetSize, 64);
  assert.is(parameters.baudRate, 57600);
  assert.is(parameters.address, 0xffffffff);
  link.close();
});

test('a module with its own address answers only packets sent to that address', async () => {
  const emulator = new FingerprintEmulator({ address: 0x1a2b3c4d });
  const wrong = connect(emulator, { timeoutMs: 100 });
  try {
    await wrong.commands.templateCount();
    assert.unreachable('a packet for FFFFFFFF should go unanswered');
  } catch (error) {
    assert.instance(error, DeviceTimeoutError);
  }
  wrong.link.close();

  const right = connect(emulator, { address: 0x1a2b3c4d });
  assert.is((await right.commands.readSystemParameters()).address, 0x1a2b3c4d);
  right.link.close();
});

test('commands before the password is verified get "password must be verified"', async () => {
  const { commands, link } = connect(new FingerprintEmulator({ password: 99 }));
  try {
    await commands.captureImage();
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, ModuleError);
    assert.is((error as ModuleError).confirmation, 0x21);
  }
  link.close();
});

test('GenImg, Img2Tz and Search identify an enrolled finger with its score', async () => {
  const emulator = new FingerprintEmulator();
  emulator.enrol(3, 'ada-left-index');
  const { commands, link } = connect(emulator);
  assert.is(await commands.captureImage(), 'no-finger');
  emulator.placeFinger(3);
  assert.is(await commands.captureImage(), 'image');
  await commands.imageToFeatures(1);
  const match = { kind: 'match', templateId: 3, score: scoreOf('ada-left-index') };
  assert.equal(await commands.search(1, 0, 200), match);
  assert.equal(await commands.search(1, 4, 100), { kind: 'no-match' });
  emulator.placeUnknownFinger();
  await commands.captureImage();
  await commands.imageToFeatures(1);
  assert.equal(await commands.search(1, 0, 200), { kind: 'no-match' });
  link.close();
});

test('queued commands go one at a time and each gets its own answer', async () => {
  const emulator = new FingerprintEmulator();
  emulator.enrol(1);
  emulator.enrol(2);
  const { commands, link } = connect(emulator);
  const [count, capture, parameters, count2] = await Promise.all([
    commands.templateCount(),
    commands.captureImage(),
    commands.readSystemParameters(),
    commands.templateCount(),
  ]);
  assert.equal([count, capture, parameters.capacity, count2], [2, 'no-finger', 200, 2]);
  link.close();
});

test('a silent module gives a timeout naming the command and the port', async () => {
  const emulator = new FingerprintEmulator();
  emulator.silent = true;
  const { commands, link } = connect(emulator, { timeoutMs: 150 });
  try {
    await commands.captureImage();
    assert.unreachable('should have timed out');
  } catch (error) {
    assert.instance(error, DeviceTimeoutError);
    assert.match((error as Error).message, 'GenImg');
    assert.match((error as Error).message, PATH);
  }
  link.close();
});

test('a reply after its command timed out is dropped, not given to the next one', async () => {
  const emulator = new FingerprintEmulator();
  emulator.enrol(5);
  emulator.setDelay('TempleteNum', 400);
  const { commands, link } = connect(emulator, { timeoutMs: 150, staleGraceMs: 600 });
  const late = commands.templateCount();
  const next = commands.readSystemParameters();
  try {
    await late;
  } catch (error) {
    assert.instance(error, DeviceTimeoutError);
  }
  assert.is((await next).capacity, 200);
  link.close();
});

test('an unknown confirmation code becomes a typed module error, not a crash', async () => {
  const emulator = new FingerprintEmulator();
  emulator.injectConfirmation('GenImg', 0x42);
  const { commands, link } = connect(emulator);
  try {
    await commands.captureImage();
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, ModuleError);
    assert.is((error as ModuleError).confirmation, 0x42);
    assert.is((error as ModuleError).code, 'module-error');
    assert.match((error as Error).message, 'module error 0x42');
    assert.match((error as Error).message, 'GenImg');
  }
  assert.is(await commands.captureImage(), 'no-finger');
  link.close();
});

test('an upload without its end packet is aborted after a bounded number of packets', async () => {
  const emulator = new FingerprintEmulator({ baudRate: 921_600 });
  emulator.enrol(0);
  emulator.endlessUpload = true;
  const { commands, link } = connect(emulator, { maxDataPackets: 16, staleGraceMs: 300 });
  await commands.load(1, 0);
  try {
    await commands.uploadTemplate(1, 5000);
    assert.unreachable('should have been aborted');
  } catch (error) {
    assert.instance(error, DataSequenceError);
    assert.match((error as Error).message, 'no end packet after 16 packets');
  }
  assert.is(await commands.templateCount(), 1);
  link.close();
});

test('templates move in packets of the module size, ending with an end packet', async () => {
  for (const packetSize of [32, 64, 128, 256] as const) {
    const emulator = new FingerprintEmulator({ packetSize, baudRate: 921_600 });
    emulator.enrol(8, 'grace-left-ring');
    const { commands, link, module } = connect(emulator);
    const sent: number[] = [];
    const tap = new Framer();
    module.on('data', (chunk: Buffer) => {
      for (const output of tap.push(chunk)) {
        if (output.kind === 'packet') sent.push(output.packet.type);
      }
    });

    await commands.load(1, 8);
    const bytes = await commands.uploadTemplate(1, 3000);
    assert.equal(bytes, templateOf('grace-left-ring'), `upload at ${packetSize}`);

    await commands.downloadTemplate(2, bytes, packetSize);
    await commands.store(2, 11);
    assert.is(emulator.enrolled.get(11), 'grace-left-ring', `download at ${packetSize}`);
    const data = sent.filter((type) => type !== PacketType.command);
    const expected = [...Array(512 / packetSize - 1).fill(PacketType.data), PacketType.endOfData];
    assert.equal(data, expected, `packets sent at ${packetSize}`);
    link.close();
  }
});

test('a download with a packet size the module cannot use is refused before sending', async () => {
  const { commands, link } = connect(new FingerprintEmulator());
  try {
    await commands.downloadTemplate(1, Buffer.alloc(512), 100);
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, InvalidRequestError);
    assert.match((error as Error).message, 'packet size 100');
  }
  link.close();
});

test('fragmented and concatenated replies are understood', async () => {
  const [host, module] = createLinkedPair();
  scriptedPeer(module, (code) => {
    const reply = code === Command.TempleteNum ? ackBytes(0x00, 0x00, 0x07) : ackBytes(0x02);
    return [...reply].map((byte) => Buffer.from([byte]));
  });
  const link = new FingerprintLink(host, linkOptions());
  const commands = new ModuleCommands(link);
  assert.is(await commands.templateCount(), 7);
  assert.is(await commands.captureImage(), 'no-finger');
  link.close();
});

test('a corrupted reply fails its command at once with a protocol error', async () => {
  const [host, module] = createLinkedPair();
  let calls = 0;
  scriptedPeer(module, () => {
    calls += 1;
    if (calls > 1) return ackBytes(0x02);
    const bad = ackBytes(0x00);
    bad.writeUInt8(bad.readUInt8(bad.length - 1) ^ 0xff, bad.length - 1);
    return bad;
  });
  const link = new FingerprintLink(host, linkOptions({ timeoutMs: 2000, staleGraceMs: 20 }));
  const commands = new ModuleCommands(link);
  try {
    await commands.captureImage();
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, ProtocolError);
    assert.match((error as Error).message, 'corrupted reply to GenImg');
  }
  assert.is(await commands.captureImage(), 'no-finger');
  link.close();
});

test('an oversized frame fails its command, and the link goes on', async () => {
  const [host, module] = createLinkedPair();
  const oversized = Buffer.from([0xef, 0x01, 0xff, 0xff, 0xff, 0xff, 0x07, 0x7f, 0xff]);
  let calls = 0;
  scriptedPeer(module, () => (++calls === 1 ? [oversized, ackBytes(0x00)] : ackBytes(0x02)));
  const link = new FingerprintLink(host, linkOptions({ staleGraceMs: 50 }));
  const commands = new ModuleCommands(link);
  // The oversized header fails the first command; the ack behind it is then stale.
  try {
    await commands.captureImage();
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, ProtocolError);
    assert.match((error as Error).message, 'exceeds the largest packet');
  }
  assert.is(await commands.captureImage(), 'no-finger');
  link.close();
});

test('the emulator answers a frame with a bad checksum with packet error 0x01', async () => {
  const [host, module] = createLinkedPair();
  new FingerprintEmulator().attach(module);
  const bad = encodePacket(commandPacket(0xffffffff, Command.GenImg));
  bad.writeUInt8(bad.readUInt8(bad.length - 1) ^ 0x10, bad.length - 1);
  const framer = new Framer();
  const reply = new Promise<number[]>((resolve) =>
    host.on('data', (chunk: Buffer) => {
      for (const output of framer.push(chunk)) {
        if (output.kind === 'packet') resolve([...output.packet.payload]);
      }
    }),
  );
  host.write(bad);
  assert.equal(await reply, [0x01]);
  host.destroy();
});

test('a line that goes away fails the pending command and reports the loss', async () => {
  const emulator = new FingerprintEmulator();
  emulator.setDelay('GenImg', 300);
  const { commands, link } = connect(emulator);
  const lost = new Promise<Error>((resolve) => link.onLost(resolve));
  const pending = commands.captureImage();
  setTimeout(() => emulator.unplug(), 20);
  try {
    await pending;
    assert.unreachable('should have failed');
  } catch (error) {
    assert.instance(error, DeviceLostError);
  }
  assert.instance(await lost, DeviceLostError);
  try {
    await commands.templateCount();
    assert.unreachable('should have failed');
  } catch (error) {
    assert.instance(error, DeviceLostError);
  }
});

test.run();
