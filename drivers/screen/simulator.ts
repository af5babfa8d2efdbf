/**
 * An in-memory screen: a backlight with the sysfs values and a touch panel that emits
 * real input_event bytes, so the simulated back-end runs the same decoder as the real
 * one. Tests and the demo drive it: touch, unplug and plug the panel, remove the
 * backlight.
 */
import { DeviceLostError } from '../core/errors.js';
import { BacklightMissingError, TouchMissingError } from './errors.js';
import {
  ABS_MT_POSITION_X,
  ABS_MT_POSITION_Y,
  ABS_MT_TRACKING_ID,
  BTN_TOUCH,
  EV_ABS,
  EV_KEY,
  EV_SYN,
  SYN_REPORT,
  encodeInputEvent,
  nativeRecordSize,
  type RecordSize,
} from './input-event.js';
import type { BacklightPort, TouchPort, TouchSink } from './ports.js';

export interface SimulatedBacklightState {
  present: boolean;
  maxBrightness: number;
  brightness: number;
  actualBrightness: number;
  blPower: number;
}

export class ScreenSimulator {
  readonly backlight: SimulatedBacklightState = {
    present: true,
    maxBrightness: 255,
    brightness: 255,
    actualBrightness: 255,
    blPower: 0,
  };
  touchPresent = true;
  touchName = 'Simulated touch panel';
  #sink: TouchSink | null = null;
  #trackingId = 0;

  constructor(readonly recordSize: RecordSize = nativeRecordSize()) {}

  /** A finger down at (x, y) and up again, as a multi-touch panel reports it. */
  touch(x: number, y: number): void {
    const id = this.#trackingId++;
    this.sendRecords([
      [EV_ABS, ABS_MT_TRACKING_ID, id],
      [EV_ABS, ABS_MT_POSITION_X, x],
      [EV_ABS, ABS_MT_POSITION_Y, y],
      [EV_KEY, BTN_TOUCH, 1],
      [EV_SYN, SYN_REPORT, 0],
      [EV_ABS, ABS_MT_TRACKING_ID, -1],
      [EV_KEY, BTN_TOUCH, 0],
      [EV_SYN, SYN_REPORT, 0],
    ]);
  }

  sendRecords(records: [type: number, code: number, value: number][]): void {
    const now = Date.now();
    const sec = Math.floor(now / 1000);
    const usec = (now % 1000) * 1000;
    const bytes = records.map(([type, code, value]) =>
      encodeInputEvent({ sec, usec, type, code, value }, this.recordSize),
    );
    this.sendBytes(Buffer.concat(bytes));
  }

  /** Raw bytes as a read would return them; dropped while nobody has the panel open. */
  sendBytes(bytes: Buffer): void {
    this.#sink?.data(bytes);
  }

  unplugTouch(): void {
    this.touchPresent = false;
    const sink = this.#sink;
    this.#sink = null;
    sink?.lost(new DeviceLostError(this.touchName, 'simulated panel unplugged'));
  }

  plugTouch(): void {
    this.touchPresent = true;
  }

  removeBacklight(): void {
    this.backlight.present = false;
  }

  restoreBacklight(): void {
    this.backlight.present = true;
  }

  backlightPort(label: string): BacklightPort {
    const state = this.backlight;
    const need = (what: string): void => {
      if (!state.present) {
        throw new BacklightMissingError(label, `simulated backlight is gone (${what})`);
      }
    };
    return {
      open: async () => {
        need('open');
        const path = 'memory:sim_backlight';
        return { device: 'sim_backlight', path, maxBrightness: state.maxBrightness };
      },
      setBrightness: async (level) => {
        need(`write brightness ${level}`);
        state.brightness = level;
        state.actualBrightness = level;
      },
      setPower: async (on) => {
        need(`write bl_power ${on ? 0 : 4}`);
        state.blPower = on ? 0 : 4;
      },
      readActual: async () => {
        need('read actual_brightness');
        return state.actualBrightness;
      },
      close: async () => undefined,
    };
  }

  touchPort(label: string): TouchPort {
    return {
      open: async (sink) => {
        if (!this.touchPresent) {
          throw new TouchMissingError(label, 'simulated touch panel is unplugged');
        }
        this.#sink = sink;
        return { name: this.touchName, eventPath: 'memory:event0' };
      },
      close: async () => {
        this.#sink = null;
      },
    };
  }
}
