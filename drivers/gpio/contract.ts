/**
 * The GPIO contract: one suite, run against the simulated back-end and against the real
 * one (onoff on the sysfs-shaped rig). A harness sets electrical levels and sysfs state
 * the way a board would; the suite only talks to the device through its interface.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createMemoryLogger } from '../core/logger.js';
import type { DeviceState } from '../core/device.js';
import { createGpio } from './index.js';
import type { HeldErrno } from './simulator.js';
import type { GpioDevice, GpioEvents, GpioOptions } from './api.js';
import type { ChipInfo, PinConfig } from './types.js';

export interface GpioHarness {
  /** Options the back-end needs beside the pins (backend kind, simulator instance). */
  options: Pick<GpioOptions, 'backend'> & Partial<GpioOptions>;
  /** Sets electrical levels in one batch, as fast as the harness can. */
  setLevels(levels: Array<[gpio: number, high: boolean]>): void;
  /** Sets one line through `levels`, each change handled by the driver before the next. */
  bounce(gpio: number, levels: boolean[]): Promise<void>;
  line(gpio: number): { exported: boolean; direction: 'in' | 'out'; high: boolean };
  leaveExported(gpio: number, direction: 'in' | 'out', high: boolean): void;
  holdByKernel(gpio: number, code: HeldErrno): void;
  exported(): number[];
  exportLog(): string[];
  /** The GPIO interface stops answering (file system server gone). */
  disconnect(): Promise<void>;
  /** It answers again, with the same chips. */
  reconnect(): Promise<void>;
  close(): Promise<void>;
}

export const BCM2711: ChipInfo = { label: 'pinctrl-bcm2711', base: 512, ngpio: 58 };
export const RP1: ChipInfo = { label: 'pinctrl-rp1', base: 571, ngpio: 54 };

/** A cell terminal's wiring on the 40-pin header. */
export function cellPins(chip: string): Record<string, PinConfig> {
  return {
    callButton: { chip, line: 27, direction: 'in', activeLow: true, debounceMs: 20 },
    tamperSwitch: { chip, line: 4, direction: 'in' },
    doorContact: { chip, line: 17, direction: 'in', activeLow: true },
    ledGreen: { chip, line: 22, direction: 'out' },
    relay: { chip, line: 23, direction: 'out', activeLow: true },
  };
}

const WAIT_MS = 10_000;

export function waitForEvent<K extends keyof GpioEvents>(
  device: GpioDevice,
  event: K,
  match: (payload: GpioEvents[K]) => boolean = () => true,
): Promise<GpioEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching '${String(event)}' event within ${WAIT_MS} ms`));
    }, WAIT_MS);
    const off = device.events.on(event, (payload) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

export function waitForState(device: GpioDevice, state: DeviceState): Promise<unknown> {
  if (device.health().state === state) return Promise.resolve();
  return waitForEvent(device, 'state', (change) => change.state === state);
}

export type HarnessFactory = (chips: ChipInfo[]) => Promise<GpioHarness>;

interface Context {
  harness: GpioHarness | null;
  device: GpioDevice | null;
}

export function gpioContract(label: string, makeHarness: HarnessFactory) {
  const test = suite<Context>(`gpio contract (${label})`, { harness: null, device: null });

  test.after.each(async (context) => {
    await context.device?.stop();
    await context.harness?.close();
    context.device = null;
    context.harness = null;
  });

  /** Makes the harness, lets `prepare` set the board up, then starts a device on it. */
  async function boot(
    context: Context,
    chips: ChipInfo[],
    pins: Record<string, PinConfig>,
    prepare: (harness: GpioHarness) => void = () => {},
    extra: Partial<GpioOptions> = {},
    beforeStart: (device: GpioDevice) => void = () => {},
  ): Promise<GpioDevice> {
    const harness = await makeHarness(chips);
    context.harness = harness;
    prepare(harness);
    const logger = createMemoryLogger('gpio');
    const backoff = { initialMs: 20, maxMs: 200 };
    const checkIntervalMs = 0; // edges must come from interrupts, not from the periodic check
    const device = createGpio({
      name: 'cell-io',
      logger,
      pins,
      backoff,
      checkIntervalMs,
      ...harness.options,
      ...extra,
    });
    context.device = device;
    beforeStart(device);
    await device.start();
    return device;
  }

  const restLevels = (harness: GpioHarness) => harness.setLevels([[539, true], [529, true]]);

  test('header line 27 is gpio539 on pinctrl-bcm2711 at base 512', async (context) => {
    const device = await boot(context, [BCM2711], cellPins(BCM2711.label), restLevels);
    assert.is(device.health().state, 'ready');
    const pins = device.health().detail.pins as Record<string, { gpio: number; status: string }>;
    assert.is(pins.callButton?.gpio, 539);
    assert.is(pins.callButton?.status, 'claimed');
    assert.equal(context.harness!.exported(), [516, 529, 534, 535, 539]);
  });

  test('header line 27 is gpio598 on pinctrl-rp1 at base 571', async (context) => {
    const pins: Record<string, PinConfig> = {
      callButton: { chip: RP1.label, line: 27, direction: 'in' },
    };
    const device = await boot(context, [BCM2711, RP1], pins);
    assert.is(device.health().state, 'ready');
    assert.equal(context.harness!.exported(), [598]);
  });

  test('an active-low input reports a press and a release as logical values', async (context) => {
    const device = await boot(context, [BCM2711], cellPins(BCM2711.label), restLevels);
    const pressed = waitForEvent(device, 'input', (e) => e.pin === 'doorContact');
    context.harness!.setLevels([[529, false]]);
    const event = await pressed;
    assert.is(event.value, true);
    assert.ok(!Number.isNaN(Date.parse(event.at)), 'event time is an ISO time');

    const released = waitForEvent(device, 'input', (e) => e.pin === 'doorContact');
    context.harness!.setLevels([[529, true]]);
    assert.is((await released).value, false);
    assert.is(await device.read('doorContact'), false);
  });

  test('a bouncing button gives few events, the last one its final level', async (context) => {
    const pins = cellPins(BCM2711.label);
    // Long enough that no gap between two handled bounces on a busy machine reaches it.
    pins.callButton = { ...pins.callButton!, debounceMs: 250 };
    const device = await boot(context, [BCM2711], pins, restLevels);
    const seen: boolean[] = [];
    device.events.on('input', (e) => e.pin === 'callButton' && seen.push(e.value));
    const burst = (endHigh: boolean) =>
      Array.from({ length: 25 }, (_, i) => (i % 2 === 0) === endHigh);

    const pressed = waitForEvent(device, 'input', (e) => e.pin === 'callButton' && e.value);
    await context.harness!.bounce(539, burst(false));
    await pressed;
    const released = waitForEvent(device, 'input', (e) => e.pin === 'callButton' && !e.value);
    await context.harness!.bounce(539, burst(true));
    await released;

    const why = `two bursts of 25 handled interrupts gave ${seen.length} events: ${seen}`;
    assert.ok(seen.length <= 4, why);
    assert.is(seen[0], true);
    assert.is(seen.at(-1), false);
  });

  test('outputs take logical levels; an active-low relay is low when on', async (context) => {
    const device = await boot(context, [BCM2711], cellPins(BCM2711.label), restLevels);
    const harness = context.harness!;
    const output = (high: boolean) => ({ exported: true, direction: 'out', high });
    assert.equal(harness.line(534), output(false), 'LED starts off');
    assert.equal(harness.line(535), output(true), 'relay starts off (high)');

    await device.write('ledGreen', true);
    await device.write('relay', true);
    assert.is(harness.line(534).high, true);
    assert.is(harness.line(535).high, false);
    assert.is(await device.read('relay'), true);
  });

  test('writing an input or an unknown pin is a typed error and harms nothing', async (context) => {
    const device = await boot(context, [BCM2711], cellPins(BCM2711.label), restLevels);
    const input = await device.write('callButton', true).catch((error: unknown) => error);
    assert.is((input as { code?: string }).code, 'not-an-output');
    assert.match((input as Error).message, /callButton/);
    const unknown = await device.write('siren', true).catch((error: unknown) => error);
    assert.is((unknown as { code?: string }).code, 'unknown-pin');
    assert.match((unknown as Error).message, /siren/);
    assert.is(device.health().state, 'ready');
  });

  test('a pin left exported by a crashed run is adopted and set up again', async (context) => {
    const device = await boot(context, [BCM2711], cellPins(BCM2711.label), (harness) => {
      restLevels(harness);
      harness.leaveExported(539, 'out', true);
    });
    assert.is(device.health().state, 'ready');
    const pins = device.health().detail.pins as Record<string, { status: string }>;
    assert.is(pins.callButton?.status, 'adopted');
    const answers = context.harness!.exportLog();
    assert.ok(answers.includes('export 539 EBUSY'), answers.join(', '));
    assert.is(context.harness!.line(539).direction, 'in');

    const pressed = waitForEvent(device, 'input', (e) => e.pin === 'callButton' && e.value);
    context.harness!.setLevels([[539, false]]);
    await pressed;
  });

  test('a pin a kernel driver holds is reported by name; the other pins work', async (context) => {
    const errors: GpioEvents['pinError'][] = [];
    const device = await boot(context, [BCM2711], cellPins(BCM2711.label), (harness) => {
      restLevels(harness);
      harness.holdByKernel(516, 'EBUSY');
      harness.holdByKernel(534, 'EPERM');
    }, {}, (device) => device.events.on('pinError', (error) => errors.push(error)));
    assert.is(device.health().state, 'ready');
    const pins = device.health().detail.pins as Record<string, { status: string }>;
    assert.is(pins.tamperSwitch?.status, 'held');
    assert.is(pins.ledGreen?.status, 'held');
    assert.match(device.health().lastError?.message ?? '', /kernel driver/);

    const read = await device.read('tamperSwitch').catch((error: unknown) => error);
    assert.is((read as { code?: string }).code, 'pin-held');
    assert.match((read as Error).message, /pin 'tamperSwitch'.*gpio516.*EBUSY/);
    const write = await device.write('ledGreen', true).catch((error: unknown) => error);
    assert.match((write as Error).message, /pin 'ledGreen'.*EPERM/);
    assert.equal(
      errors.map((error) => [error.pin, error.code]),
      [
        ['tamperSwitch', 'pin-held'],
        ['ledGreen', 'pin-held'],
      ],
    );

    const pressed = waitForEvent(device, 'input', (e) => e.pin === 'doorContact' && e.value);
    context.harness!.setLevels([[529, false]]);
    await pressed;
  });

  test('stop unexports every pin, adopted ones included', async (context) => {
    const device = await boot(context, [BCM2711], cellPins(BCM2711.label), (harness) => {
      harness.leaveExported(516, 'in', false);
    });
    assert.is(context.harness!.exported().length, 5);
    await device.stop();
    assert.is(device.health().state, 'stopped');
    assert.equal(context.harness!.exported(), []);
  });

  test('a missing chip keeps the device in back-off with an error naming it', async (context) => {
    const device = await boot(context, [RP1], cellPins(BCM2711.label));
    await waitForState(device, 'backoff');
    const error = device.health().lastError;
    assert.is(error?.code, 'pin-unresolved');
    assert.match(error?.message ?? '', /wants chip 'pinctrl-bcm2711'.*pinctrl-rp1 at base 571/);
    assert.equal(context.harness!.exported(), []);
  });

  test('the device comes back after the GPIO interface goes away', async (context) => {
    const pins = cellPins(BCM2711.label);
    const device = await boot(context, [BCM2711], pins, restLevels, { checkIntervalMs: 50 });
    assert.is(device.health().state, 'ready');
    const lost = waitForState(device, 'lost');
    await context.harness!.disconnect();
    await lost;

    const ready = waitForState(device, 'ready');
    await context.harness!.reconnect();
    await ready;
    const tampered = waitForEvent(device, 'input', (e) => e.pin === 'tamperSwitch' && e.value);
    context.harness!.setLevels([[516, true]]);
    await tampered;
  });

  return test;
}
