import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DriverError } from '../core/errors.js';
import { createMemoryLogger } from '../core/logger.js';
import { createMcuDevice, parsePinLabel, type McuOptions } from './index.js';

const test = suite('mcu options');
const logger = createMemoryLogger('options');

function configError(options: Partial<McuOptions>): DriverError {
  try {
    createMcuDevice({ name: 'tower', logger, backend: 'simulated', ...options });
  } catch (error) {
    if (error instanceof DriverError) return error;
    throw error;
  }
  throw new Error('options were accepted');
}

test('pin labels are read case-insensitively and bounded', () => {
  assert.equal(parsePinLabel('d7'), { label: 'D7', kind: 'digital', index: 7 });
  assert.equal(parsePinLabel(' A0 '), { label: 'A0', kind: 'analog', index: 0 });
  assert.is(parsePinLabel('7'), null);
  assert.is(parsePinLabel('A16'), null);
  assert.is(parsePinLabel('GPIO4'), null);
});

test('every bad field is named by its path in one error', () => {
  const error = configError({
    lights: { red: 'X5', green: 'D1' },
    buzzer: 'D7',
    buttons: { call: { pin: 'D7' } },
    sensors: { light: { pin: 'D3', threshold: -1, intervalMs: 5 } },
  });
  assert.is(error.code, 'config');
  assert.is(error.device, 'tower');
  for (const part of [
    "lights.red: 'X5' is not a pin label",
    "lights.green: D1 carries the board's serial line",
    'buttons.call.pin: D7 is already used by buzzer',
    'sensors.light.pin: D3 is not analog',
    'sensors.light.threshold',
    'sensors.light.intervalMs',
  ]) {
    assert.ok(error.message.includes(part), `missing "${part}" in: ${error.message}`);
  }
});

test('the real back-end needs a port', () => {
  const error = configError({ backend: 'real' });
  assert.match(error.message, 'port: needed by the real back-end');
});

test('an unknown back-end is refused', () => {
  const error = configError({ backend: 'usb' as never });
  assert.match(error.message, "backend: must be 'real' or 'simulated'");
});

test('a pin the board does not have keeps the device in back-off, saying which', async () => {
  const device = createMcuDevice({
    name: 'tower',
    logger,
    backend: 'simulated',
    lights: { red: 'D40' },
    backoff: { initialMs: 60_000, maxMs: 60_000 },
  });
  try {
    await device.start();
    const health = device.health();
    assert.is(health.state, 'backoff');
    assert.is(health.lastError?.code, 'config');
    const message = health.lastError?.message ?? '';
    assert.match(message, 'light red is on D40, which this board does not offer');
  } finally {
    await device.stop();
  }
});

test.run();
