/**
 * One state machine per device: starting → ready → lost → backoff → starting.
 *
 * Every error path of a driver ends in `lost(error)`; the supervisor then closes what is
 * open, waits a jittered back-off and opens again. Nothing here throws to the caller or
 * exits the process: a device that never comes back stays in back-off and says so in
 * its health.
 */
import { Backoff, type BackoffOptions } from './backoff.js';
import type { DeviceState } from './device.js';
import { errorMessage } from './errors.js';
import type { Logger } from './logger.js';

export interface SupervisorHooks {
  /** Opens the device; resolves when it is ready, rejects when it could not be opened. */
  open(): Promise<void>;
  /** Releases whatever `open` took; must not throw when half-open or already closed. */
  close(): Promise<void>;
  onState?(state: DeviceState, error?: { code: string; message: string }): void;
}

export class DeviceSupervisor {
  #state: DeviceState = 'stopped';
  #timer: NodeJS.Timeout | null = null;
  #generation = 0;
  readonly #backoff: Backoff;

  constructor(
    private readonly name: string,
    private readonly hooks: SupervisorHooks,
    private readonly logger: Logger,
    backoff: BackoffOptions = { initialMs: 500, maxMs: 30_000 },
  ) {
    this.#backoff = new Backoff(backoff);
  }

  get state(): DeviceState {
    return this.#state;
  }

  /** Starts the first attempt; resolves after it, whether it worked or went to back-off. */
  async start(): Promise<void> {
    if (this.#state !== 'stopped') return;
    await this.#attempt();
  }

  /** Reports that an open device failed. Ignored when stopped or already recovering. */
  lost(error: unknown, code = 'lost'): void {
    if (this.#state !== 'ready') return;
    this.logger.warn(`${this.name} lost; will reopen`, { reason: errorMessage(error) });
    this.#setState('lost', { code, message: errorMessage(error) });
    void this.#closeThenRetry();
  }

  async stop(): Promise<void> {
    this.#generation += 1;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const wasOpen = this.#state !== 'stopped';
    this.#setState('stopped');
    if (wasOpen) await this.#safeClose();
  }

  async #attempt(): Promise<void> {
    const generation = ++this.#generation;
    this.#setState('starting');
    try {
      await this.hooks.open();
      if (generation !== this.#generation) return;
      this.#backoff.reset();
      this.#setState('ready');
      this.logger.info(`${this.name} ready`);
    } catch (error) {
      if (generation !== this.#generation) return;
      this.#setState('lost', { code: codeOf(error), message: errorMessage(error) });
      await this.#safeClose();
      this.#scheduleRetry(error);
    }
  }

  async #closeThenRetry(): Promise<void> {
    const generation = this.#generation;
    await this.#safeClose();
    if (generation === this.#generation && this.#state === 'lost') this.#scheduleRetry();
  }

  #scheduleRetry(error?: unknown): void {
    const delay = this.#backoff.next();
    this.#setState('backoff');
    this.logger.warn(`${this.name} unavailable; retrying in ${delay} ms`, {
      attempt: this.#backoff.attempts,
      reason: error === undefined ? undefined : errorMessage(error),
    });
    const generation = this.#generation;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (generation === this.#generation) void this.#attempt();
    }, delay);
  }

  async #safeClose(): Promise<void> {
    try {
      await this.hooks.close();
    } catch (error) {
      this.logger.debug(`${this.name} close failed`, { reason: errorMessage(error) });
    }
  }

  #setState(state: DeviceState, error?: { code: string; message: string }): void {
    if (state === this.#state && !error) return;
    this.#state = state;
    this.hooks.onState?.(state, error);
  }
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'open-failed';
}
