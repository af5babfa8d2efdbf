/**
 * The peripheral microcontroller as a Device: light tower and status lights, buzzer,
 * buttons and analog sensors of a Firmata board, driven through johnny-five.
 *
 * Outputs are kept as wanted state: a light switched while the board is away is set when
 * it comes back, so a reconnect never leaves the tower showing something stale.
 */
import type { Device, DeviceEvents, DeviceHealth } from '../core/device.js';
import { DeviceSupervisor } from '../core/supervisor.js';
import { DeviceLostError, DriverError, errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { TypedEmitter } from '../core/typed-emitter.js';
import { FirmataEmulator } from './emulator.js';
import { openSerialLink, type ByteLink } from './link.js';
import type { McuOptions } from './options.js';
import { resolveMcuOptions, type ResolvedMcuOptions } from './resolved-options.js';
import { BoardSession, type LightMode } from './session.js';
import type { TransportFault } from './transport.js';

export type { LightMode } from './session.js';

export interface McuEvents extends DeviceEvents {
  button: { name: string; pressed: boolean; at: string };
  analog: { name: string; value: number; at: string };
}

export class McuDevice implements Device<McuEvents> {
  readonly kind = 'mcu';
  readonly name: string;
  readonly capabilities: readonly string[];
  readonly events: TypedEmitter<McuEvents>;
  /** The emulated board of the simulated back-end (null on the real one). */
  readonly emulator: FirmataEmulator | null;
  readonly #options: ResolvedMcuOptions;
  readonly #logger: Logger;
  readonly #supervisor: DeviceSupervisor;
  readonly #lights = new Map<string, LightMode>();
  #buzzerOn = false;
  #buzzerTimer: NodeJS.Timeout | null = null;
  #session: BoardSession | null = null;
  #health: Omit<DeviceHealth, 'state' | 'detail'> & { detail: Record<string, unknown> };
  readonly #buttons = new Map<string, boolean>();
  readonly #analog = new Map<string, number>();
  #faults = 0;
  #attempt = 0;
  #lastFaultLogAt = 0;

  constructor(options: McuOptions) {
    this.#options = resolveMcuOptions(options);
    this.name = options.name;
    this.#logger = options.logger.child(options.name);
    this.events = new TypedEmitter<McuEvents>((event, error) => {
      this.#logger.error(`a '${event}' listener threw`, { reason: errorMessage(error) });
    });
    const simulated = options.backend === 'simulated';
    this.emulator = simulated ? (options.emulator ?? new FirmataEmulator()) : null;

    const { lights, buzzer, buttons, sensors } = this.#options;
    this.capabilities = [
      ...(Object.keys(lights).length > 0 ? ['lights'] : []),
      ...(buzzer ? ['buzzer'] : []),
      ...(Object.keys(buttons).length > 0 ? ['buttons'] : []),
      ...(Object.keys(sensors).length > 0 ? ['analog'] : []),
    ];
    for (const name of Object.keys(lights)) this.#lights.set(name, 'off');
    this.#health = {
      backend: options.backend,
      lastSuccessAt: null,
      lastError: null,
      detail: { port: this.#options.port, protocolFaults: 0 },
    };

    this.#supervisor = new DeviceSupervisor(
      this.name,
      {
        open: () => this.#open(),
        close: () => this.#close(),
        onState: (state, error) => this.#onState(state, error),
      },
      this.#logger,
      this.#options.backoff,
    );
  }

  async start(): Promise<void> {
    const { backend, port, lights, buttons, sensors } = this.#options;
    this.#logger.info('starting', {
      backend,
      port,
      lights: Object.keys(lights).join(','),
      buttons: Object.keys(buttons).join(','),
      sensors: Object.keys(sensors).join(','),
    });
    await this.#supervisor.start();
  }

  async stop(): Promise<void> {
    // The board keeps its outputs when the host goes: never leave the buzzer sounding,
    // and never bring a cut-short beep back as a steady tone on the next start.
    if (this.#buzzerTimer) {
      clearTimeout(this.#buzzerTimer);
      this.#buzzerTimer = null;
      this.#buzzerOn = false;
    }
    if (this.#options.buzzer) this.#session?.setBuzzer(false);
    await this.#supervisor.stop();
  }

  health(): DeviceHealth {
    // Any byte from the board (a heartbeat answer too) shows it is making progress.
    const heard = this.#session?.lastInboundAt ?? 0;
    const own = this.#health.lastSuccessAt;
    const lastSuccessAt =
      heard > 0 && (own === null || heard > Date.parse(own)) ? new Date(heard).toISOString() : own;
    return {
      ...this.#health,
      lastSuccessAt,
      state: this.#supervisor.state,
      detail: {
        ...this.#health.detail,
        protocolFaults: this.#faults,
        buttons: Object.fromEntries(this.#buttons),
        analog: Object.fromEntries(this.#analog),
      },
    };
  }

  /** Sets a light by its logical name; kept and reapplied if the board is away. */
  setLight(name: string, mode: LightMode): void {
    if (!this.#lights.has(name)) {
      const known = [...this.#lights.keys()].join(', ') || 'none';
      throw new DriverError('unknown-output', `${this.name}: no light '${name}' (known: ${known})`,
        this.name);
    }
    if (mode !== 'on' && mode !== 'off' && mode !== 'blink') {
      const what = `${this.name}: light mode '${String(mode)}' is not on, off or blink`;
      throw new DriverError('bad-value', what, this.name);
    }
    this.#lights.set(name, mode);
    this.#session?.setLight(name, mode, this.#options.blinkMs);
  }

  /** Switches the buzzer; cancels a running beep. */
  setBuzzer(on: boolean): void {
    if (!this.#options.buzzer) {
      throw new DriverError('unknown-output', `${this.name}: no buzzer configured`, this.name);
    }
    if (this.#buzzerTimer) clearTimeout(this.#buzzerTimer);
    this.#buzzerTimer = null;
    this.#buzzerOn = on;
    this.#session?.setBuzzer(on);
  }

  /** Sounds the buzzer for `ms` milliseconds (10 ms to 10 s). */
  beep(ms: number): void {
    if (!(ms >= 10 && ms <= 10_000)) {
      const what = `${this.name}: beep of ${ms} ms is outside 10…10000`;
      throw new DriverError('bad-value', what, this.name);
    }
    this.setBuzzer(true);
    this.#buzzerTimer = setTimeout(() => this.setBuzzer(false), ms);
    this.#buzzerTimer.unref();
  }

  async #open(): Promise<void> {
    const { name, backend, port, baudRate } = this.#options;
    // A stop (or a loss) while this attempt waits makes it stale: it must not leave an
    // open port or a live session behind that nobody will ever close.
    const attempt = this.#attempt;
    const link: ByteLink =
      backend === 'real'
        ? await openSerialLink({ device: name, path: port, baudRate, logger: this.#logger })
        : (this.emulator as FirmataEmulator).connect(name);
    if (attempt !== this.#attempt) {
      await link.close();
      throw new DeviceLostError(name, 'closed while opening');
    }

    const session = new BoardSession(this.#options, link, {
      onButton: (button, pressed) => this.#onButton(session, button, pressed),
      onAnalog: (sensor, value) => this.#onAnalog(session, sensor, value),
      onFault: (fault) => this.#onFault(fault),
      onLost: (error) => {
        if (this.#session === session) this.#supervisor.lost(error, codeOf(error));
      },
    }, this.#logger);
    this.#session = session;
    await session.start();
    if (this.#session !== session) {
      await session.close();
      throw new DeviceLostError(name, 'closed while starting');
    }

    for (const [light, mode] of this.#lights) session.setLight(light, mode, this.#options.blinkMs);
    if (this.#options.buzzer) session.setBuzzer(this.#buzzerOn);
    this.#health.detail = { ...this.#health.detail, ...session.firmware };
    this.#logger.info('board answered', { path: link.path, ...session.firmware });
    this.#succeeded();
  }

  async #close(): Promise<void> {
    this.#attempt += 1;
    const session = this.#session;
    this.#session = null;
    this.#buttons.clear();
    await session?.close();
  }

  #onButton(session: BoardSession, name: string, pressed: boolean): void {
    if (this.#session !== session || this.#buttons.get(name) === pressed) return;
    const first = !this.#buttons.has(name);
    this.#buttons.set(name, pressed);
    this.#succeeded();
    // The first report after (re)connecting is the resting state, not a press.
    if (first && !pressed) return;
    this.events.emit('button', { name, pressed, at: new Date().toISOString() });
  }

  #onAnalog(session: BoardSession, name: string, value: number): void {
    if (this.#session !== session) return;
    this.#analog.set(name, value);
    this.#succeeded();
    this.events.emit('analog', { name, value, at: new Date().toISOString() });
  }

  #onFault(fault: TransportFault): void {
    this.#faults += 1;
    this.#health.detail.lastProtocolFault = fault.detail;
    // A noisy line can produce thousands of faults: warn at most every 5 s.
    const now = Date.now();
    const message = `bad Firmata input from the board dropped: ${fault.detail}`;
    const details = { kind: fault.kind, total: this.#faults };
    if (now - this.#lastFaultLogAt < 5000) {
      this.#logger.debug(message, details);
      return;
    }
    this.#lastFaultLogAt = now;
    this.#logger.warn(message, details);
  }

  #onState(state: DeviceHealth['state'], error?: { code: string; message: string }): void {
    if (error) this.#health.lastError = { ...error, at: new Date().toISOString() };
    this.events.emit('state', error ? { state, error } : { state });
  }

  #succeeded(): void {
    this.#health.lastSuccessAt = new Date().toISOString();
  }
}

function codeOf(error: Error): string {
  return error instanceof DriverError ? error.code : 'lost';
}
