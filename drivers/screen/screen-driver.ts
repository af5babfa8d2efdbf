/**
 * The screen: a backlight that dims and blanks when nobody uses the terminal, and the
 * touch panel whose touches (and the runtime's `wake` calls for cards, fingers and
 * buttons) bring it back.
 *
 * Backlight and panel are supervised apart, so a dead panel never leaves the screen
 * dark and a dead backlight never stops touches from being seen. The screen's state is
 * the worse of the two.
 */
import type { DeviceHealth, DeviceState } from '../core/device.js';
import type { DeviceEvents, Device } from '../core/device.js';
import type { Logger } from '../core/logger.js';
import { TypedEmitter } from '../core/typed-emitter.js';
import { BacklightPart } from './backlight-part.js';
import type { Clock } from './clock.js';
import { IdleController, type ScreenMode } from './idle.js';
import type { ResolvedScreenOptions } from './options.js';
import { PartStatus } from './part-status.js';
import type { BacklightPort, TouchPort } from './ports.js';
import { TouchPart } from './touch-part.js';
import type { TouchFrame } from './touch-tracker.js';

export type WakeReason = 'touch' | 'card' | 'finger' | 'button';

export interface ScreenEvents extends DeviceEvents {
  /** The backlight mode changed: by idle time, or by activity of the given kind. */
  power: { mode: ScreenMode; reason: WakeReason | 'idle' | 'start'; at: string };
  /** A finger went down. `wokeScreen`: the screen was dim or dark, so the UI may ignore it. */
  touch: { at: string; x: number | null; y: number | null; wokeScreen: boolean };
}

export interface ScreenParts {
  backlight: BacklightPort;
  /** Null when the terminal has no touch panel. */
  touch: TouchPort | null;
}

/** Worst first: the screen reports the state of its least healthy part. */
const SEVERITY: DeviceState[] = ['backoff', 'lost', 'starting', 'ready', 'stopped'];

export class ScreenDriver implements Device<ScreenEvents> {
  readonly kind = 'screen';
  readonly capabilities: readonly string[];
  readonly events: TypedEmitter<ScreenEvents>;
  readonly #idle: IdleController;
  readonly #backlight: BacklightPart;
  readonly #touch: TouchPart | null;
  #state: DeviceState = 'stopped';
  #reason: WakeReason | 'idle' | 'start' = 'start';

  constructor(
    readonly name: string,
    private readonly backend: 'real' | 'simulated',
    ports: ScreenParts,
    private readonly options: ResolvedScreenOptions,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.events = new TypedEmitter<ScreenEvents>((event, error) =>
      logger.error(`a listener of screen '${name}' event '${event}' threw`, { error }),
    );
    this.#idle = new IdleController(options.idle, clock, (mode) => this.#onMode(mode));
    const common = { label: name, clock, logger, retry: options.retry };
    this.#backlight = new BacklightPart(
      ports.backlight,
      { ...common, ...options.backlight },
      this.#hooks(),
    );
    this.#touch = ports.touch
      ? new TouchPart(
          ports.touch,
          { ...common, recordSize: options.touch.recordSize, onFrame: (f) => this.#onFrame(f) },
          this.#hooks(),
        )
      : null;
    this.capabilities = ['backlight', 'idle-dim', 'idle-blank', ...(this.#touch ? ['touch'] : [])];
  }

  get mode(): ScreenMode {
    return this.#idle.mode;
  }

  async start(): Promise<void> {
    if (this.#state !== 'stopped') return;
    this.logger.info(`screen '${this.name}' starting`, {
      backend: this.backend,
      dimAfterMs: this.options.idle.dimAfterMs,
      blankAfterMs: this.options.idle.blankAfterMs,
      touch: this.#touch !== null,
    });
    this.#reason = 'start';
    this.#idle.start();
    await Promise.all([this.#backlight.supervisor.start(), this.#touch?.supervisor.start()]);
  }

  async stop(): Promise<void> {
    this.#idle.stop();
    await Promise.all([this.#backlight.supervisor.stop(), this.#touch?.supervisor.stop()]);
    this.#refreshState();
  }

  /** Activity seen by the runtime; returns true when it brought the screen back on. */
  wake(reason: WakeReason): boolean {
    this.#reason = reason;
    const before = this.#idle.activity();
    if (before !== 'on') this.logger.debug(`screen '${this.name}' woken`, { reason, was: before });
    return before !== 'on';
  }

  health(): DeviceHealth {
    const parts = [this.#backlight.status, ...(this.#touch ? [this.#touch.status] : [])];
    const successes = parts.map((part) => part.lastSuccessAt ?? -Infinity);
    const lastSuccess = Math.max(...successes);
    const errors = parts.flatMap((part) => (part.lastError ? [part.lastError] : []));
    const lastError = errors.sort((a, b) => b.at - a.at)[0];
    const iso = (ms: number) => new Date(ms).toISOString();
    return {
      state: this.#state,
      backend: this.backend,
      lastSuccessAt: Number.isFinite(lastSuccess) ? iso(lastSuccess) : null,
      lastError: lastError ? { ...lastError, at: iso(lastError.at) } : null,
      detail: {
        mode: this.#idle.mode,
        lastActivityAt: this.#state === 'stopped' ? null : iso(this.#idle.lastActivityAt),
        backlight: this.#backlight.detail(),
        touch: this.#touch?.detail() ?? { present: false, enabled: false },
      },
    };
  }

  #hooks() {
    const status = new PartStatus(this.clock);
    return {
      status,
      onState: (state: DeviceState, error?: { code: string; message: string }) => {
        if (error) status.failed(error);
        this.#refreshState(error);
      },
    };
  }

  #onFrame(frame: TouchFrame): void {
    const woke = this.wake('touch');
    if (!frame.contactStarted) return;
    const at = new Date(this.clock.now()).toISOString();
    this.events.emit('touch', { at, x: frame.x, y: frame.y, wokeScreen: woke });
  }

  #onMode(mode: ScreenMode): void {
    const reason = mode === 'on' ? this.#reason : 'idle';
    this.logger.debug(`screen '${this.name}' ${mode}`, { reason });
    void this.#backlight.setMode(mode);
    this.events.emit('power', { mode, reason, at: new Date(this.clock.now()).toISOString() });
  }

  #refreshState(error?: { code: string; message: string }): void {
    const parts = [this.#backlight.supervisor.state, this.#touch?.supervisor.state];
    const states = parts.filter((state): state is DeviceState => state !== undefined);
    const next = SEVERITY.find((state) => states.includes(state)) ?? 'stopped';
    if (next === this.#state && !error) return;
    this.#state = next;
    this.events.emit('state', error ? { state: next, error } : { state: next });
  }
}
