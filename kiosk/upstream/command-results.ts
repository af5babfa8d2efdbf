/**
 * Results of commands already run, by request id, kept on disk so a command the platform
 * sends again (it did not see the reply, or the terminal restarted) is answered with its
 * first result and never run twice. Bounded: the oldest results are forgotten first.
 */
import { join } from 'node:path';
import type { Low } from 'lowdb';
import type { Logger } from '../../drivers/core/logger.js';
import { openJsonStore } from '../store/json-store.js';

export interface CommandResult {
  requestId: string;
  command: string | null;
  at: string;
  ok: boolean;
  data?: unknown;
  error?: { code: string; message: string };
}

interface Stored {
  results: CommandResult[];
}

export class CommandResults {
  readonly #running = new Map<string, Promise<CommandResult>>();

  private constructor(
    private readonly db: Low<Stored>,
    private readonly limit: number,
  ) {}

  static async open(dir: string, logger: Logger, limit = 500): Promise<CommandResults> {
    const file = join(dir, 'command-results.json');
    const db = await openJsonStore<Stored>(file, { results: [] }, logger);
    return new CommandResults(db, limit);
  }

  /**
   * Runs `produce` for a new request id; for a known one (finished or still running)
   * gives the first result with `repeated: true`, without running anything.
   */
  async once(
    requestId: string,
    produce: () => Promise<CommandResult>,
  ): Promise<{ result: CommandResult; repeated: boolean }> {
    const known = this.db.data.results.find((result) => result.requestId === requestId);
    if (known) return { result: known, repeated: true };
    const running = this.#running.get(requestId);
    if (running) return { result: await running, repeated: true };

    const work = produce().then(async (result) => {
      await this.db.update((data) => {
        data.results.push(result);
        const excess = data.results.length - this.limit;
        if (excess > 0) data.results.splice(0, excess);
      });
      return result;
    });
    this.#running.set(requestId, work);
    try {
      return { result: await work, repeated: false };
    } finally {
      this.#running.delete(requestId);
    }
  }
}
