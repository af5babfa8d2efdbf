/**
 * An in-memory PC/SC: readers, cards and the service itself, with the same state bits
 * and error codes pcscd gives. Tests and a laptop run of the product drive it through
 * `addReader`, `insert`, `remove`, `stopService` and friends.
 */
import type { BackendListener, PcscBackend, PcscSession, ReaderStatus } from './backend.js';
import { PcscError } from './errors.js';
import { STATE_FLAGS } from './reader-state.js';
import { SimulatedCard, type SimulatedCardSpec } from './simulated-card.js';

interface SimReader {
  card: SimulatedCard | null;
  mute: boolean;
  events: number;
}

const SCARD_E_NO_SERVICE = 0x8010001d;
const SCARD_E_UNKNOWN_READER = 0x80100009;
const SCARD_E_NO_SMARTCARD = 0x8010000c;
const SCARD_W_REMOVED_CARD = 0x80100069;

export class SimulatedPcsc implements PcscBackend {
  readonly kind = 'simulated' as const;
  readonly #readers = new Map<string, SimReader>();
  readonly #listeners = new Set<BackendListener>();
  #running = true;
  /** Every APDU sent to a card, as uppercase hex, in order. */
  readonly sent: { reader: string; apdu: string }[] = [];

  constructor(readers: string[] = []) {
    for (const name of readers) this.#readers.set(name, { card: null, mute: false, events: 0 });
  }

  async open(listener: BackendListener): Promise<PcscSession> {
    if (!this.#running) {
      throw new PcscError('simulated PC/SC', 'establishing a context', SCARD_E_NO_SERVICE);
    }
    this.#listeners.add(listener);
    setImmediate(() => {
      for (const name of this.#readers.keys()) this.#announce(listener, name);
    });
    return this.#session(listener);
  }

  addReader(name: string): void {
    if (this.#readers.has(name)) return;
    this.#readers.set(name, { card: null, mute: false, events: 0 });
    this.#each((listener) => this.#announce(listener, name));
  }

  removeReader(name: string): void {
    if (!this.#readers.delete(name)) return;
    this.#each((listener) => listener.readerRemoved(name));
  }

  /** Puts a card on the reader; `mute` models a card that does not answer its reset. */
  insert(reader: string, spec: SimulatedCardSpec, options: { mute?: boolean } = {}): void {
    const slot = this.#slot(reader);
    slot.card = new SimulatedCard(spec);
    slot.mute = options.mute ?? false;
    slot.events += 1;
    this.#each((listener) => listener.status(reader, this.#status(slot)));
  }

  remove(reader: string): void {
    const slot = this.#slot(reader);
    if (!slot.card) return;
    slot.card = null;
    slot.events += 1;
    this.#each((listener) => listener.status(reader, this.#status(slot)));
  }

  /** pcscd stops: every open session fails with "no service", as libpcsclite reports it. */
  stopService(): void {
    this.#running = false;
    const what = 'waiting for reader changes';
    const error = new PcscError('simulated PC/SC', what, SCARD_E_NO_SERVICE);
    const listeners = [...this.#listeners];
    this.#listeners.clear();
    setImmediate(() => listeners.forEach((listener) => listener.failed(error)));
  }

  startService(): void {
    this.#running = true;
  }

  #session(listener: BackendListener): PcscSession {
    return {
      transmit: async (reader, apdu) => {
        await new Promise((resolve) => setImmediate(resolve));
        if (!this.#listeners.has(listener)) {
          throw new PcscError('simulated PC/SC', 'transmit', SCARD_E_NO_SERVICE);
        }
        return this.#transmit(reader, apdu);
      },
      release: async () => {},
      close: async () => {
        this.#listeners.delete(listener);
      },
    };
  }

  #transmit(reader: string, apdu: Buffer): Buffer {
    const slot = this.#readers.get(reader);
    if (!slot) throw new PcscError(reader, 'transmit', SCARD_E_UNKNOWN_READER);
    if (!slot.card || slot.mute) throw new PcscError(reader, 'transmit', SCARD_E_NO_SMARTCARD);
    this.sent.push({ reader, apdu: apdu.toString('hex').toUpperCase() });

    const answer = slot.card.respond(apdu);
    if (answer.kind === 'response') return answer.bytes;
    this.remove(reader);
    throw new PcscError(reader, 'transmit', SCARD_W_REMOVED_CARD);
  }

  #announce(listener: BackendListener, name: string): void {
    const slot = this.#readers.get(name);
    if (!slot) return;
    listener.readerAdded(name);
    listener.status(name, this.#status(slot));
  }

  #status(slot: SimReader): ReaderStatus {
    let bits: number = STATE_FLAGS.changed;
    if (!slot.card) bits |= STATE_FLAGS.empty;
    else bits |= STATE_FLAGS.present | (slot.mute ? STATE_FLAGS.mute : 0);
    const state = (((slot.events & 0xffff) << 16) | bits) >>> 0;
    return { state, atr: slot.card?.atr ?? Buffer.alloc(0) };
  }

  #slot(reader: string): SimReader {
    const slot = this.#readers.get(reader);
    if (!slot) throw new RangeError(`simulated PC/SC has no reader named "${reader}"`);
    return slot;
  }

  #each(call: (listener: BackendListener) => void): void {
    for (const listener of [...this.#listeners]) call(listener);
  }
}
