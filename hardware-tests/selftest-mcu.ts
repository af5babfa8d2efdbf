/**
 * Technician self-test of the peripheral microcontroller: does the board answer, does it
 * run our firmware, do the lights and buzzer switch, do the sensors read, is any button
 * stuck. Works against a real board or the simavr rig (its portPath).
 */
import type { DeviceHealth } from '../drivers/core/device.js';
import { errorMessage } from '../drivers/core/errors.js';
import { createLogger, type Logger } from '../drivers/core/logger.js';
import { createMcuDevice, type McuDevice, type McuOptions } from '../drivers/mcu/index.js';

export interface McuCheckOptions
  extends Pick<McuOptions, 'port' | 'baudRate' | 'lights' | 'buzzer' | 'buttons' | 'sensors'> {
  port: string;
  logger?: Logger;
  /** How long the board and each sensor get to answer. Default 5000 ms. */
  timeoutMs?: number;
  /** Firmware the board should run. Default 'kiosk-firmata'. */
  expectFirmware?: string;
  /** How long each light and the buzzer stay on. Default 300 ms. */
  pulseMs?: number;
}

export interface McuCheckStep {
  name: string;
  ok: boolean;
  detail: string;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await pause(20);
  }
  return true;
}

export async function checkMcu(
  options: McuCheckOptions,
): Promise<{ ok: boolean; steps: McuCheckStep[] }> {
  const { timeoutMs = 5000, expectFirmware = 'kiosk-firmata', pulseMs = 300 } = options;
  const steps: McuCheckStep[] = [];
  const step = (name: string, ok: boolean, detail: string) => steps.push({ name, ok, detail });
  const finish = () => ({ ok: steps.every((s) => s.ok), steps });

  let device: McuDevice;
  try {
    device = createMcuDevice({
      name: 'mcu-selftest',
      logger: options.logger ?? createLogger('selftest', { level: 'warn' }),
      backend: 'real',
      port: options.port,
      baudRate: options.baudRate,
      lights: options.lights,
      buzzer: options.buzzer,
      buttons: options.buttons,
      sensors: options.sensors,
      readyTimeoutMs: timeoutMs,
      // One attempt is enough here: the technician wants the answer, not a retry loop.
      backoff: { initialMs: 3_600_000, maxMs: 3_600_000 },
    });
  } catch (error) {
    step('options', false, errorMessage(error));
    return finish();
  }

  const analog = new Map<string, number>();
  device.events.on('analog', ({ name, value }) => analog.set(name, value));
  try {
    await device.start();
    const health = device.health();
    if (health.state !== 'ready') {
      step('board answers', false, health.lastError?.message ?? `state ${health.state}`);
      return finish();
    }
    step('board answers', true, `on ${options.port}`);
    checkFirmware(health, expectFirmware, step);

    for (const [name, pin] of Object.entries(options.lights ?? {})) {
      device.setLight(name, 'on');
      await pause(pulseMs);
      device.setLight(name, 'off');
      step(`light ${name} (${pin})`, true, `switched on for ${pulseMs} ms: check it lit`);
    }
    if (options.buzzer) {
      device.beep(pulseMs);
      await pause(pulseMs);
      step(`buzzer (${options.buzzer})`, true, `sounded for ${pulseMs} ms: check it was heard`);
    }

    for (const [name, sensor] of Object.entries(options.sensors ?? {})) {
      const read = await until(() => analog.has(name), timeoutMs);
      const detail = read ? `reads ${analog.get(name)} of 1023` : `no reading in ${timeoutMs} ms`;
      step(`sensor ${name} (${sensor.pin})`, read, detail);
    }
    for (const [name, button] of Object.entries(options.buttons ?? {})) {
      const states = () => device.health().detail.buttons as Record<string, boolean>;
      const known = await until(() => states()[name] !== undefined, timeoutMs);
      const pressed = states()[name] === true;
      const detail = !known
        ? `no report in ${timeoutMs} ms`
        : pressed
          ? 'reads pressed with nobody pressing: stuck or wired the wrong way round'
          : 'released';
      step(`button ${name} (${button.pin})`, known && !pressed, detail);
    }
  } catch (error) {
    step('self-test', false, errorMessage(error));
  } finally {
    await device.stop();
  }
  return finish();
}

function checkFirmware(
  health: DeviceHealth,
  expected: string,
  step: (name: string, ok: boolean, detail: string) => void,
): void {
  const { name, version, protocol } = health.detail as Record<string, string>;
  const detail = `${name} ${version} (Firmata ${protocol})`;
  const ok = name === expected;
  step('firmware', ok, ok ? detail : `${detail}; expected ${expected}`);
}
