/**
 * The one form a card UID takes everywhere in the product: uppercase hex, no separators.
 * Readers, logs, the store and upstream all compare UIDs as these strings.
 */

/** UID lengths of ISO 14443 cards: single, double and triple size. */
export const DEFAULT_UID_LENGTHS: readonly number[] = [4, 7, 10];

export function canonicalUid(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex').toUpperCase();
}

/**
 * Accepts a UID written by a person or another system ("04:a2 3b-…") and returns the
 * canonical form; throws a RangeError naming the text when it is not whole hex bytes.
 */
export function normalizeUid(text: string): string {
  const compact = text.replace(/[\s:.-]/g, '');
  if (compact.length === 0 || compact.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(compact)) {
    throw new RangeError(`card UID ${JSON.stringify(text)} is not a sequence of hex bytes`);
  }
  return compact.toUpperCase();
}

export function uidBytes(uid: string): Buffer {
  return Buffer.from(normalizeUid(uid), 'hex');
}

/**
 * The UID as it may appear in a log: its length and last two bytes, enough to tell two
 * cards apart while following a problem, too little to clone one. Logs leave the board.
 */
export function maskedUid(uid: string): string {
  return `${uid.length / 2}B…${uid.slice(-4)}`;
}
