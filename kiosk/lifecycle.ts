/**
 * Keeps the order in which parts were started so they stop in reverse. A part that
 * fails to stop is logged and the others still stop.
 */
import { errorMessage } from '../drivers/core/errors.js';
import type { Logger } from '../drivers/core/logger.js';

export class Lifecycle {
  readonly #stoppers: { name: string; stop: () => Promise<void> | void }[] = [];

  constructor(private readonly logger: Logger) {}

  /** Registers how to stop a part that has just started. */
  started(name: string, stop: () => Promise<void> | void): void {
    this.#stoppers.push({ name, stop });
    this.logger.info(`started ${name}`);
  }

  async stopAll(): Promise<void> {
    for (const { name, stop } of this.#stoppers.reverse()) {
      try {
        await stop();
        this.logger.info(`stopped ${name}`);
      } catch (error) {
        this.logger.error(`stopping ${name} failed`, { reason: errorMessage(error) });
      }
    }
    this.#stoppers.length = 0;
  }
}
