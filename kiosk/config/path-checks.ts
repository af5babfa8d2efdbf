/**
 * Checks the schema cannot make: that a broker address is a usable URL, and that each
 * path exists and is the kind of thing it must be. Run before anything is opened, so a
 * wrong path stops the start with its field named instead of failing later in a driver
 * with an errno, or retrying forever.
 */
import { statSync, type Stats } from 'node:fs';
import type { KioskConfig } from './types.js';

/** Values whose form the schema's pattern only half checks. */
export function checkValues(config: KioskConfig): string[] {
  const broker = config.upstream.broker;
  if (!broker) return [];

  let url: URL;
  try {
    url = new URL(broker.url);
  } catch {
    return [`upstream.broker.url: ${JSON.stringify(broker.url)} is not a valid URL`];
  }
  // "mqtt://" alone would silently mean localhost; say which broker is meant.
  if (url.hostname === '') {
    return [`upstream.broker.url: ${JSON.stringify(broker.url)} names no broker host`];
  }
  // The URL is printed in the start banner and in errors; a password in it would leak.
  if (url.username !== '' || url.password !== '') {
    return [
      'upstream.broker.url: holds a user name or password; ' +
        'put them in upstream.broker.username and upstream.broker.password',
    ];
  }
  return [];
}

type Kind = 'file' | 'folder' | 'serial device';

function statOf(path: string): Stats | 'missing' | string {
  try {
    return statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'missing';
    if (code === 'ELOOP') return 'is a symbolic link that loops back on itself';
    return `cannot be checked (${code ?? String(error)})`;
  }
}

function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFile()) return 'a regular file';
  if (info.isCharacterDevice()) return 'a character device';
  return 'a special file';
}

function matches(info: Stats, kind: Kind): boolean {
  if (kind === 'file') return info.isFile();
  if (kind === 'folder') return info.isDirectory();
  return info.isCharacterDevice();
}

/** Paths the terminal cannot work without, and what each must be. */
export function checkPaths(config: KioskConfig): string[] {
  const problems: string[] = [];
  const check = (field: string, path: string | undefined, kind: Kind, mayBeMissing = false) => {
    if (path === undefined) return;
    const info = statOf(path);
    if (info === 'missing') {
      if (!mayBeMissing) problems.push(`${field}: ${path} does not exist`);
    } else if (typeof info === 'string') {
      problems.push(`${field}: ${path} ${info}`);
    } else if (!matches(info, kind)) {
      problems.push(`${field}: ${path} is ${kindOf(info)}, not a ${kind}`);
    }
  };

  const fingerprint = config.hardware.fingerprint;
  if (fingerprint.backend === 'real') {
    check('hardware.fingerprint.port', fingerprint.port, 'serial device');
  }
  if (config.localData !== 'demo') check('localData', config.localData, 'file');
  // The data folder is made at the first start.
  check('dataDir', config.dataDir, 'folder', true);

  const broker = config.upstream.broker;
  check('upstream.broker.caFile', broker?.caFile, 'file');
  check('upstream.broker.certFile', broker?.certFile, 'file');
  check('upstream.broker.keyFile', broker?.keyFile, 'file');
  check('upstream.broker.passwordFile', broker?.passwordFile, 'file');
  return problems;
}
