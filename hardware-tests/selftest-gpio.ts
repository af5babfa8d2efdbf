/**
 * Technician self-test for the GPIO wiring of a terminal: finds the chips, claims every
 * pin, drives each output on and off, reads each input, optionally waits for the
 * technician to press and release chosen inputs, and checks that everything is
 * released afterwards. Works on a board (backend 'real') and on the rig or simulator.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage } from '../drivers/core/errors.js';
import { createLogger, type Logger } from '../drivers/core/logger.js';
import {
  createGpio,
  DEFAULT_SYSFS_ROOT,
  GpioConfigError,
  readChips,
  type GpioDevice,
  type GpioOptions,
} from '../drivers/gpio/index.js';

export interface SelfTestStep {
  name: string;
  ok: boolean;
  detail: string;
}

export interface GpioSelfTestOptions extends Omit<GpioOptions, 'logger'> {
  logger?: Logger;
  /** Inputs the technician operates during the test (press, then release). */
  operate?: string[];
  /** Shows the technician what to do next; the test waits for the change it asked for. */
  prompt?: (pin: string, action: 'press' | 'release') => void;
  /** How long to wait for each press or release (ms). Default 30000. */
  waitMs?: number;
}

type Step = (entry: SelfTestStep) => void;
type PinHealth = Record<string, { gpio: number | null; status: string }>;

function waitForInput(device: GpioDevice, pin: string, value: boolean, ms: number) {
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => {
      off();
      resolve(false);
    }, ms);
    const off = device.events.on('input', (event) => {
      if (event.pin !== pin || event.value !== value) return;
      clearTimeout(timer);
      off();
      resolve(true);
    });
  });
}

async function checkPin(device: GpioDevice, name: string, step: Step): Promise<void> {
  if (!device.capabilities.includes(`output:${name}`)) {
    const level = (await device.read(name)) ? 'active' : 'inactive';
    step({ name: `input ${name}`, ok: true, detail: `reads ${level}` });
    return;
  }
  await device.write(name, true);
  const on = await device.read(name);
  await device.write(name, false);
  const off = await device.read(name);
  const ok = on && !off;
  const detail = ok ? 'switched on and off; check it by eye' : `read back ${on} then ${off}`;
  step({ name: `output ${name}`, ok, detail });
}

async function exercise(device: GpioDevice, options: GpioSelfTestOptions, step: Step) {
  const pins = device.health().detail.pins as PinHealth;
  for (const name of device.pinNames) {
    const pin = pins[name]!;
    const held = pin.status === 'held';
    step({ name: `pin ${name}`, ok: !held, detail: `gpio${pin.gpio} ${pin.status}` });
    if (held) continue;
    await checkPin(device, name, step).catch((error: unknown) => {
      step({ name: `${name} access`, ok: false, detail: errorMessage(error) });
    });
  }

  for (const name of options.operate ?? []) {
    for (const [action, value] of [['press', true], ['release', false]] as const) {
      const seen = waitForInput(device, name, value, options.waitMs ?? 30_000);
      options.prompt?.(name, action);
      const ok = await seen;
      const detail = ok ? `${action} seen` : `no ${action} within the wait`;
      step({ name: `${action} ${name}`, ok, detail });
    }
  }
}

/** Pins the device claimed that sysfs (or the simulator) still shows as exported. */
function leftExported(device: GpioDevice, numbers: number[]): number[] {
  if (device.simulator) return device.simulator.exported().filter((gpio) => numbers.includes(gpio));
  return numbers.filter((gpio) => existsSync(join(DEFAULT_SYSFS_ROOT, `gpio${gpio}`)));
}

export async function checkGpio(
  options: GpioSelfTestOptions,
): Promise<{ ok: boolean; steps: SelfTestStep[] }> {
  const steps: SelfTestStep[] = [];
  const step: Step = (entry) => steps.push(entry);
  const result = () => ({ ok: steps.every((entry) => entry.ok), steps });

  let device: GpioDevice;
  try {
    device = createGpio({ ...options, logger: options.logger ?? createLogger('selftest-gpio') });
  } catch (error) {
    const problems = error instanceof GpioConfigError ? error.problems.join('; ') : null;
    step({ name: 'options', ok: false, detail: problems ?? errorMessage(error) });
    return result();
  }

  try {
    const chips = device.simulator?.chips ?? (await readChips(options.name));
    const found = chips.map((chip) => `${chip.label}@${chip.base}`).join(', ');
    step({ name: 'chips', ok: chips.length > 0, detail: found || 'none' });
  } catch (error) {
    step({ name: 'chips', ok: false, detail: errorMessage(error) });
    return result();
  }

  await device.start();
  const { state, lastError } = device.health();
  const ready = state === 'ready';
  step({ name: 'claim', ok: ready, detail: ready ? 'ready' : (lastError?.message ?? state) });
  if (ready) await exercise(device, options, step);

  const numbers = Object.values(device.health().detail.pins as PinHealth)
    .map((pin) => pin.gpio)
    .filter((gpio): gpio is number => gpio !== null);
  await device.stop();
  const left = leftExported(device, numbers);
  const detail = left.length === 0 ? 'all pins unexported' : `still exported: ${left.join(', ')}`;
  step({ name: 'release', ok: left.length === 0, detail });
  return result();
}
