import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createMemoryLogger } from '../core/logger.js';
import { createGpio } from './index.js';
import type { GpioOptions } from './api.js';

function problemsOf(options: Partial<GpioOptions> & Record<string, unknown>): string[] {
  const full = { name: 'cell-io', logger: createMemoryLogger(), backend: 'simulated', ...options };
  try {
    createGpio(full as GpioOptions);
  } catch (error) {
    assert.is((error as { code?: string }).code, 'config');
    return (error as { problems: string[] }).problems;
  }
  return [];
}

const chip = 'pinctrl-bcm2711';

test('good options fill in defaults and list capabilities per pin', () => {
  const device = createGpio({
    name: 'cell-io',
    logger: createMemoryLogger(),
    backend: 'simulated',
    pins: {
      callButton: { chip, line: 27, direction: 'in' },
      relay: { chip, line: 23, direction: 'out', activeLow: true },
    },
  });
  assert.equal(device.pinNames, ['callButton', 'relay']);
  assert.equal(device.capabilities, ['input:callButton', 'output:relay']);
  assert.is(device.health().state, 'stopped');
  assert.ok(device.simulator, 'the simulated back-end exposes its simulator');
});

test('every wrong field is reported with its path', () => {
  const problems = problemsOf({
    backend: 'wired' as never,
    pins: {
      callButton: { chip: '', line: 539, direction: 'in', debounce: 10 } as never,
      led: { chip, line: 22, direction: 'out', debounceMs: 5 },
      'bad name!': { chip, line: 1, direction: 'in' },
      tamper: { chip, line: 4, direction: 'sideways' } as never,
      door: { chip, line: 17, direction: 'in', initial: true, edge: 'up' } as never,
    },
  });
  const expected = [
    "backend: must be 'real' or 'simulated'",
    'pins.callButton.debounce: is not a pin setting',
    'pins.callButton.chip: must be a chip label',
    'pins.callButton.line: must be a line offset inside the chip (0-511), not a global GPIO number',
    'pins.led.direction: debounceMs and edge apply to inputs only',
    "pins.bad name!: a pin name is letters, digits, '-' or '_'",
    "pins.tamper.direction: must be 'in' or 'out'",
    'pins.door.edge: must be one of rising, falling, both',
    'pins.door.initial: applies to outputs only',
  ];
  for (const line of expected) {
    assert.ok(problems.includes(line), `missing "${line}" in ${problems.join(' | ')}`);
  }
});

test('two names on one wire and an empty pin list are refused', () => {
  const twice = problemsOf({
    pins: { a: { chip, line: 5, direction: 'in' }, b: { chip, line: 5, direction: 'out' } },
  });
  assert.equal(twice, ["pins.b: pinctrl-bcm2711 line 5 is already used by pin 'a'"]);
  assert.equal(problemsOf({ pins: {} }), ['pins: must name at least one pin']);
  assert.equal(problemsOf({ pins: null as never }), ['pins: must name at least one pin']);
  assert.equal(problemsOf({ pins: { a: 'gpio17' as never } }), ['pins.a: must be an object']);
});

test.run();
