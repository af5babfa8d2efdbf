/**
 * Reads a JSON file a person wrote by hand (configuration, local data) strictly: bounded
 * in size and nesting, UTF-8 only, and no key given twice in one object. JSON.parse alone
 * would let the last of two equal keys win and turn bad bytes into U+FFFD in silence.
 */
import { readFileSync, statSync } from 'node:fs';

/** What was wrong with the file, phrased to follow its path ("is a folder, not a file"). */
export class JsonFileError extends Error {
  readonly code = 'json-file-refused';

  constructor(
    readonly path: string,
    readonly problem: string,
    /** The key path inside the document the problem is at; null when it is the file. */
    readonly field: string | null = null,
    options?: { cause?: unknown },
  ) {
    super(`${path}: ${field === null ? '' : `${field}: `}${problem}`, options);
    this.name = 'JsonFileError';
  }
}

export interface JsonFileLimits {
  maxBytes: number;
  /** Deepest nesting of objects and arrays. */
  maxDepth: number;
}

const BOM = '\ufeff';

const READ_PROBLEMS: Record<string, string> = {
  ENOENT: 'file does not exist',
  EISDIR: 'is a folder, not a file',
  ELOOP: 'is a symbolic link that loops back on itself',
  EACCES: 'cannot be read: permission denied',
  ENOTDIR: 'a part of its path is not a folder',
};

export function readJsonFile(path: string, limits: JsonFileLimits): unknown {
  const bytes = readBounded(path, limits.maxBytes);

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    const line = lineOf(bytes.toString('utf8'), bytes.toString('utf8').indexOf('\ufffd'));
    const problem = `is not UTF-8 text (first bad byte on line ${line}); save it as UTF-8`;
    throw new JsonFileError(path, problem, null, { cause: error });
  }
  // Some editors start a UTF-8 file with a byte order mark; it carries no meaning.
  if (text.startsWith(BOM)) text = text.slice(1);

  const structural = findStructuralProblem(text, limits.maxDepth);
  if (structural) throw new JsonFileError(path, structural.problem, structural.field);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const problem = `not valid JSON: ${(error as Error).message}`;
    throw new JsonFileError(path, problem, null, { cause: error });
  }
}

function readBounded(path: string, maxBytes: number): Buffer {
  try {
    const info = statSync(path);
    if (info.isDirectory()) throw Object.assign(new Error('folder'), { code: 'EISDIR' });
    if (!info.isFile()) throw new JsonFileError(path, 'is not a regular file');
    if (info.size > maxBytes) {
      throw new JsonFileError(path, `is ${info.size} bytes; at most ${maxBytes} are accepted`);
    }
    return readFileSync(path);
  } catch (error) {
    if (error instanceof JsonFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const problem = READ_PROBLEMS[code] ?? `cannot be read (${code || String(error)})`;
    throw new JsonFileError(path, problem, null, { cause: error });
  }
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, Math.max(offset, 0)).split('\n').length;
}

interface Level {
  isObject: boolean;
  keys: Set<string>;
  expectKey: boolean;
  lastKey: string;
  index: number;
  path: string;
}

/**
 * One pass over the text, without recursion, for what JSON.parse accepts but we must
 * not: a key twice in one object, nesting past `maxDepth`. Syntax errors are left for
 * JSON.parse to report.
 */
function findStructuralProblem(
  text: string,
  maxDepth: number,
): { field: string; problem: string } | null {
  const stack: Level[] = [];

  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    const top = stack.at(-1);

    if (char === '"') {
      const end = stringEnd(text, i);
      if (end < 0) return null;
      if (top?.isObject && top.expectKey) {
        let key: string;
        try {
          key = JSON.parse(text.slice(i, end + 1)) as string;
        } catch {
          return null;
        }
        const where = top.path ? `${top.path}.${key}` : key;
        if (top.keys.has(key)) {
          const problem = `is given twice (second on line ${lineOf(text, i)}); keep one`;
          return { field: where, problem };
        }
        top.keys.add(key);
        top.lastKey = key;
        top.expectKey = false;
      }
      i = end;
    } else if (char === '{' || char === '[') {
      const name = top === undefined ? '' : top.isObject ? top.lastKey : `[${top.index}]`;
      const joiner = name.startsWith('[') ? '' : '.';
      const path = top?.path ? `${top.path}${joiner}${name}` : name;
      if (stack.length >= maxDepth) {
        return { field: path || '(top level)', problem: `nested deeper than ${maxDepth} levels` };
      }
      const isObject = char === '{';
      stack.push({ isObject, keys: new Set(), expectKey: isObject, lastKey: '', index: 0, path });
    } else if (char === '}' || char === ']') {
      stack.pop();
    } else if (char === ',' && top) {
      if (top.isObject) top.expectKey = true;
      else top.index += 1;
    }
  }
  return null;
}

/** Index of the quote closing the string that opens at `start`, or -1. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i += 1) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === '"') return i;
  }
  return -1;
}
