/**
 * Bad Firmata input from the board: every case gets a defined result (dropped and
 * counted, or delivered whole), the device stays ready and the next good message works.
 * The bytes go through the whole stack: transport, framer, firmata-io and johnny-five.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createMemoryLogger } from '../core/logger.js';
import { FirmataEmulator } from './emulator.js';
import { createMcuDevice, type McuDevice, type McuEvents } from './index.js';

const test = suite('mcu firmata input faults');

interface Rig {
  device: McuDevice;
  emulator: FirmataEmulator;
  logger: ReturnType<typeof createMemoryLogger>;
  buttons: McuEvents['button'][];
}

let rig: Rig | null = null;

async function start(): Promise<Rig> {
  const emulator = new FirmataEmulator();
  const logger = createMemoryLogger('faults');
  const device = createMcuDevice({
    name: 'tower',
    logger,
    backend: 'simulated',
    emulator,
    buttons: { call: { pin: 'D2' } },
    sensors: { light: { pin: 'A0', threshold: 1, intervalMs: 50 } },
  });
  const buttons: McuEvents['button'][] = [];
  device.events.on('button', (event) => buttons.push(event));
  await device.start();
  rig = { device, emulator, logger, buttons };
  return rig;
}

test.after.each(async () => {
  await rig?.device.stop();
  rig = null;
});

function until(check: () => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (check()) {
        clearInterval(poll);
        resolve();
      } else if (Date.now() - started > 10_000) {
        clearInterval(poll);
        reject(new Error(`timed out waiting for ${what}`));
      }
    }, 10);
  });
}

/** Proves the stream is back in step: a clean release-then-press of D2 arrives as a press. */
async function pressStillArrives(r: Rig): Promise<void> {
  const before = r.buttons.filter((e) => e.pressed).length;
  r.emulator.inject(Uint8Array.of(0x90, 0x00, 0x00));
  r.emulator.inject(Uint8Array.of(0x90, 0x04, 0x00));
  await until(() => r.buttons.filter((e) => e.pressed).length > before, 'a press after bad input');
  assert.is(r.device.health().state, 'ready');
}

const faults = (r: Rig) => r.device.health().detail.protocolFaults as number;

test('a message in fragments is delivered once, whole', async () => {
  const r = await start();
  r.emulator.inject(Uint8Array.of(0x90));
  r.emulator.inject(Uint8Array.of(0x04));
  r.emulator.inject(Uint8Array.of(0x00));
  await until(() => r.buttons.length === 1, 'the press');
  assert.equal(r.buttons.map((e) => e.pressed), [true]);
  assert.is(faults(r), 0);
});

test('messages glued in one read are each delivered', async () => {
  const r = await start();
  r.emulator.inject(Uint8Array.of(0xf9, 0x02, 0x05, 0x90, 0x04, 0x00, 0xf9, 0x02, 0x05));
  await until(() => r.buttons.length === 1, 'the press');
  assert.is(faults(r), 0);

  // johnny-five debounces a button for 7 ms: a glued press-release-press is one change.
  r.emulator.inject(Uint8Array.of(0x90, 0x00, 0x00, 0x90, 0x04, 0x00, 0x90, 0x00, 0x00));
  await until(() => r.buttons.length === 2, 'the release');
  assert.equal(r.buttons.map((e) => e.pressed), [true, false]);
});

test('corrupt sysex replies are dropped and counted, never thrown', async () => {
  const r = await start();
  r.emulator.inject(Uint8Array.of(0xf0, 0x79, 0xf7)); // firmware reply with no version
  r.emulator.inject(Uint8Array.of(0xf0, 0x6e, 0x7f, 0x01, 0x00, 0xf7)); // state of pin 127
  r.emulator.inject(Uint8Array.from([0xf0, 0x6a, ...new Array(40).fill(0x01), 0xf7]));
  r.emulator.inject(Uint8Array.of(0xf0, 0xf7)); // empty
  await until(() => faults(r) >= 4, 'four faults');
  assert.match(String(r.device.health().detail.lastProtocolFault), 'sysex');
  assert.ok(r.logger.lines.some((line) => line.includes('bad Firmata input from the board')));
  await pressStillArrives(r);
});

test('an oversized sysex is dropped without growing memory', async () => {
  const r = await start();
  r.emulator.inject(Uint8Array.from([0xf0, 0x71, ...new Array(50_000).fill(0x41), 0xf7]));
  await until(() => faults(r) === 1, 'the oversized fault');
  assert.match(String(r.device.health().detail.lastProtocolFault), 'longer than');
  await pressStillArrives(r);
});

test('an unterminated sysex is dropped when the next message starts', async () => {
  const r = await start();
  r.emulator.inject(Uint8Array.of(0xf0, 0x71, 0x41, 0x42, 0x90, 0x04, 0x00));
  await until(() => r.buttons.length === 1, 'the press after the cut sysex');
  assert.is(faults(r), 1);
  assert.match(String(r.device.health().detail.lastProtocolFault), 'not terminated');
});

test('unknown commands and stray bytes are dropped and counted', async () => {
  const r = await start();
  r.emulator.inject(Uint8Array.of(0xa0, 0x01, 0x02, 0xc3, 0x05, 0xfe, 0x33, 0xf0, 0x55, 0xf7));
  await until(() => faults(r) >= 5, 'the faults');
  await pressStillArrives(r);
});

test('bounded random garbage never crashes or stalls the device', async () => {
  const r = await start();
  let seed = 12345;
  const random = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  for (let chunk = 0; chunk < 2000; chunk += 1) {
    const bytes = Uint8Array.from({ length: 1 + Math.floor(random() * 24) }, () =>
      Math.floor(random() * 256),
    );
    r.emulator.inject(bytes);
  }
  await until(() => faults(r) > 100, 'faults from the garbage');
  await pressStillArrives(r);
});

test.run();
