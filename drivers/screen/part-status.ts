/**
 * What each part of the screen (backlight, touch panel) remembers for health: when it
 * last worked and the last thing that went wrong.
 */
import type { DeviceState } from '../core/device.js';
import type { Clock } from './clock.js';

export interface PartError {
  code: string;
  message: string;
  at: number;
}

export class PartStatus {
  lastSuccessAt: number | null = null;
  lastError: PartError | null = null;

  constructor(private readonly clock: Clock) {}

  succeeded(): void {
    this.lastSuccessAt = this.clock.now();
  }

  failed(error: { code: string; message: string }): void {
    this.lastError = { ...error, at: this.clock.now() };
  }
}

export interface PartHooks {
  status: PartStatus;
  onState(state: DeviceState, error?: { code: string; message: string }): void;
}
