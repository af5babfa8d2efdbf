import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createMemoryLogger } from '../../drivers/core/logger.js';
import { SIMULATED_CELL_TERMINAL } from '../config/defaults.js';
import { ConfigError } from '../config/errors.js';
import { createPeripherals, peripheralList } from './peripherals.js';

const logger = createMemoryLogger();

function refusal(hardware: Record<string, unknown>): string[] {
  try {
    createPeripherals({ fingerprint: { backend: 'simulated' }, ...hardware }, 'kiosk.json', logger);
  } catch (error) {
    assert.instance(error, ConfigError);
    return (error as ConfigError).problems;
  }
  assert.unreachable('the section was accepted');
  return [];
}

test('the simulated terminal builds every device kind', () => {
  const peripherals = createPeripherals(SIMULATED_CELL_TERMINAL.hardware, '(built-in)', logger);
  assert.equal(
    peripheralList(peripherals)
      .map((device) => device.kind)
      .sort(),
    ['card-reader', 'gpio', 'mcu', 'screen'],
  );
});

test('absent sections mean no such device', () => {
  const peripherals = createPeripherals(
    { fingerprint: { backend: 'simulated' } },
    'kiosk.json',
    logger,
  );
  assert.equal(peripheralList(peripherals), []);
});

test('a GPIO pin given as a raw number is refused under hardware.gpio', () => {
  const problems = refusal({
    gpio: { backend: 'simulated', pins: { door: { line: 539, direction: 'in' } } },
  });
  assert.ok(problems.length > 0);
  assert.ok(
    problems.every((line) => line.startsWith('hardware.gpio: ')),
    problems.join('\n'),
  );
  assert.match(problems.join('\n'), /chip/);
});

test('a card reader section with an unknown key is refused and named', () => {
  const problems = refusal({ cardReader: { backend: 'simulated', readers: ['x'] } });
  assert.equal(problems, ['hardware.cardReader: readers: is not a known field']);
});

test('an MCU pin that is not a board label is refused and named', () => {
  const problems = refusal({ mcu: { backend: 'simulated', lights: { red: '13' } } });
  assert.match(problems.join('\n'), /^hardware\.mcu: .*lights\.red/m);
});

test('a screen section with an impossible idle ladder is refused', () => {
  const problems = refusal({
    screen: { backend: 'simulated', idle: { dimAfterMs: 5000, blankAfterMs: 1000 } },
  });
  assert.match(problems.join('\n'), /^hardware\.screen: /);
});

test.run();
