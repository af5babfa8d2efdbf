/**
 * Decodes the SCARD_STATE_* bits that pcscd reports for a reader.
 *
 * The low 16 bits are flags; pcsc-lite puts a per-reader event counter in the high 16
 * bits. A card only counts as "there" for identity when it is present, answered its
 * reset (not mute) and is powered: a mute or unpowered card cannot give a UID.
 */
export const STATE_FLAGS = {
  ignore: 0x0001,
  changed: 0x0002,
  unknown: 0x0004,
  unavailable: 0x0008,
  empty: 0x0010,
  present: 0x0020,
  atrMatch: 0x0040,
  exclusive: 0x0080,
  inUse: 0x0100,
  mute: 0x0200,
  unpowered: 0x0400,
} as const;

export type StateFlag = keyof typeof STATE_FLAGS;

export interface ReaderState {
  raw: number;
  flags: StateFlag[];
  /** Bits 16–31: how many card events pcscd has seen on this reader. */
  eventCount: number;
  /** Some card sits in the reader, whatever its condition. */
  cardPresent: boolean;
  /** Present, answered its reset and powered: worth asking for a UID. */
  cardUsable: boolean;
  /** The reader itself cannot be used (gone, or state unknown to pcscd). */
  readerUnavailable: boolean;
  /** Set bits in the low 16 that no flag above names. */
  unknownBits: number;
}

const KNOWN_BITS = Object.values(STATE_FLAGS).reduce((all, bit) => all | bit, 0);

export function decodeReaderState(raw: number): ReaderState {
  const low = raw & 0xffff;
  const flags = (Object.keys(STATE_FLAGS) as StateFlag[]).filter(
    (flag) => (low & STATE_FLAGS[flag]) !== 0,
  );
  const has = (flag: StateFlag) => (low & STATE_FLAGS[flag]) !== 0;

  const readerUnavailable = has('unknown') || has('unavailable');
  const cardPresent = has('present') && !has('empty') && !readerUnavailable;
  const cardUsable = cardPresent && !has('mute') && !has('unpowered');

  return {
    raw,
    flags,
    eventCount: (raw >>> 16) & 0xffff,
    cardPresent,
    cardUsable,
    readerUnavailable,
    unknownBits: low & ~KNOWN_BITS,
  };
}

/** "present+inUse (events 3)", for logs an operator reads. */
export function describeReaderState(state: ReaderState): string {
  const flags = state.flags.length > 0 ? state.flags.join('+') : 'unaware';
  const extra = state.unknownBits ? ` unknown-bits=0x${state.unknownBits.toString(16)}` : '';
  return `${flags} (events ${state.eventCount})${extra}`;
}
