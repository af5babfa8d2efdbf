/** The technician screen self-test, run against the screen rig. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { touchRecords } from '../../drivers/screen/screen-contract.js';
import { checkScreen } from '../selftest-screen.js';
import { startScreenRig, type ScreenRig } from './rig.js';

const test = suite<{ rig: ScreenRig }>('screen self-test');

test.before.each(async (context) => {
  context.rig = await startScreenRig({ mirrorActual: true, maxBrightness: 100 });
  await context.rig.setActual(64);
});

test.after.each(async (context) => {
  await context.rig.stop();
});

const optionsFor = (rig: ScreenRig) => ({
  backlight: { root: rig.backlightRoot },
  touch: { devicesPath: rig.devicesPath, inputDir: rig.inputDir, recordSize: 24 as const },
});

test('passes on a working screen, touches included, and restores the level', async ({ rig }) => {
  const prompts: string[] = [];
  const result = await checkScreen({
    ...optionsFor(rig),
    touchWaitMs: 10_000,
    prompt: (message) => {
      prompts.push(message);
      rig.write(Buffer.concat(touchRecords(24, 400, 300, 1)));
    },
  });

  assert.equal(result.steps.map((step) => [step.name, step.ok]), [
    ['backlight found', true],
    ['backlight dims', true],
    ['backlight blanks and returns', true],
    ['backlight restored', true],
    ['touch panel found', true],
    ['touch seen', true],
  ]);
  assert.ok(result.ok);
  assert.is(result.steps[1]?.detail, 'wrote brightness 20, actual_brightness reads 20');
  assert.is(result.steps[5]?.detail, 'touch at (400, 300)');
  assert.equal(prompts, ['touch the screen within 10 s']);

  const values = await rig.readBacklight();
  assert.is(values.brightness, '64\n');
  assert.is(values.blPower, '0\n');
});

test('names what is missing: the backlight folder and the panel', async ({ rig }) => {
  await rig.removeBacklight();
  await rig.unplugTouch();
  const result = await checkScreen(optionsFor(rig));

  assert.not.ok(result.ok);
  assert.is(result.steps.length, 2);
  assert.ok(result.steps[0]?.detail.includes(rig.backlightRoot), result.steps[0]?.detail);
  assert.ok(result.steps[1]?.detail.includes(rig.devicesPath), result.steps[1]?.detail);
});

test('a panel nobody touches fails the touch step, not the run', async ({ rig }) => {
  const result = await checkScreen({ ...optionsFor(rig), touchWaitMs: 200 });
  const last = result.steps.at(-1);
  assert.is(last?.name, 'touch seen');
  assert.is(last?.ok, false);
  assert.is(last?.detail, 'no touch within 200 ms');
});

test.run();
