/**
 * An in-process peripheral board for the simulated back-end: an Uno-shaped ATmega328P
 * running the same Firmata subset as provisioning/firmware/kiosk-firmata.cpp, spoken in
 * real Firmata bytes through a ByteLink. Like the firmware it answers only when asked.
 *
 * Besides the wire it has the controls a demo or a test needs: drive an input pin, set an
 * analog value, watch output pins, go silent, be unplugged, or send raw bytes.
 */
import { DeviceLostError, DriverError } from '../core/errors.js';
import { TypedEmitter, type EventMap } from '../core/typed-emitter.js';
import { FirmataFramer, HOST_TO_BOARD } from './firmata-framer.js';
import { boardReply, type BoardModel } from './emulator-replies.js';
import type { ByteLink } from './link.js';

export interface EmulatorEvents extends EventMap {
  /** An output pin the host drives changed level. */
  output: { pin: number; level: 0 | 1 };
}

const MODE = { input: 0, output: 1, analog: 2, pwm: 3, pullup: 11 } as const;

interface Connection {
  data: ((bytes: Uint8Array) => void) | null;
  close: ((reason: Error) => void) | null;
}

export class FirmataEmulator {
  readonly events = new TypedEmitter<EmulatorEvents>();
  readonly model: BoardModel = {
    pins: 20,
    firstAnalogPin: 14,
    pwmPins: [3, 5, 6, 9, 10, 11],
    firmwareName: 'kiosk-firmata',
    modes: [],
    outputs: [],
  };
  readonly #driven: (0 | 1 | undefined)[] = [];
  readonly #analog: number[] = [0, 0, 0, 0, 0, 0];
  readonly #reportPorts = new Set<number>();
  readonly #lastPorts = new Map<number, number>();
  readonly #reportAnalog = new Set<number>();
  #samplingMs = 19;
  #timer: NodeJS.Timeout | null = null;
  #connection: Connection | null = null;
  #silent = false;
  #unplugged = false;

  constructor() {
    this.#reset();
  }

  /** Opens the board's serial line; one host at a time, as on a real port. */
  connect(device: string): ByteLink {
    if (this.#unplugged) throw new DriverError('open-failed', `${device}: board unplugged`, device);
    if (this.#connection) throw new DriverError('open-failed', `${device}: port busy`, device);

    const connection: Connection = { data: null, close: null };
    this.#connection = connection;
    const framer = new FirmataFramer(HOST_TO_BOARD, (m) => this.#handle(m), () => {});
    this.#schedule();

    return {
      path: 'emulator',
      write: (bytes) => {
        if (this.#connection === connection && !this.#silent) framer.push(bytes);
      },
      onData: (listener) => (connection.data = listener),
      onClose: (listener) => (connection.close = listener),
      close: async () => this.#drop(connection),
    };
  }

  /** Drives an input pin from outside (a button); reported when its port is reported. */
  setInput(pin: number, level: 0 | 1): void {
    this.#driven[pin] = level;
    this.#reportDigital(false);
  }

  /** Sets the raw 10-bit reading of an analog channel. */
  setAnalog(channel: number, raw: number): void {
    this.#analog[channel] = Math.max(0, Math.min(1023, Math.round(raw)));
  }

  outputLevel(pin: number): 0 | 1 | null {
    const mode = this.model.modes[pin];
    if (mode !== MODE.output && mode !== MODE.pwm) return null;
    return this.model.outputs[pin] === 1 ? 1 : 0;
  }

  /** A silent board keeps its port open but neither hears nor says anything. */
  setSilent(silent: boolean): void {
    this.#silent = silent;
  }

  /** Pulls the cable: the open link closes and new connections fail until `plug()`. */
  unplug(): void {
    this.#unplugged = true;
    const connection = this.#connection;
    if (!connection) return;
    this.#drop(connection);
    connection.close?.(new DeviceLostError('emulator', 'board unplugged'));
  }

  plug(): void {
    this.#unplugged = false;
  }

  /** Sends raw bytes to the host as they are, for fault tests. */
  inject(bytes: Uint8Array): void {
    this.#send(bytes);
  }

  #drop(connection: Connection): void {
    if (this.#connection !== connection) return;
    this.#connection = null;
    this.#schedule();
  }

  #send(bytes: Uint8Array | number[]): void {
    const connection = this.#connection;
    if (!connection || this.#silent || bytes.length === 0) return;
    const copy = Uint8Array.from(bytes);
    // Answer on a later turn, as a board behind a serial line does.
    setImmediate(() => {
      if (this.#connection === connection) connection.data?.(copy);
    });
  }

  #handle(message: Uint8Array): void {
    const [first = 0, a = 0, b = 0] = message;
    const command = first < 0xf0 ? first & 0xf0 : first;
    const channel = first & 0x0f;

    if (command === 0x90) this.#writePort(channel, a | (b << 7));
    else if (command === 0xe0) this.#writePwm(channel, a | (b << 7));
    else if (command === 0xf5) this.#writePin(a, b);
    else if (command === 0xf4) this.#setMode(a, b);
    else if (command === 0xc0) this.#setAnalogReport(channel, a !== 0);
    else if (command === 0xd0) this.#setPortReport(channel, a !== 0);
    else if (command === 0xff) this.#reset();
    else if (command === 0xf0 && message[1] === 0x7a) {
      this.#samplingMs = Math.max(10, (message[2] ?? 0) | ((message[3] ?? 0) << 7));
      this.#schedule();
    } else this.#send(boardReply(this.model, message));
  }

  #setMode(pin: number, mode: number): void {
    const { model } = this;
    if (pin < 2 || pin >= model.pins) return;
    if (mode === MODE.analog && pin < model.firstAnalogPin) return;
    if (mode === MODE.pwm && !model.pwmPins.includes(pin)) return;
    if (!Object.values(MODE).includes(mode as never)) return;
    model.modes[pin] = mode;
    // As on the chip: an output keeps its latch, an input's latch is its pull-up.
    if (mode === MODE.pullup) model.outputs[pin] = 1;
    else if (mode === MODE.input || mode === MODE.analog) model.outputs[pin] = 0;
  }

  #writePwm(pin: number, value: number): void {
    if (this.model.modes[pin] !== MODE.pwm) return;
    this.#changeOutput(pin, value > 0 ? 1 : 0);
  }

  #changeOutput(pin: number, level: 0 | 1): void {
    if (this.model.outputs[pin] === level) return;
    this.model.outputs[pin] = level;
    this.events.emit('output', { pin, level });
  }

  #writePort(port: number, value: number): void {
    for (let bit = 0; bit < 8; bit += 1) this.#writePin(port * 8 + bit, (value >> bit) & 1);
  }

  #writePin(pin: number, value: number): void {
    const { modes, outputs } = this.model;
    if (pin < 2 || pin >= this.model.pins) return;
    const level = value ? 1 : 0;
    // Writing HIGH to an input turns its pull-up on, as on the real chip.
    if (modes[pin] === MODE.input) outputs[pin] = level;
    if (modes[pin] === MODE.output) this.#changeOutput(pin, level);
  }

  #setPortReport(port: number, on: boolean): void {
    if (on) this.#reportPorts.add(port);
    else this.#reportPorts.delete(port);
    if (on) this.#reportDigital(true);
  }

  #setAnalogReport(channel: number, on: boolean): void {
    if (on && channel < this.#analog.length) this.#reportAnalog.add(channel);
    else this.#reportAnalog.delete(channel);
    this.#schedule();
  }

  #readPort(port: number): number {
    let value = 0;
    for (let bit = 0; bit < 8; bit += 1) {
      const pin = port * 8 + bit;
      const mode = this.model.modes[pin];
      if (mode !== MODE.input && mode !== MODE.pullup) continue;
      const pulledUp = mode === MODE.pullup || this.model.outputs[pin] === 1;
      if ((this.#driven[pin] ?? (pulledUp ? 1 : 0)) === 1) value |= 1 << bit;
    }
    return value;
  }

  #reportDigital(force: boolean): void {
    for (const port of this.#reportPorts) {
      const value = this.#readPort(port);
      if (!force && this.#lastPorts.get(port) === value) continue;
      this.#lastPorts.set(port, value);
      this.#send([0x90 | port, value & 0x7f, value >> 7]);
    }
  }

  #schedule(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    if (!this.#connection || this.#reportAnalog.size === 0) return;
    this.#timer = setInterval(() => {
      for (const channel of this.#reportAnalog) {
        const value = this.#analog[channel] ?? 0;
        this.#send([0xe0 | channel, value & 0x7f, value >> 7]);
      }
    }, this.#samplingMs);
    this.#timer.unref();
  }

  #reset(): void {
    const { model } = this;
    for (let pin = 2; pin < model.pins; pin += 1) {
      this.#setMode(pin, pin >= model.firstAnalogPin ? MODE.analog : MODE.input);
    }
    this.#reportPorts.clear();
    this.#lastPorts.clear();
    this.#reportAnalog.clear();
    this.#samplingMs = 19;
    this.#schedule();
  }
}
