/**
 * A contactless card as the reader presents it to PC/SC: it has an ATR and answers the
 * get-UID command (`FF CA 00 00 Le`) the way a configured card would. The in-memory
 * simulator and the vpcd card emulator of the test rig both answer with this model, so
 * both back-ends see the same bytes.
 */
import { parseCommandApdu } from './command-apdu.js';
import { uidBytes } from './uid.js';

export type GetUidBehaviour =
  /** UID + 9000 for Le 00 or Le equal to the UID length; 6Cxx for any other Le. */
  | 'normal'
  /** 6Cxx to anything but Le equal to the UID length (the driver must re-send). */
  | 'wrong-length-first'
  /** The card leaves the field while the command runs: no answer at all. */
  | 'pull'
  /** A fixed status word (4 hex digits), with the UID in front when `withUid`. */
  | { sw: string; withUid?: boolean };

export interface SimulatedCardSpec {
  /** UID in any hex notation; 4, 7 or 10 bytes for a real ISO 14443 card. */
  uid: string;
  /** ATR as hex. Default: a PC/SC part 3 ATR of a contactless memory card. */
  atr?: string;
  getUid?: GetUidBehaviour;
}

/** The ATR a PC/SC reader builds for a MIFARE Classic 1K (PC/SC part 3, 3.1.3.2.3). */
export const DEFAULT_ATR = '3B8F8001804F0CA000000306030001000000006A';

export type CardAnswer = { kind: 'response'; bytes: Buffer } | { kind: 'pulled' };

const sw = (word: number) => Buffer.from([word >> 8, word & 0xff]);

export class SimulatedCard {
  readonly uid: Buffer;
  readonly atr: Buffer;
  readonly #behaviour: GetUidBehaviour;

  constructor(readonly spec: SimulatedCardSpec) {
    this.uid = uidBytes(spec.uid);
    this.atr = Buffer.from(spec.atr ?? DEFAULT_ATR, 'hex');
    this.#behaviour = spec.getUid ?? 'normal';
  }

  respond(command: Uint8Array): CardAnswer {
    const parsed = parseCommandApdu(command);
    if (!parsed.ok) return { kind: 'response', bytes: sw(0x6700) };

    const { cla, ins, p1, p2, le } = parsed.apdu;
    if (cla !== 0xff) return { kind: 'response', bytes: sw(0x6e00) };
    if (ins !== 0xca) return { kind: 'response', bytes: sw(0x6d00) };
    if (p1 !== 0x00 || p2 !== 0x00) return { kind: 'response', bytes: sw(0x6a81) };

    return this.#getUid(le ?? 256);
  }

  #getUid(le: number): CardAnswer {
    const behaviour = this.#behaviour;
    const length = this.uid.length;
    const uidOk = () => Buffer.concat([this.uid, sw(0x9000)]);

    if (behaviour === 'pull') return { kind: 'pulled' };
    if (typeof behaviour === 'object') {
      const word = Number.parseInt(behaviour.sw, 16);
      const bytes = behaviour.withUid ? Buffer.concat([this.uid, sw(word)]) : sw(word);
      return { kind: 'response', bytes };
    }

    const exact = le === length;
    const accepted = exact || (behaviour === 'normal' && le === 256);
    if (accepted) return { kind: 'response', bytes: uidOk() };
    return { kind: 'response', bytes: sw(0x6c00 | length) };
  }
}
