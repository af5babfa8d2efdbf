/**
 * One open connection to the board: firmata-io on a checked transport, johnny-five on top,
 * and the lights, buzzer, buttons and sensors of the options as johnny-five components.
 *
 * A session never reopens anything. Whatever ends it (the link closing, a silent board,
 * no answer to the version query) is handed to `onLost` or rejects `start`, and the
 * driver's supervisor decides what happens next.
 */
import {
  DeviceLostError,
  DeviceTimeoutError,
  DriverError,
  errorMessage,
} from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import {
  loadFirmata,
  loadJohnnyFive,
  type FirmataIo,
  type J5Board,
  type J5Button,
  type J5Led,
  type J5Pin,
  type J5Sensor,
} from './firmata-lib.js';
import type { ByteLink } from './link.js';
import { parsePinLabel } from './options.js';
import type { ResolvedMcuOptions } from './resolved-options.js';
import { FirmataTransport, type TransportFault } from './transport.js';

export interface SessionHooks {
  onButton(name: string, pressed: boolean): void;
  onAnalog(name: string, value: number): void;
  onFault(fault: TransportFault): void;
  onLost(error: Error): void;
}

export type LightMode = 'on' | 'off' | 'blink';

const OUTPUT_MODE = 1;
const VERSION_AND_FIRMWARE_QUERY = Uint8Array.of(0xf9, 0xf0, 0x79, 0xf7);

export class BoardSession {
  readonly #transport: FirmataTransport;
  readonly #firmata: FirmataIo;
  readonly #board: J5Board;
  readonly #lights = new Map<string, J5Led>();
  readonly #sensors: J5Sensor[] = [];
  readonly #buttons: { component: J5Button; pin: number; releasedLevel: number }[] = [];
  #buzzer: J5Pin | null = null;
  #heartbeat: NodeJS.Timeout | null = null;
  #pendingStart: ((error: Error) => void) | null = null;
  #closed = false;

  constructor(
    private readonly options: ResolvedMcuOptions,
    private readonly link: ByteLink,
    private readonly hooks: SessionHooks,
    private readonly logger: Logger,
  ) {
    this.#transport = new FirmataTransport(link, hooks.onFault);
    link.onClose((reason) => this.#end(reason));

    // firmata-io would ask for the version only after this timeout; we ask at once,
    // because a board behind a pty or a DTR-less adapter is not reset and never announces.
    const Firmata = loadFirmata();
    this.#firmata = new Firmata(this.#transport, {
      reportVersionTimeout: options.readyTimeoutMs * 4,
      skipCapabilities: false,
    });
    this.#firmata.on('error', (error: Error) => this.#end(error));
    this.#transport.onHandlerError(() => (this.#firmata.buffer.length = 0));

    const five = loadJohnnyFive();
    this.#board = new five.Board({
      io: this.#firmata,
      repl: false,
      debug: false,
      sigint: false,
      timeout: options.readyTimeoutMs * 4,
    });
    // johnny-five reports its own problems as 'error' events, logs included.
    this.#board.on('error', (event: unknown) => {
      this.logger.debug('johnny-five error', { detail: describe(event) });
    });
  }

  /** Asks the board who it is and waits until johnny-five is ready, then wires components. */
  async start(): Promise<void> {
    const { name, readyTimeoutMs } = this.options;
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        const what = `version and capability queries on ${this.link.path}`;
        reject(new DeviceTimeoutError(name, what, readyTimeoutMs));
      }, readyTimeoutMs);
      this.#pendingStart = (error) => {
        clearTimeout(timer);
        reject(error);
      };
      this.#board.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });

    this.#transport.announceOpen();
    this.#firmata.reportVersion(() => {});
    this.#firmata.queryFirmware(() => {});

    // Ask again until it answers: a USB board reset by the port opening spends its first
    // second or two in the bootloader and drops what it hears meanwhile.
    const again = setInterval(() => {
      if (this.#transport.lastInboundAt === 0) this.link.write(VERSION_AND_FIRMWARE_QUERY);
    }, Math.max(100, Math.floor(readyTimeoutMs / 8)));
    try {
      await ready;
    } finally {
      clearInterval(again);
      this.#pendingStart = null;
    }
    if (this.#closed) throw new DeviceLostError(name, `session on ${this.link.path} closed`);

    this.#wireComponents();
    this.#startHeartbeat();
  }

  /** Time of the last byte from the board (ms since epoch), 0 before the first. */
  get lastInboundAt(): number {
    return this.#transport.lastInboundAt;
  }

  get firmware(): { name: string; version: string; protocol: string } {
    const { firmware, version } = this.#firmata;
    return {
      name: firmware.name ?? 'unknown',
      version: `${firmware.version?.major ?? '?'}.${firmware.version?.minor ?? '?'}`,
      protocol: `${version.major ?? '?'}.${version.minor ?? '?'}`,
    };
  }

  setLight(name: string, mode: LightMode, blinkMs: number): void {
    const led = this.#lights.get(name);
    if (!led) return;
    led.stop();
    if (mode === 'on') led.on();
    else if (mode === 'off') led.off();
    else led.blink(blinkMs);
  }

  setBuzzer(on: boolean): void {
    if (on) this.#buzzer?.high();
    else this.#buzzer?.low();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#pendingStart?.(new DeviceLostError(this.options.name, 'closed while starting'));
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    for (const led of this.#lights.values()) led.stop();
    for (const sensor of this.#sensors) sensor.disable();

    // A button held down keeps a johnny-five hold timer running; feed it a release so the
    // timer stops with the session instead of ticking forever on a dead board.
    for (const { component, pin, releasedLevel } of this.#buttons) {
      if (component.isDown) this.#firmata.emit(`digital-read-${pin}`, releasedLevel);
    }
    // Bytes still in flight must not reach the components (a late press would start that
    // timer again); firmata-io keeps one quiet 'error' listener so nothing can throw.
    this.#firmata.removeAllListeners();
    this.#firmata.on('error', () => {});
    clearTimeout(this.#firmata.reportVersionTimeoutId);
    clearTimeout((this.#board as J5Board & { timer?: NodeJS.Timeout }).timer);

    // johnny-five keeps every board in a module-level list; leave it and it never frees.
    const cache = loadJohnnyFive().Board.cache;
    const index = cache.indexOf(this.#board);
    if (index >= 0) cache.splice(index, 1);

    await this.link.close();
  }

  #end(reason: Error): void {
    if (this.#closed) return;
    if (this.#pendingStart) {
      this.#pendingStart(reason);
      return;
    }
    this.hooks.onLost(reason);
  }

  /** The board's pin number for a label, checked against what the board reported. */
  #pinNumber(label: string, use: string): number {
    const pin = parsePinLabel(label);
    const { analogPins, pins } = this.#firmata;
    const number = pin?.kind === 'analog' ? analogPins[pin.index] : pin?.index;
    if (number === undefined || !pins[number] || pins[number].supportedModes.length === 0) {
      const { name } = this.options;
      const what = `${use} is on ${label}, which this board does not offer`;
      throw new DriverError('config', `${name}: ${what} (it reports ${pins.length} pins)`, name);
    }
    return number;
  }

  #wireComponents(): void {
    const five = loadJohnnyFive();
    const board = this.#board;
    const { lights, buzzer, buttons, sensors } = this.options;

    for (const [name, label] of Object.entries(lights)) {
      const pin = this.#pinNumber(label, `light ${name}`);
      this.#lights.set(name, new five.Led({ board, pin }));
    }
    if (buzzer) {
      const pin = this.#pinNumber(buzzer, 'the buzzer');
      this.#buzzer = new five.Pin({ board, pin, type: 'digital', mode: OUTPUT_MODE });
      this.#buzzer.low();
    }

    for (const [name, button] of Object.entries(buttons)) {
      const pin = this.#pinNumber(button.pin, `button ${name}`);
      const component = new five.Button({ board, pin, isPullup: button.activeLow });
      component.on('down', () => this.hooks.onButton(name, true));
      component.on('up', () => this.hooks.onButton(name, false));
      // johnny-five stays quiet about a button that is released at start; the board's
      // first report still tells us its state.
      const pressedLevel = button.activeLow ? 0 : 1;
      this.#firmata.once(`digital-read-${pin}`, (level: number) => {
        if (!this.#closed) this.hooks.onButton(name, level === pressedLevel);
      });
      this.#buttons.push({ component, pin, releasedLevel: button.activeLow ? 1 : 0 });
    }

    for (const [name, sensor] of Object.entries(sensors)) {
      this.#pinNumber(sensor.pin, `sensor ${name}`);
      const component = new five.Sensor({
        board,
        pin: sensor.pin,
        freq: sensor.intervalMs,
        threshold: sensor.threshold,
      });
      component.on('change', (value: number) => this.hooks.onAnalog(name, value));
      this.#sensors.push(component);
    }
  }

  // A board that stops talking keeps its port open: only silence tells us it is gone.
  #startHeartbeat(): void {
    const { heartbeatMs, silenceMs, name } = this.options;
    this.#heartbeat = setInterval(() => {
      const quietFor = Date.now() - this.#transport.lastInboundAt;
      if (quietFor > silenceMs) {
        const detail = `board on ${this.link.path} silent for ${quietFor} ms`;
        this.#end(new DeviceLostError(name, detail));
        return;
      }
      if (quietFor >= heartbeatMs) this.link.write(Uint8Array.of(0xf9));
    }, heartbeatMs);
    this.#heartbeat.unref();
  }
}

function describe(event: unknown): string {
  if (event instanceof Error) return event.message;
  const message = (event as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : errorMessage(event);
}
