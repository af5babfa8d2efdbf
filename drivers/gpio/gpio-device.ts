/**
 * The GPIO device: claims every configured pin at start, reports input changes as typed
 * events, writes outputs, and releases every pin on stop. All failures go through one
 * DeviceSupervisor; a pin a kernel driver holds is reported by name while the other
 * pins keep working, so a misrouted LED never silences the call button.
 */
import type { DeviceHealth, DeviceState } from '../core/device.js';
import { DeviceSupervisor } from '../core/supervisor.js';
import { TypedEmitter } from '../core/typed-emitter.js';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { GpioBackend, PinLine } from './backend.js';
import { resolvePins } from './chips.js';
import {
  GpioNotReadyError,
  NotAnOutputError,
  PinHeldError,
  PinIoError,
  UnknownPinError,
} from './errors.js';
import { InputTracker } from './input-tracker.js';
import type { GpioSimulator } from './simulator.js';
import type { GpioDevice, GpioEvents, GpioOptions } from './api.js';
import type { PinConfig, ResolvedPin } from './types.js';

const DEFAULT_CHECK_MS = 2000;

export class GpioDriver implements GpioDevice {
  readonly kind = 'gpio';
  readonly name: string;
  readonly capabilities: readonly string[];
  readonly pinNames: readonly string[];
  readonly events: TypedEmitter<GpioEvents>;

  readonly #logger: Logger;
  readonly #backendKind: 'real' | 'simulated';
  readonly #checkMs: number;
  readonly #supervisor: DeviceSupervisor;
  readonly #trackers = new Map<string, InputTracker>();
  readonly #lines = new Map<string, PinLine>();
  readonly #held = new Map<string, PinHeldError>();
  #resolved = new Map<string, ResolvedPin>();
  #generation = 0;
  #checkTimer: NodeJS.Timeout | null = null;
  #lastSuccessAt: string | null = null;
  #lastError: DeviceHealth['lastError'] = null;

  constructor(
    options: GpioOptions,
    private readonly config: Map<string, Required<PinConfig>>,
    private readonly backend: GpioBackend,
    readonly simulator: GpioSimulator | null,
  ) {
    this.name = options.name;
    this.#logger = options.logger;
    this.#backendKind = options.backend;
    this.#checkMs = options.checkIntervalMs ?? DEFAULT_CHECK_MS;
    this.pinNames = [...config.keys()];
    this.capabilities = [...config].map(
      ([name, pin]) => `${pin.direction === 'in' ? 'input' : 'output'}:${name}`,
    );
    this.events = new TypedEmitter<GpioEvents>((event, error) =>
      this.#logger.error(`a listener of ${this.name} '${event}' threw`, {
        reason: errorMessage(error),
      }),
    );

    for (const [name, pin] of config) {
      if (pin.direction !== 'in') continue;
      const read = () => this.#lineOf(name).read();
      const report = (value: boolean) => {
        this.events.emit('input', { pin: name, value, at: new Date().toISOString() });
      };
      const fault = (error: unknown) => this.#fail(error, name);
      this.#trackers.set(name, new InputTracker(pin, read, report, fault));
    }

    this.#supervisor = new DeviceSupervisor(
      this.name,
      {
        open: () => this.#open(),
        close: async () => this.#close(),
        onState: (state, error) => this.#onState(state, error),
      },
      this.#logger,
      options.backoff,
    );
  }

  start(): Promise<void> {
    return this.#supervisor.start();
  }

  stop(): Promise<void> {
    return this.#supervisor.stop();
  }

  async write(pin: string, value: boolean): Promise<void> {
    const config = this.config.get(pin);
    if (!config) throw new UnknownPinError(this.name, pin, this.pinNames);
    if (config.direction === 'in') throw new NotAnOutputError(this.name, pin);
    await this.#use(pin, (line) => line.write(value));
    this.#logger.debug(`${pin} set ${value ? 'on' : 'off'}`);
  }

  async read(pin: string): Promise<boolean> {
    if (!this.config.has(pin)) throw new UnknownPinError(this.name, pin, this.pinNames);
    return this.#use(pin, (line) => line.read());
  }

  health(): DeviceHealth {
    const pins: Record<string, unknown> = {};
    for (const [name, config] of this.config) {
      const line = this.#lines.get(name);
      let status = this.#held.has(name) ? 'held' : 'released';
      if (line) status = line.adopted ? 'adopted' : 'claimed';
      const gpio = this.#resolved.get(name)?.gpio ?? null;
      pins[name] = { chip: config.chip, line: config.line, gpio, status };
    }
    return {
      state: this.#supervisor.state,
      backend: this.#backendKind,
      lastSuccessAt: this.#lastSuccessAt,
      lastError: this.#lastError,
      detail: { pins },
    };
  }

  async #use<T>(pin: string, action: (line: PinLine) => Promise<T>): Promise<T> {
    const held = this.#held.get(pin);
    if (held) throw held;
    const line = this.#lines.get(pin);
    const state = this.#supervisor.state;
    if (!line || state !== 'ready') throw new GpioNotReadyError(this.name, pin, state);
    try {
      const result = await action(line);
      this.#lastSuccessAt = new Date().toISOString();
      return result;
    } catch (error) {
      this.#fail(error, pin);
      throw error;
    }
  }

  #lineOf(pin: string): PinLine {
    const line = this.#lines.get(pin);
    if (!line) throw new GpioNotReadyError(this.name, pin, this.#supervisor.state);
    return line;
  }

  async #open(): Promise<void> {
    const generation = ++this.#generation;
    const resolved = resolvePins(await this.backend.listChips(), this.config, this.name);
    this.#resolved = new Map(resolved.map((pin) => [pin.name, pin]));

    for (const pin of resolved) await this.#claim(pin, generation);

    for (const [name, tracker] of this.#trackers) {
      const line = this.#lines.get(name);
      if (line) tracker.baseline(await line.read());
    }
    this.#lastSuccessAt = new Date().toISOString();
    this.#scheduleCheck(generation);

    const where = resolved.map((pin) => `${pin.name}=gpio${pin.gpio}`).join(' ');
    const claimed = `${this.#lines.size} of ${resolved.length}`;
    this.#logger.info(`${this.name} claimed ${claimed} pins`, { pins: where });
  }

  async #claim(pin: ResolvedPin, generation: number): Promise<void> {
    const tracker = this.#trackers.get(pin.name);
    const current = () => generation === this.#generation;
    try {
      const line = await this.backend.claim(pin, {
        onChange: (value) => current() && tracker?.change(value),
        onFault: (error) => current() && this.#fail(error, pin.name),
      });
      this.#lines.set(pin.name, line);
      if (line.adopted) {
        const leftover = `${pin.name} (gpio${pin.gpio}) was left exported by an earlier run`;
        this.#logger.warn(`${leftover}; adopted it`);
      }
    } catch (error) {
      if (!(error instanceof PinHeldError)) throw error;
      this.#held.set(pin.name, error);
      this.#lastError = { code: error.code, message: error.message, at: new Date().toISOString() };
      this.#logger.error(error.message, { pin: pin.name });
      this.events.emit('pinError', { pin: pin.name, code: error.code, message: error.message });
    }
  }

  #close(): void {
    this.#generation += 1;
    if (this.#checkTimer) clearTimeout(this.#checkTimer);
    this.#checkTimer = null;
    for (const tracker of this.#trackers.values()) tracker.stop();
    for (const line of this.#lines.values()) line.release();
    this.#lines.clear();
    this.#held.clear();
  }

  /** Reads every pin now and then: proves sysfs still answers and catches missed edges. */
  #scheduleCheck(generation: number): void {
    if (this.#checkMs <= 0) return;
    this.#checkTimer = setTimeout(async () => {
      for (const [name, line] of this.#lines) {
        try {
          const value = await line.read();
          if (generation !== this.#generation) return;
          this.#trackers.get(name)?.check(value);
        } catch (error) {
          if (generation === this.#generation) this.#fail(error, name);
          return;
        }
      }
      this.#lastSuccessAt = new Date().toISOString();
      this.#scheduleCheck(generation);
    }, this.#checkMs);
    this.#checkTimer.unref();
  }

  #fail(error: unknown, pin: string): void {
    const wrapped =
      error instanceof PinIoError
        ? error
        : new PinIoError(this.name, pin, errorMessage(error), { cause: error });
    this.#supervisor.lost(wrapped, wrapped.code);
  }

  #onState(state: DeviceState, error?: { code: string; message: string }): void {
    if (error) this.#lastError = { ...error, at: new Date().toISOString() };
    this.events.emit('state', error ? { state, error } : { state });
  }
}
