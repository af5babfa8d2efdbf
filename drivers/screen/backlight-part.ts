/**
 * The supervised backlight: keeps the panel at the level the idle ladder asks for,
 * re-applies it after every reopen, and notices a vanished device through its writes
 * and a slow probe of actual_brightness.
 */
import type { BackoffOptions } from '../core/backoff.js';
import type { Logger } from '../core/logger.js';
import { DeviceSupervisor } from '../core/supervisor.js';
import type { Clock } from './clock.js';
import type { ScreenMode } from './idle.js';
import type { BacklightInfo, BacklightPort } from './ports.js';
import type { PartHooks, PartStatus } from './part-status.js';

export interface BacklightPartSettings {
  label: string;
  brightPercent: number;
  dimPercent: number;
  probeIntervalMs: number;
  clock: Clock;
  logger: Logger;
  retry: BackoffOptions;
}

interface Applied {
  brightness: number;
  on: boolean;
}

export class BacklightPart {
  readonly status: PartStatus;
  readonly supervisor: DeviceSupervisor;
  #info: BacklightInfo | null = null;
  #mode: ScreenMode = 'on';
  #applied: Applied | null = null;
  #actual: number | null = null;
  #queue: Promise<void> = Promise.resolve();
  #probe: unknown = null;

  constructor(
    private readonly port: BacklightPort,
    private readonly settings: BacklightPartSettings,
    hooks: PartHooks,
  ) {
    const { label, logger, retry } = settings;
    this.status = hooks.status;
    this.supervisor = new DeviceSupervisor(
      `${label} backlight`,
      { open: () => this.#open(), close: () => this.#close(), onState: hooks.onState },
      logger,
      retry,
    );
  }

  /** Asks for a mode; written now when the device is open, else on the next open. */
  setMode(mode: ScreenMode): Promise<void> {
    this.#mode = mode;
    if (this.supervisor.state !== 'ready') return this.#queue;
    this.#queue = this.#queue
      .then(() => this.#apply())
      .catch((error: unknown) => this.supervisor.lost(error, codeOf(error)));
    return this.#queue;
  }

  detail(): Record<string, unknown> {
    return {
      state: this.supervisor.state,
      device: this.#info?.device ?? null,
      path: this.#info?.path ?? null,
      maxBrightness: this.#info?.maxBrightness ?? null,
      level: this.#applied?.brightness ?? null,
      actualLevel: this.#actual,
      power: this.#applied ? (this.#applied.on ? 'on' : 'off') : null,
    };
  }

  levelFor(mode: ScreenMode, max: number): number {
    if (mode === 'off') return 0;
    const percent = mode === 'dim' ? this.settings.dimPercent : this.settings.brightPercent;
    const level = Math.round((max * percent) / 100);
    // A percent above zero must still give light on a panel with few steps.
    return percent > 0 ? Math.max(1, level) : 0;
  }

  async #open(): Promise<void> {
    this.#info = await this.port.open();
    this.#applied = null;
    await this.#apply();
    this.#actual = await this.port.readActual();
    // The mode may have changed while the first writes were under way.
    await this.#apply();
    this.status.succeeded();
    this.settings.logger.info(`${this.settings.label} backlight open`, {
      path: this.#info.path,
      max: this.#info.maxBrightness,
      mode: this.#mode,
    });
    this.#scheduleProbe();
  }

  async #close(): Promise<void> {
    if (this.#probe !== null) this.settings.clock.clearTimeout(this.#probe);
    this.#probe = null;
    await this.port.close();
  }

  /** Writes only what differs; turning on sets the level before power, off the reverse. */
  async #apply(): Promise<void> {
    if (!this.#info) return;
    const brightness = this.levelFor(this.#mode, this.#info.maxBrightness);
    const on = this.#mode !== 'off';
    const before = this.#applied;
    const writeLevel = async () => {
      if (before?.brightness !== brightness) await this.port.setBrightness(brightness);
    };
    const writePower = async () => {
      if (before?.on !== on) await this.port.setPower(on);
    };

    if (on) await writeLevel().then(writePower);
    else await writePower().then(writeLevel);
    this.#applied = { brightness, on };
    this.status.succeeded();
  }

  #scheduleProbe(): void {
    const { probeIntervalMs, clock } = this.settings;
    if (probeIntervalMs === 0) return;
    this.#probe = clock.setTimeout(() => {
      this.#probe = null;
      if (this.supervisor.state !== 'ready') return;
      this.port
        .readActual()
        .then((actual) => {
          this.#actual = actual;
          this.status.succeeded();
          this.#scheduleProbe();
        })
        .catch((error: unknown) => this.supervisor.lost(error, codeOf(error)));
    }, probeIntervalMs);
  }
}

export function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'lost';
}
