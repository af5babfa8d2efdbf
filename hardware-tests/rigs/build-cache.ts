/**
 * Where rig binaries (FUSE GPIO file system, simavr harness, firmware) are cached between
 * test runs: a folder of this user's own under the temp dir, mode 0700.
 *
 * The tests run as root, and the cache names are predictable (hashes of committed
 * sources), so a folder another user could create first would let that user plant a
 * binary that root then executes. The folder is therefore checked before every use:
 * it must be a real directory (not a link), owned by this user, writable by nobody else.
 */
import { lstatSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class UnsafeCacheError extends Error {
  constructor(readonly path: string, detail: string) {
    super(`rig build cache ${path} is not safe to use: ${detail}; remove it and run again`);
    this.name = 'UnsafeCacheError';
  }
}

export function rigBuildCache(base = tmpdir()): string {
  const uid = process.getuid?.() ?? 0;
  const dir = join(base, `kiosk-rig-builds-${uid}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });

  const stat = lstatSync(dir);
  if (!stat.isDirectory()) throw new UnsafeCacheError(dir, 'it is not a plain directory');
  if (stat.uid !== uid) throw new UnsafeCacheError(dir, `it belongs to uid ${stat.uid}, not ${uid}`);
  if ((stat.mode & 0o022) !== 0) {
    throw new UnsafeCacheError(dir, `others may write to it (mode ${(stat.mode & 0o777).toString(8)})`);
  }
  return dir;
}
