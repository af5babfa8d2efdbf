/**
 * The screen's idle ladder: on → dim → off, back to on at any activity.
 *
 * Deadlines are measured from the last activity. Activity only records the time; the
 * one pending timer re-checks when it fires, so a finger dragging across the panel does
 * not re-arm a timer per frame.
 */
import type { Clock } from './clock.js';

export type ScreenMode = 'on' | 'dim' | 'off';

export interface IdleSettings {
  /** 0 = never. */
  dimAfterMs: number;
  /** 0 = never. */
  blankAfterMs: number;
}

export class IdleController {
  #mode: ScreenMode = 'on';
  #lastActivity = 0;
  #timer: unknown = null;
  #running = false;

  constructor(
    private readonly settings: IdleSettings,
    private readonly clock: Clock,
    private readonly onMode: (mode: ScreenMode) => void,
  ) {}

  get mode(): ScreenMode {
    return this.#mode;
  }

  get lastActivityAt(): number {
    return this.#lastActivity;
  }

  start(): void {
    this.#running = true;
    this.#lastActivity = this.clock.now();
    this.#setMode('on');
    this.#arm();
  }

  stop(): void {
    this.#running = false;
    if (this.#timer !== null) this.clock.clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** Records activity; returns the mode the screen was in before it. */
  activity(): ScreenMode {
    const before = this.#mode;
    if (!this.#running) return before;
    this.#lastActivity = this.clock.now();
    if (before !== 'on') this.#setMode('on');
    if (this.#timer === null || before !== 'on') this.#arm();
    return before;
  }

  /** The mode the idle time alone calls for. */
  #modeFor(idleMs: number): ScreenMode {
    const { dimAfterMs, blankAfterMs } = this.settings;
    if (blankAfterMs > 0 && idleMs >= blankAfterMs) return 'off';
    if (dimAfterMs > 0 && idleMs >= dimAfterMs) return 'dim';
    return 'on';
  }

  /** Time from the last activity at which the mode next changes, or null. */
  #nextDeadline(): number | null {
    const { dimAfterMs, blankAfterMs } = this.settings;
    const idleMs = this.clock.now() - this.#lastActivity;
    const ahead = [dimAfterMs, blankAfterMs].filter(
      (ms) => ms > 0 && ms > idleMs && this.#modeFor(ms) !== this.#mode,
    );
    return ahead.length > 0 ? Math.min(...ahead) : null;
  }

  #arm(): void {
    if (this.#timer !== null) this.clock.clearTimeout(this.#timer);
    this.#timer = null;
    const deadline = this.#nextDeadline();
    if (deadline === null) return;
    const wait = this.#lastActivity + deadline - this.clock.now();
    this.#timer = this.clock.setTimeout(() => this.#onTimer(), Math.max(0, wait));
  }

  #onTimer(): void {
    this.#timer = null;
    if (!this.#running) return;
    this.#setMode(this.#modeFor(this.clock.now() - this.#lastActivity));
    this.#arm();
  }

  #setMode(mode: ScreenMode): void {
    if (mode === this.#mode) return;
    this.#mode = mode;
    this.onMode(mode);
  }
}
