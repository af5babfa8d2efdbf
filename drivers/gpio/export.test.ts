import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { claimLine, type ExportTarget } from './export.js';
import type { ResolvedPin } from './types.js';

const pin: ResolvedPin = {
  name: 'tamperSwitch',
  gpio: 516,
  config: {
    chip: 'pinctrl-bcm2711', line: 4, direction: 'in', activeLow: false,
    debounceMs: 0, edge: 'both', initial: false,
  },
};

function target(answer: unknown, folder: boolean): ExportTarget {
  return {
    exportLine: () => {
      if (answer !== null) throw answer;
    },
    lineFolderExists: () => folder,
  };
}

const errno = (code: string) => Object.assign(new Error(code), { code });

function outcome(answer: unknown, folder: boolean): string {
  try {
    return claimLine(target(answer, folder), pin, 'cell-io') ? 'adopted' : 'claimed';
  } catch (error) {
    return `${(error as { code: string }).code}: ${(error as Error).message}`;
  }
}

test('each answer of export has one defined meaning', () => {
  assert.is(outcome(null, false), 'claimed');
  assert.is(outcome(errno('EBUSY'), true), 'adopted');
  const held = /^pin-held: .*'tamperSwitch' \(pinctrl-bcm2711 line 4, gpio516\) .*driver.*EBUSY/;
  assert.match(outcome(errno('EBUSY'), false), held);
  assert.match(outcome(errno('EPERM'), false), /^pin-held: .*EPERM/);
  assert.match(outcome(errno('EINVAL'), true), /^pin-held: .*EINVAL/);
});

test('unknown answers are I/O errors of the device, not of the pin', () => {
  assert.match(outcome(errno('EIO'), false), /^pin-io: .*gpio516\) could not be exported: EIO/);
  assert.match(outcome(errno('ENOTCONN'), true), /^pin-io: /);
  assert.match(outcome(new Error('no code at all'), false), /^pin-io: .*no code at all/);
  assert.match(outcome('a string', false), /^pin-io: .*a string/);
});

test.run();
