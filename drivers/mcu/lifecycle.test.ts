/**
 * Start, stop and reconnect of the MCU device leave nothing behind: no johnny-five board
 * kept alive, no open attempt still running, and the device can start again.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { DeviceState } from '../core/device.js';
import { createMemoryLogger } from '../core/logger.js';
import { FirmataEmulator } from './emulator.js';
import { loadJohnnyFive } from './firmata-lib.js';
import { createMcuDevice, type McuDevice } from './index.js';

const test = suite('mcu lifecycle');

function make(emulator: FirmataEmulator): McuDevice {
  return createMcuDevice({
    name: 'tower',
    logger: createMemoryLogger('lifecycle'),
    backend: 'simulated',
    emulator,
    lights: { red: 'D5' },
    buttons: { call: { pin: 'D2' } },
    sensors: { light: { pin: 'A0' } },
    readyTimeoutMs: 1000,
    backoff: { initialMs: 20, maxMs: 50 },
  });
}

function nextState(device: McuDevice, state: DeviceState): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no '${state}' in 10 s`)), 10_000);
    const off = device.events.on('state', (event) => {
      if (event.state !== state) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

test('reconnect cycles do not pile up johnny-five boards', async () => {
  const emulator = new FirmataEmulator();
  const device = make(emulator);
  const boards = loadJohnnyFive().Board.cache;
  await device.start();
  assert.is(boards.length, 1);

  for (let cycle = 0; cycle < 5; cycle += 1) {
    const ready = nextState(device, 'ready');
    emulator.unplug();
    emulator.plug();
    await ready;
  }
  assert.is(boards.length, 1);
  await device.stop();
  assert.is(boards.length, 0);
});

test('stop during a start that waits on a silent board ends that attempt', async () => {
  const emulator = new FirmataEmulator();
  emulator.setSilent(true);
  const device = make(emulator);
  const starting = device.start();
  await device.stop();
  await starting;
  assert.is(device.health().state, 'stopped');

  // The port is free again: a new device on the same board opens it.
  emulator.setSilent(false);
  const again = make(emulator);
  await again.start();
  assert.is(again.health().state, 'ready');
  await again.stop();
});

test('a stopped device starts again', async () => {
  const emulator = new FirmataEmulator();
  const device = make(emulator);
  await device.start();
  await device.stop();
  await device.start();
  assert.is(device.health().state, 'ready');
  const lit = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('D5 not lit in 10 s')), 10_000);
    emulator.events.on('output', ({ pin, level }) => {
      if (pin !== 5 || level !== 1) return;
      clearTimeout(timer);
      resolve();
    });
  });
  device.setLight('red', 'on');
  await lit;
  await device.stop();
  assert.is(device.health().state, 'stopped');
});

test('stop silences the buzzer, and a cut-short beep does not return on start', async () => {
  const emulator = new FirmataEmulator();
  const device = createMcuDevice({
    name: 'tower',
    logger: createMemoryLogger('lifecycle'),
    backend: 'simulated',
    emulator,
    buzzer: 'D8',
  });
  await device.start();
  device.beep(5000);
  assert.is(emulator.outputLevel(8), 1);
  await device.stop();
  assert.is(emulator.outputLevel(8), 0);

  await device.start();
  assert.is(emulator.outputLevel(8), 0);
  await device.stop();
});

test.run();
