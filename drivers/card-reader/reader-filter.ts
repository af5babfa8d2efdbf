/**
 * Which readers identify people. Dual-interface readers show pcscd several slots (the
 * contactless one, a contact slot, a SAM slot); only the configured ones may turn a
 * card into an identity.
 */
import { DriverError } from '../core/errors.js';

export const DEFAULT_READER_EXCLUDE: readonly string[] = ['\\bSAM\\b'];

export type ReaderFilter = (readerName: string) => boolean;

export function createReaderFilter(
  device: string,
  include: readonly string[] = [],
  exclude: readonly string[] = DEFAULT_READER_EXCLUDE,
): ReaderFilter {
  const compile = (field: string, pattern: string): RegExp => {
    try {
      return new RegExp(pattern, 'i');
    } catch (error) {
      const shown = JSON.stringify(pattern);
      const message = `${device}: ${field} pattern ${shown} is not a valid expression`;
      throw new DriverError('config', message, device, { cause: error });
    }
  };
  const included = include.map((pattern) => compile('readerInclude', pattern));
  const excluded = exclude.map((pattern) => compile('readerExclude', pattern));

  return (name) =>
    !excluded.some((pattern) => pattern.test(name)) &&
    (included.length === 0 || included.some((pattern) => pattern.test(name)));
}
