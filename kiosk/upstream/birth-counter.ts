/**
 * The birth counter: one number per connection attempt, growing across restarts, kept in
 * `<dataDir>/upstream-state.json`. The status message, the last will and the birth of a
 * connection all carry the same number, which is how the platform pairs them.
 */
import { join } from 'node:path';
import type { Logger } from '../../drivers/core/logger.js';
import { openJsonStore } from '../store/json-store.js';

export interface BirthCounter {
  /** The number of the latest attempt (0 before the first). */
  readonly current: number;
  /** Counts one more attempt; resolves once the new number is on disk. */
  next(): Promise<number>;
}

/** A counter on disk, so numbers never repeat across restarts. */
export async function openBirthCounter(dataDir: string, logger: Logger): Promise<BirthCounter> {
  const store = await openJsonStore(join(dataDir, 'upstream-state.json'), { birth: 0 }, logger);
  return {
    get current() {
      return store.data.birth;
    },
    next: async () => {
      store.data.birth += 1;
      const value = store.data.birth;
      await store.write();
      return value;
    },
  };
}

/** A counter in memory, for a link without a data folder (tests, tools). */
export function memoryBirthCounter(): BirthCounter {
  let value = 0;
  return {
    get current() {
      return value;
    },
    next: async () => (value += 1),
  };
}
