/**
 * The contract every back-end of the MCU driver keeps, written once and run against the
 * in-process emulator (drivers/mcu/mcu-simulated.test.ts) and the real back-end on the
 * simavr board rig (hardware-tests/mcu/mcu-rig.test.ts).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { DeviceState } from '../core/device.js';
import { DriverError } from '../core/errors.js';
import { createMemoryLogger } from '../core/logger.js';
import { createMcuDevice, type McuDevice, type McuEvents, type McuOptions } from './index.js';

/** A board under test and the hands that work its pins from outside. */
export interface McuTarget {
  /** Back-end fields for createMcuDevice: backend plus port or emulator. */
  deviceOptions: Pick<McuOptions, 'backend' | 'port' | 'emulator'>;
  /** Drives an input pin (board numbering, D2 = 2, A0 = 14). */
  drivePin(pin: number, level: 0 | 1): Promise<void>;
  /** Puts a fraction (0–1) of full scale on an analog channel. */
  setAnalogFraction(channel: number, fraction: number): Promise<void>;
  /** Resolves once the output pin is at `level`; rejects after a generous timeout. */
  waitForOutput(pin: number, level: 0 | 1): Promise<void>;
  /** The board stops answering but its port stays open. */
  silence(): Promise<void>;
  revive(): Promise<void>;
  /** The board goes away (port gone) and comes back. */
  unplug(): Promise<void>;
  replug(): Promise<void>;
  close(): Promise<void>;
}

const WAIT_MS = 10_000;

const WIRING = {
  lights: { red: 'D5', green: 'D7' },
  buzzer: 'D8',
  buttons: { call: { pin: 'D2' }, door: { pin: 'D4', activeLow: true } },
  sensors: { light: { pin: 'A0', threshold: 4, intervalMs: 50 } },
  heartbeatMs: 200,
  silenceMs: 800,
  readyTimeoutMs: 2000,
  backoff: { initialMs: 100, maxMs: 400 },
} satisfies Partial<McuOptions>;

function waitForEvent<K extends keyof McuEvents>(
  device: McuDevice,
  event: K,
  match: (payload: McuEvents[K]) => boolean,
  what: string,
): Promise<McuEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${what} within ${WAIT_MS} ms`));
    }, WAIT_MS);
    const off = device.events.on(event, (payload) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

function waitForState(device: McuDevice, state: DeviceState): Promise<unknown> {
  return waitForEvent(device, 'state', (event) => event.state === state, `state '${state}'`);
}

export function runMcuContract(label: string, makeTarget: () => Promise<McuTarget>): void {
  const test = suite(`mcu contract (${label})`);
  let target: McuTarget | null = null;
  let device: McuDevice | null = null;

  const start = async (): Promise<{ device: McuDevice; target: McuTarget }> => {
    target = await makeTarget();
    const logger = createMemoryLogger('mcu-contract');
    device = createMcuDevice({ name: 'tower', logger, ...WIRING, ...target.deviceOptions });
    await device.start();
    return { device, target };
  };

  test.after.each(async () => {
    await device?.stop();
    await target?.close();
    device = null;
    target = null;
  });

  test('a board that speaks only when asked reaches ready and names its firmware', async () => {
    const sigintListeners = process.listenerCount('SIGINT');
    const { device } = await start();
    // johnny-five's REPL and its SIGINT handler (which exits the process) stay off.
    assert.is(process.listenerCount('SIGINT'), sigintListeners);
    const health = device.health();
    assert.is(health.state, 'ready');
    assert.is(health.detail.name, 'kiosk-firmata');
    assert.is(health.detail.protocol, '2.5');
    assert.ok(Date.now() - Date.parse(health.lastSuccessAt ?? '') < 60_000, 'no recent success');
    assert.equal(device.capabilities, ['lights', 'buzzer', 'buttons', 'analog']);
  });

  test('a button press and release arrive as events under its logical name', async () => {
    const { device, target } = await start();
    const pressed = waitForEvent(device, 'button', (e) => e.name === 'call' && e.pressed, 'press');
    await target.drivePin(2, 1);
    const press = await pressed;
    assert.ok(!Number.isNaN(Date.parse(press.at)));

    const isRelease = (e: McuEvents['button']) => e.name === 'call' && !e.pressed;
    const released = waitForEvent(device, 'button', isRelease, 'release');
    await target.drivePin(2, 0);
    await released;
    assert.equal((device.health().detail.buttons as Record<string, boolean>).call, false);
  });

  test('an active-low button (pull-up) is pressed when its pin is pulled low', async () => {
    const { device, target } = await start();
    const pressed = waitForEvent(device, 'button', (e) => e.name === 'door', 'door event');
    await target.drivePin(4, 0);
    assert.is((await pressed).pressed, true);
  });

  test('lights and the buzzer show up as pin changes', async () => {
    const { device, target } = await start();
    device.setLight('red', 'on');
    device.setLight('green', 'on');
    await target.waitForOutput(5, 1);
    await target.waitForOutput(7, 1);
    device.setLight('red', 'off');
    await target.waitForOutput(5, 0);

    device.beep(150);
    await target.waitForOutput(8, 1);
    await target.waitForOutput(8, 0);
  });

  test('a blinking light toggles its pin', async () => {
    const { device, target } = await start();
    device.setLight('green', 'blink');
    await target.waitForOutput(7, 1);
    await target.waitForOutput(7, 0);
    await target.waitForOutput(7, 1);
  });

  test('an analog value arrives near the level applied', async () => {
    const { device, target } = await start();
    const near = (value: number) => Math.abs(value - 0.6 * 1023) <= 12;
    const isNear = (e: McuEvents['analog']) => e.name === 'light' && near(e.value);
    const arrived = waitForEvent(device, 'analog', isNear, 'a reading near 0.6 of full scale');
    await target.setAnalogFraction(0, 0.6);
    await arrived;
  });

  test('bad calls are typed errors naming the device and the value', async () => {
    const { device } = await start();
    const unknown = catchError(() => device.setLight('blue', 'on'));
    assert.ok(unknown instanceof DriverError);
    assert.is(unknown.code, 'unknown-output');
    assert.match(unknown.message, "tower: no light 'blue'");
    const beep = catchError(() => device.beep(-5));
    assert.is(beep?.code, 'bad-value');
    assert.is(device.health().state, 'ready');
  });

  test('a listener that throws does not stop later events', async () => {
    const { device, target } = await start();
    device.events.on('button', () => {
      throw new Error('listener bug');
    });
    const pressed = waitForEvent(device, 'button', (e) => e.pressed, 'press');
    await target.drivePin(2, 1);
    await pressed;
    await target.drivePin(2, 0);
  });

  test('a silent board is lost, retried with back-off, and recovered with its lights', async () => {
    const { device, target } = await start();
    device.setLight('red', 'on');
    await target.waitForOutput(5, 1);

    const lost = waitForState(device, 'lost');
    const backoff = waitForState(device, 'backoff');
    await target.silence();
    await lost;
    await backoff;
    // A retry while the board is still silent must fail and back off again.
    await waitForState(device, 'starting');
    await waitForState(device, 'backoff');
    assert.is(device.health().lastError?.code, 'timeout');

    // Changed while away: applied when the board is back.
    device.setLight('red', 'off');
    device.setLight('green', 'on');
    const ready = waitForState(device, 'ready');
    await target.revive();
    await ready;
    await target.waitForOutput(5, 0);
    await target.waitForOutput(7, 1);
  });

  test('an unplugged board is lost and found again after replugging', async () => {
    const { device, target } = await start();
    const lost = waitForState(device, 'lost');
    await target.unplug();
    await lost;
    await waitForState(device, 'backoff');

    const ready = waitForState(device, 'ready');
    await target.replug();
    await ready;
    const pressed = waitForEvent(device, 'button', (e) => e.name === 'call' && e.pressed, 'press');
    await target.drivePin(2, 1);
    await pressed;
    await target.drivePin(2, 0);
  });

  test.run();
}

function catchError(action: () => void): DriverError | null {
  try {
    action();
  } catch (error) {
    if (error instanceof DriverError) return error;
    throw error;
  }
  return null;
}
