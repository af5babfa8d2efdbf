import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readChips, resolvePins } from './chips.js';
import { checkGpioOptions } from './options.js';
import type { ChipInfo, PinConfig } from './types.js';

const test = suite<{ root: string }>('gpio chip resolver', { root: '' });

test.before.each((context) => {
  context.root = mkdtempSync(join(tmpdir(), 'gpio-chips-'));
});

test.after.each((context) => {
  rmSync(context.root, { recursive: true, force: true });
});

/** Writes gpiochipN/{label,base,ngpio} the way sysfs shows them (with a newline). */
function addChip(root: string, chip: ChipInfo, files: Partial<Record<string, string>> = {}): void {
  const dir = join(root, `gpiochip${chip.base}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'label'), files.label ?? `${chip.label}\n`);
  writeFileSync(join(dir, 'base'), files.base ?? `${chip.base}\n`);
  writeFileSync(join(dir, 'ngpio'), files.ngpio ?? `${chip.ngpio}\n`);
}

function pins(config: Record<string, PinConfig>) {
  return checkGpioOptions({ name: 'cell-io', backend: 'simulated', logger: null!, pins: config });
}

const button = (chip: string, line = 27): Record<string, PinConfig> => ({
  callButton: { chip, line, direction: 'in' },
});

type Failure = Error & { code?: string };

async function failure(promise: Promise<unknown> | (() => unknown)): Promise<Failure> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    return error as Failure;
  }
  throw new Error('expected a failure');
}

test('line 27 is gpio539 on a Pi 4 kernel with pinctrl-bcm2711 at base 512', async ({ root }) => {
  addChip(root, { label: 'pinctrl-bcm2711', base: 512, ngpio: 58 });
  addChip(root, { label: 'raspberrypi-exp-gpio', base: 570, ngpio: 8 });
  const chips = await readChips('cell-io', root);
  assert.equal(resolvePins(chips, pins(button('pinctrl-bcm2711')), 'cell-io')[0]?.gpio, 539);
});

test('line 27 is gpio598 on a Pi 5 kernel with pinctrl-rp1 at base 571', async ({ root }) => {
  addChip(root, { label: 'gpio-brcmstb@107d508500', base: 512, ngpio: 32 });
  addChip(root, { label: 'pinctrl-rp1', base: 571, ngpio: 54 });
  const chips = await readChips('cell-io', root);
  assert.equal(resolvePins(chips, pins(button('pinctrl-rp1')), 'cell-io')[0]?.gpio, 598);
});

test('an older kernel with the header chip at base 0 gives gpio27', async ({ root }) => {
  addChip(root, { label: 'pinctrl-bcm2711', base: 0, ngpio: 58 }, { base: '0' });
  const chips = await readChips('cell-io', root);
  assert.equal(resolvePins(chips, pins(button('pinctrl-bcm2711')), 'cell-io')[0]?.gpio, 27);
});

test('a missing chip names the wanted label and the chips that exist', async ({ root }) => {
  addChip(root, { label: 'pinctrl-bcm2711', base: 512, ngpio: 58 });
  const chips = await readChips('cell-io', root);
  const error = await failure(() => resolvePins(chips, pins(button('pinctrl-rp1')), 'cell-io'));
  assert.is(error.code, 'pin-unresolved');
  assert.match(error.message, /pin 'callButton' wants chip 'pinctrl-rp1'/);
  assert.match(error.message, /the board has pinctrl-bcm2711 at base 512 with 58 lines/);
});

test('a line past the end of its chip is refused', async ({ root }) => {
  addChip(root, { label: 'pinctrl-rp1', base: 571, ngpio: 54 });
  const chips = await readChips('cell-io', root);
  const error = await failure(() => resolvePins(chips, pins(button('pinctrl-rp1', 54)), 'cell-io'));
  assert.match(error.message, /line 54 is outside pinctrl-rp1, which has 54 lines/);
});

test('two chips with the same label are ambiguous, not guessed', async ({ root }) => {
  addChip(root, { label: 'gpio-mockup', base: 512, ngpio: 8 });
  addChip(root, { label: 'gpio-mockup', base: 520, ngpio: 8 });
  const chips = await readChips('cell-io', root);
  const error = await failure(() => resolvePins(chips, pins(button('gpio-mockup', 1)), 'cell-io'));
  assert.match(error.message, /ambiguous \(bases 512 and 520\)/);
});

test('corrupted, oversized and unterminated chip files give a defined result', async ({ root }) => {
  addChip(root, { label: 'pinctrl-bcm2711', base: 512, ngpio: 58 }, { base: '512' });
  assert.is((await readChips('cell-io', root))[0]?.base, 512, 'no newline is fine');

  const cases: Array<[Partial<Record<string, string>>, RegExp]> = [
    [{ base: '5x2\n' }, /base holds "5x2"/],
    [{ base: '\n' }, /base holds ""/],
    [{ ngpio: '-3\n' }, /ngpio holds "-3"/],
    [{ base: '99999999999999999999\n' }, /base holds/],
    [{ label: 'x'.repeat(100_000) }, /label holds "x{40}"…/],
    [{ label: 'bad\u0000label\n' }, /label holds/],
    [{ label: '512\n512\n' }, /label holds/],
  ];
  for (const [files, message] of cases) {
    const tree = mkdtempSync(join(root, 'case-'));
    addChip(tree, { label: 'pinctrl-bcm2711', base: 512, ngpio: 58 }, files);
    const error = await failure(readChips('cell-io', tree));
    assert.is(error.code, 'chip-unreadable', JSON.stringify(files).slice(0, 60));
    assert.match(error.message, message);
  }
});

test('a missing sysfs tree says the kernel needs GPIO sysfs', async ({ root }) => {
  const error = await failure(readChips('cell-io', join(root, 'nothing-here')));
  assert.is(error.code, 'no-sysfs-gpio');
  assert.match(error.message, /cannot list .*nothing-here.*CONFIG_GPIO_SYSFS/);
});

test('a chip folder without its files is named in the error', async ({ root }) => {
  mkdirSync(join(root, 'gpiochip512'));
  const error = await failure(readChips('cell-io', root));
  assert.match(error.message, /cannot read .*gpiochip512/);
});

test.run();
