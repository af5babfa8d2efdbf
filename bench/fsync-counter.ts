/**
 * Counts fsync and fdatasync calls made through `fs/promises` file handles in this
 * process. The outbox journal, the durable file writer and the baselines all sync
 * through `FileHandle.sync()` / `datasync()`, so wrapping those two methods on the
 * shared prototype sees every sync they make, at no cost worth measuring.
 */
import { open } from 'node:fs/promises';

type SyncMethod = () => Promise<void>;

let installed: Promise<void> | null = null;
let calls = 0;

async function install(): Promise<void> {
  // Any file will do: the point is to reach the FileHandle prototype.
  const handle = await open(process.execPath, 'r');
  const proto = Object.getPrototypeOf(handle) as Record<'sync' | 'datasync', SyncMethod>;
  await handle.close();

  for (const name of ['sync', 'datasync'] as const) {
    const original = proto[name];
    proto[name] = function counted(this: unknown) {
      calls += 1;
      return original.call(this);
    };
  }
}

/** Installs the counter once; call before the measured code opens its files. */
export function countSyncs(): Promise<void> {
  installed ??= install();
  return installed;
}

/** fsync + fdatasync calls since the counter was installed. */
export function syncCalls(): number {
  return calls;
}
