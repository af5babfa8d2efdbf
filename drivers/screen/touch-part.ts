/**
 * The supervised touch panel: decodes what the port reads, keeps the last touch time
 * and hands each touch frame to the screen. A lost panel goes through the supervisor's
 * back-off and is looked up afresh on every reopen (its eventN may have changed).
 */
import type { BackoffOptions } from '../core/backoff.js';
import type { DriverError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { DeviceSupervisor } from '../core/supervisor.js';
import type { Clock } from './clock.js';
import { InputEventDecoder, type RecordSize } from './input-event.js';
import type { PartHooks, PartStatus } from './part-status.js';
import type { TouchInfo, TouchPort } from './ports.js';
import { TouchTracker, type TouchFrame } from './touch-tracker.js';

export interface TouchPartSettings {
  label: string;
  recordSize: RecordSize;
  clock: Clock;
  logger: Logger;
  retry: BackoffOptions;
  onFrame(frame: TouchFrame): void;
}

export class TouchPart {
  readonly status: PartStatus;
  readonly supervisor: DeviceSupervisor;
  #info: TouchInfo | null = null;
  #decoder: InputEventDecoder;
  #tracker = new TouchTracker();
  #lastTouchAt: number | null = null;
  #discardedBytes = 0;
  #lostWhileOpening: DriverError | null = null;

  constructor(
    private readonly port: TouchPort,
    private readonly settings: TouchPartSettings,
    hooks: PartHooks,
  ) {
    this.status = hooks.status;
    this.#decoder = new InputEventDecoder(settings.recordSize);
    this.supervisor = new DeviceSupervisor(
      `${settings.label} touch panel`,
      { open: () => this.#open(), close: () => this.port.close(), onState: hooks.onState },
      settings.logger,
      settings.retry,
    );
  }

  get lastTouchAt(): number | null {
    return this.#lastTouchAt;
  }

  detail(): Record<string, unknown> {
    const state = this.supervisor.state;
    return {
      state,
      present: state === 'ready',
      name: this.#info?.name ?? null,
      eventPath: this.#info?.eventPath ?? null,
      recordSize: this.settings.recordSize,
      lastTouchAt: this.#lastTouchAt === null ? null : new Date(this.#lastTouchAt).toISOString(),
      ...this.#tracker.stats,
      discardedBytes: this.#discardedBytes,
    };
  }

  async #open(): Promise<void> {
    this.#decoder = new InputEventDecoder(this.settings.recordSize);
    this.#lostWhileOpening = null;
    this.#info = await this.port.open({
      data: (chunk) => this.#onData(chunk),
      lost: (error) => this.#onLost(error),
    });

    // The supervisor ignores `lost` before ready: hand a loss during open back to it.
    if (this.#lostWhileOpening) throw this.#lostWhileOpening;
    this.status.succeeded();
    this.settings.logger.info(`${this.settings.label} touch panel open`, {
      name: this.#info.name,
      path: this.#info.eventPath,
    });
  }

  #onData(chunk: Buffer): void {
    for (const event of this.#decoder.push(chunk)) {
      const frame = this.#tracker.feed(event);
      if (!frame) continue;
      this.#lastTouchAt = this.settings.clock.now();
      this.status.succeeded();
      this.settings.onFrame(frame);
    }
  }

  #onLost(error: DriverError): void {
    const dropped = this.#decoder.flush();
    if (dropped > 0) {
      this.#discardedBytes += dropped;
      this.settings.logger.warn(`${this.settings.label} touch panel ended inside a record`, {
        discardedBytes: dropped,
        path: this.#info?.eventPath,
      });
    }
    if (this.supervisor.state === 'ready') this.supervisor.lost(error, error.code);
    else this.#lostWhileOpening = error;
  }
}
