/**
 * lowdb 7 over the durable writer.
 *
 * Reading a file that is empty or not valid JSON is a `StoreCorruptError` naming the file
 * and where the damage starts. `openJsonStore` keeps the damaged file as
 * `<name>.corrupt-<time>` for a technician and starts from the defaults, so the terminal
 * keeps working; the adapter alone lets a caller decide otherwise.
 */
import { mkdir, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Low, type Adapter } from 'lowdb';
import { errorMessage, isErrno } from '../../drivers/core/errors.js';
import type { Logger } from '../../drivers/core/logger.js';
import { processRuns } from './process-runs.js';
import { DurableFileWriter, fsyncDirectory } from './durable-file.js';

/** The file exists but does not hold a JSON document. */
export class StoreCorruptError extends Error {
  readonly code = 'store-corrupt';

  constructor(
    readonly path: string,
    readonly problem: string,
    /** Character offset where parsing failed, when the parser said so. */
    readonly position: number | null,
    options?: { cause?: unknown },
  ) {
    super(`store file ${path} is corrupt: ${problem}`, options);
    this.name = 'StoreCorruptError';
  }
}

/** The file could not be read at all (permissions, I/O error). */
export class StoreReadError extends Error {
  readonly code = 'store-read-failed';

  constructor(
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(`could not read store file ${path}: ${errorMessage(options?.cause)}`, options);
    this.name = 'StoreReadError';
  }
}

function describeParseError(
  text: string,
  error: unknown,
): { problem: string; position: number | null } {
  const message = errorMessage(error);
  const match = /position (\d+)/.exec(message);
  const position = match ? Number(match[1]) : /end of JSON/.test(message) ? text.length : null;
  if (position === null) return { problem: message, position };

  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return { problem: `${message} (line ${line}, column ${column})`, position };
}

export class DurableJsonAdapter<T> implements Adapter<T> {
  readonly #writer: DurableFileWriter;

  constructor(readonly path: string) {
    this.#writer = new DurableFileWriter(path);
  }

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return null;
      // A folder where the file belongs holds no state either; it can be moved aside.
      if (isErrno(error, 'EISDIR')) {
        throw new StoreCorruptError(this.path, 'is a folder, not a file', null, { cause: error });
      }
      throw new StoreReadError(this.path, { cause: error });
    }

    if (text.trim() === '') {
      throw new StoreCorruptError(this.path, `file is empty (${text.length} bytes)`, 0);
    }
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      const { problem, position } = describeParseError(text, error);
      throw new StoreCorruptError(this.path, problem, position, { cause: error });
    }
  }

  write(data: T): Promise<void> {
    // Serialise now: lowdb hands the same live object to every write.
    return this.#writer.write(JSON.stringify(data, null, 2) + '\n');
  }
}

/** Moves a damaged store file aside as `<path>.corrupt-<time>`; returns the new path. */
export async function quarantineCorruptFile(path: string, now = new Date()): Promise<string> {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const target = `${path}.corrupt-${stamp}`;
  await rename(path, target);
  await fsyncDirectory(dirname(path));
  return target;
}

/**
 * Opens (or creates) a JSON store. A corrupt file, or one that `check` refuses, is kept
 * aside and the store starts from `defaults`; an unreadable file is an error for the caller.
 */
export async function openJsonStore<T>(
  path: string,
  defaults: T,
  logger: Logger,
  /** Names what is wrong with valid JSON of the wrong shape, or null when it fits. */
  check: (data: unknown) => string | null = () => null,
): Promise<Low<T>> {
  await mkdir(dirname(path), { recursive: true });
  await removeStaleTempFiles(path, logger);
  const db = new Low<T>(new DurableJsonAdapter<T>(path), structuredClone(defaults));

  try {
    await db.read();
    // JSON of the wrong shape is as unusable as broken JSON: the features would trip on it.
    const problem = check(db.data);
    if (problem !== null) throw new StoreCorruptError(path, problem, null);
    return db;
  } catch (error) {
    if (!(error instanceof StoreCorruptError)) throw error;

    const kept = await quarantineCorruptFile(path);
    logger.error('store file was corrupt; kept a copy and started from defaults', {
      file: path,
      problem: error.problem,
      keptAs: kept,
    });
    db.data = structuredClone(defaults);
    await db.write();
    return db;
  }
}

/**
 * A power cut during a durable write leaves its temp file (`.<name>.<pid>.<n>.tmp`)
 * behind; the target still holds the previous content. Those of processes that no longer
 * run go at open, instead of piling up over years of power cuts; a running writer's stay.
 */
async function removeStaleTempFiles(path: string, logger: Logger): Promise<void> {
  const dir = dirname(path);
  const prefix = `.${basename(path)}.`;
  const stale = (await readdir(dir)).filter((name) => {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) return false;
    const [pid, counter, ...rest] = name.slice(prefix.length, -'.tmp'.length).split('.');
    if (rest.length > 0 || !/^\d+$/.test(pid ?? '') || !/^\d+$/.test(counter ?? '')) return false;
    return Number(pid) !== process.pid && !processRuns(Number(pid));
  });

  for (const name of stale) await unlink(join(dir, name)).catch(() => undefined);
  if (stale.length > 0) {
    const count = stale.length;
    logger.info('removed temp files an interrupted write left', { file: path, count });
  }
}
