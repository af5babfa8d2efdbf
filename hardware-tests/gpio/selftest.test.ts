// test-timeout: 120
/**
 * The technician's GPIO self-test, run against the simulator and against onoff on the
 * gpio-fs rig (this file re-runs itself in a private mount namespace for that).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createMemoryLogger } from '../../drivers/core/logger.js';
import { GpioSimulator, type PinConfig } from '../../drivers/gpio/index.js';
import {
  prepareSysClassGpio,
  reexecInMountNamespace,
  RIG_NEEDS_ROOT,
  startGpioRig,
  type GpioRig,
} from '../rigs/gpio.js';
import { checkGpio } from '../selftest-gpio.js';

const chip = 'pinctrl-bcm2711';
const BCM2711 = { label: chip, base: 512, ngpio: 58 };
const pins: Record<string, PinConfig> = {
  callButton: { chip, line: 27, direction: 'in', activeLow: true, debounceMs: 10 },
  doorContact: { chip, line: 17, direction: 'in' },
  relay: { chip, line: 23, direction: 'out', activeLow: true },
};
const logger = createMemoryLogger('selftest');
const names = (steps: { name: string; ok: boolean }[]) =>
  steps.map((s) => `${s.ok ? 'ok' : 'FAIL'} ${s.name}`);
const base = { name: 'cell-io', pins, logger };

const simulated = suite('gpio self-test (simulated)');

simulated('a good board passes every step, including the press the technician makes', async () => {
  const simulator = new GpioSimulator([BCM2711]);
  simulator.setLevel(539, true);
  const prompt = (pin: string, action: string) => simulator.drive(pin, action === 'press');
  const operate = ['callButton'];
  const report = await checkGpio({ ...base, backend: 'simulated', simulator, operate, prompt });
  assert.equal(names(report.steps), [
    'ok chips', 'ok claim', 'ok pin callButton', 'ok input callButton', 'ok pin doorContact',
    'ok input doorContact', 'ok pin relay', 'ok output relay', 'ok press callButton',
    'ok release callButton', 'ok release',
  ]);
  assert.ok(report.ok);
});

simulated('a press that never comes and wrong options fail with a reason', async () => {
  const operate = ['callButton'];
  const report = await checkGpio({ ...base, backend: 'simulated', operate, waitMs: 50 });
  assert.not.ok(report.ok);
  const press = report.steps.find((s) => s.name === 'press callButton');
  assert.equal(press?.detail, 'no press within the wait');

  const led: PinConfig = { chip, line: 600, direction: 'out' };
  const wrong = await checkGpio({ ...base, backend: 'simulated', pins: { led } });
  assert.equal(wrong.steps.map((s) => s.name), ['options']);
  assert.match(wrong.steps[0]!.detail, /pins.led.line/);
});

const real = suite<{ rig: GpioRig | null }>('gpio self-test (onoff on gpio-fs)', { rig: null });

real.after.each(async (context) => {
  await context.rig?.stop();
  context.rig = null;
});

real('a good board passes, the press arrives through a real interrupt', async (context) => {
  const rig = (context.rig = await startGpioRig({ chips: [BCM2711] }));
  rig.control(['set 539 1']);
  const prompt = (_pin: string, action: string) => {
    rig.control([`set 539 ${action === 'press' ? 0 : 1}`]);
  };
  const report = await checkGpio({ ...base, backend: 'real', operate: ['callButton'], prompt });
  assert.ok(report.ok, names(report.steps).join(', '));
  assert.equal(report.steps.find((s) => s.name === 'pin callButton')?.detail, 'gpio539 claimed');
  assert.equal(rig.exportLog().filter((line) => line.startsWith('unexport')).length, 3);
});

real('a pin a kernel driver holds fails its step by name', async (context) => {
  const rig = (context.rig = await startGpioRig({ chips: [BCM2711] }));
  rig.control(['hold 535 busy']);
  const report = await checkGpio({ ...base, backend: 'real' });
  assert.not.ok(report.ok);
  const failed = report.steps.find((s) => !s.ok);
  assert.equal(failed, { name: 'pin relay', ok: false, detail: 'gpio535 held' });
  const held = /pin 'relay' \(pinctrl-bcm2711 line 23, gpio535\) is held by a kernel driver/;
  assert.match(logger.lines.join('\n'), held);
});

real('a board without the configured chip fails at claim, naming its chips', async (context) => {
  context.rig = await startGpioRig({ chips: [{ label: 'pinctrl-rp1', base: 571, ngpio: 54 }] });
  const backoff = { initialMs: 60_000, maxMs: 60_000 };
  const report = await checkGpio({ ...base, backend: 'real', backoff });
  const claim = report.steps.find((s) => s.name === 'claim');
  assert.equal(claim?.ok, false);
  assert.match(claim?.detail ?? '', /wants chip 'pinctrl-bcm2711', but the board has pinctrl-rp1/);
});

if (process.getuid?.() !== 0) {
  simulated.run();
  const needsRoot = suite('gpio self-test (onoff on gpio-fs)');
  needsRoot('runs as root', () => assert.unreachable(RIG_NEEDS_ROOT));
  needsRoot.run();
} else if (await reexecInMountNamespace(import.meta.url)) {
  prepareSysClassGpio();
  simulated.run();
  real.run();
}
