// test-timeout: 180
/**
 * The technician self-test against the simavr board rig: passes on a good board and
 * names the failing step on a silent board, a stuck button or a wrong port.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createMemoryLogger } from '../../drivers/core/logger.js';
import { startMcuRig, type McuRig } from '../rigs/mcu.js';
import { checkMcu, type McuCheckOptions } from '../selftest-mcu.js';

const test = suite('mcu self-test');
let rig: McuRig | null = null;

const wiring = (port: string): McuCheckOptions => ({
  port,
  lights: { red: 'D5' },
  buzzer: 'D8',
  buttons: { call: { pin: 'D2' } },
  sensors: { light: { pin: 'A0' } },
  logger: createMemoryLogger('selftest'),
  timeoutMs: 3000,
  pulseMs: 100,
});

test.after.each(async () => {
  rig?.resume();
  await rig?.stop();
  rig = null;
});

test('a good board passes every step, and its light and buzzer really switch', async () => {
  rig = await startMcuRig();
  await rig.setAnalogMillivolts(0, 1000);
  const lightSeen = rig.waitForOutput(5, 1, 10_000);
  const buzzerSeen = rig.waitForOutput(8, 1, 10_000);
  const result = await checkMcu(wiring(rig.portPath));
  await lightSeen;
  await buzzerSeen;
  assert.ok(result.ok, JSON.stringify(result.steps));
  const names = result.steps.map((s) => s.name);
  assert.equal(names, [
    'board answers',
    'firmware',
    'light red (D5)',
    'buzzer (D8)',
    'sensor light (A0)',
    'button call (D2)',
  ]);
  assert.match(result.steps[1]?.detail ?? '', 'kiosk-firmata 1.0 (Firmata 2.5)');
  assert.match(result.steps[4]?.detail ?? '', /reads 20[0-9] of 1023/);
});

test('a silent board fails at the first step with the reason', async () => {
  rig = await startMcuRig();
  rig.pause();
  const result = await checkMcu(wiring(rig.portPath));
  assert.is(result.ok, false);
  assert.is(result.steps.length, 1);
  assert.is(result.steps[0]?.name, 'board answers');
  assert.match(result.steps[0]?.detail ?? '', 'no answer to version and capability queries');
});

test('a stuck button fails its step and says why', async () => {
  rig = await startMcuRig();
  await rig.drivePin(2, 1);
  const result = await checkMcu(wiring(rig.portPath));
  assert.is(result.ok, false);
  const button = result.steps.find((s) => s.name === 'button call (D2)');
  assert.is(button?.ok, false);
  assert.match(button?.detail ?? '', 'stuck');
});

test('a port that does not exist fails naming the path', async () => {
  const result = await checkMcu(wiring('/nonexistent/board'));
  assert.is(result.ok, false);
  assert.match(result.steps[0]?.detail ?? '', '/nonexistent/board');
});

test.run();
