/**
 * gpio-fs answers the way kernel sysfs does, so tests on it mean something for boards:
 * export/unexport errno answers, EPERM on writing an input, value and active_low
 * semantics, and defined answers to malformed writes.
 */
import { closeSync, existsSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, test as rootTest } from 'uvu';
import * as assert from 'uvu/assert';
import {
  prepareSysClassGpio,
  reexecInMountNamespace,
  RIG_NEEDS_ROOT,
  startGpioRig,
  type GpioRig,
} from '../rigs/gpio.js';

const test = suite<{ rig: GpioRig | null }>('gpio-fs', { rig: null });
const chips = [
  { label: 'pinctrl-bcm2711', base: 512, ngpio: 58 },
  { label: 'pinctrl-rp1', base: 571, ngpio: 54 },
];

test.before.each(async (context) => {
  context.rig = await startGpioRig({ chips });
});

test.after.each(async (context) => {
  await context.rig?.stop();
});

function answer(path: string, text: string): string {
  try {
    writeFileSync(path, text);
    return 'ok';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? String(error);
  }
}

test('chips show label, base and ngpio like sysfs', ({ rig }) => {
  const read = (file: string) => readFileSync(join(rig!.mountpoint, file), 'utf8');
  assert.is(read('gpiochip512/label'), 'pinctrl-bcm2711\n');
  assert.is(read('gpiochip571/base'), '571\n');
  assert.is(read('gpiochip571/ngpio'), '54\n');
});

test('export and unexport answer as the kernel does', ({ rig }) => {
  const at = (file: string) => join(rig!.mountpoint, file);
  assert.is(answer(at('export'), '539'), 'ok');
  assert.ok(existsSync(at('gpio539/value')));
  assert.is(answer(at('export'), '539\n'), 'EBUSY', 'already exported');
  assert.is(answer(at('export'), '570'), 'EINVAL', 'between chips');
  assert.is(answer(at('unexport'), '540'), 'EINVAL', 'not exported');
  assert.is(answer(at('unexport'), '539'), 'ok');
  assert.not.ok(existsSync(at('gpio539')));

  rig!.control(['hold 516 busy', 'hold 517 perm', 'hold 518 inval']);
  const answers = [516, 517, 518].map((n) => answer(at('export'), String(n)));
  assert.equal(answers, ['EBUSY', 'EPERM', 'EINVAL']);
  assert.not.ok(existsSync(at('gpio516')), 'a kernel-held line has no folder');
});

test('an input refuses writes; active_low inverts the value file', ({ rig }) => {
  const at = (file: string) => join(rig!.mountpoint, file);
  answer(at('export'), '529');
  rig!.control(['set 529 1']);
  assert.is(readFileSync(at('gpio529/value'), 'utf8'), '1\n');
  assert.is(answer(at('gpio529/value'), '0'), 'EPERM');
  assert.is(answer(at('gpio529/active_low'), '1'), 'ok');
  assert.is(readFileSync(at('gpio529/value'), 'utf8'), '0\n');

  assert.is(answer(at('gpio529/direction'), 'high'), 'ok');
  assert.is(rig!.lines().get(529)?.high, true, "'high' sets the electrical level");
  assert.is(answer(at('gpio529/value'), '1'), 'ok');
  assert.is(rig!.lines().get(529)?.high, false, 'logical 1 on an active-low output is low');
});

test('malformed, oversized and concatenated writes get defined answers', ({ rig }) => {
  const at = (file: string) => join(rig!.mountpoint, file);
  assert.is(answer(at('export'), 'abc'), 'EINVAL');
  assert.is(answer(at('export'), '\n'), 'EINVAL');
  assert.is(answer(at('export'), '5x9'), 'EINVAL');
  assert.is(answer(at('export'), '5'.repeat(5000)), 'EINVAL');
  answer(at('export'), '530');
  assert.is(answer(at('gpio530/direction'), 'sideways'), 'EINVAL');
  assert.is(answer(at('gpio530/edge'), 'up'), 'EINVAL');
  assert.is(answer(at('gpio530/active_low'), '2'), 'EINVAL');
  assert.is(answer(rig!.controlPath, 'jump 530\n'), 'EINVAL');
  assert.is(answer(rig!.controlPath, 'set 530 1\nset 531 1\nset 532 1'), 'ok');
  assert.equal([530, 531, 532].map((n) => rig!.lines().get(n)?.high), [true, true, true]);
});

test('value reads are counted, so a test can tell an interrupt was handled', ({ rig }) => {
  const at = (file: string) => join(rig!.mountpoint, file);
  answer(at('export'), '533');
  answer(at('gpio533/edge'), 'rising');
  const fd = openSync(at('gpio533/value'), 'r');
  const buffer = Buffer.alloc(4);
  readSync(fd, buffer, 0, 4, 0);
  const before = rig!.lines().get(533)!.reads;
  rig!.control(['set 533 1', 'set 533 0']);
  readSync(fd, buffer, 0, 4, 0);
  closeSync(fd);
  assert.is(rig!.lines().get(533)!.reads, before + 1);
  assert.is(buffer.toString('utf8', 0, 2), '0\n');
});

if (process.getuid?.() !== 0) {
  rootTest('gpio-fs runs as root', () => assert.unreachable(RIG_NEEDS_ROOT));
  rootTest.run();
} else if (await reexecInMountNamespace(import.meta.url)) {
  prepareSysClassGpio();
  test.run();
}
