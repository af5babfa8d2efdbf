/**
 * The card reader driver: watches every PC/SC reader, reads the UID of each card laid
 * on an identity reader and reports readers and cards as typed events.
 *
 * All trouble ends in one of two places: a card that gives no UID becomes a
 * 'card-error' event; a lost pcscd goes to the supervisor, which reopens with back-off.
 */
import type { Device, DeviceHealth } from '../core/device.js';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { DeviceSupervisor } from '../core/supervisor.js';
import { TypedEmitter } from '../core/typed-emitter.js';
import type { BackendListener, PcscBackend, PcscSession, ReaderStatus } from './backend.js';
import type { CardReaderEvents } from './options.js';
import { readUid } from './read-uid.js';
import { maskedUid } from './uid.js';
import type { ReaderFilter } from './reader-filter.js';
import { decodeReaderState, describeReaderState, type ReaderState } from './reader-state.js';

interface Tracked {
  name: string;
  identity: boolean;
  state: ReaderState | null;
  cardHere: boolean;
  uid: string | null;
  /** Bumped at every card change, so a read that finishes late is recognised as stale. */
  generation: number;
}

export interface CardReaderParts {
  name: string;
  logger: Logger;
  backend: PcscBackend;
  isIdentityReader: ReaderFilter;
  uidLengths: readonly number[];
  backoff?: { initialMs: number; maxMs: number };
  detail?: Record<string, unknown>;
}

export class CardReaderDriver implements Device<CardReaderEvents> {
  readonly kind = 'card-reader';
  readonly name: string;
  readonly capabilities = ['card-uid', 'reader-hotplug'] as const;
  readonly events: TypedEmitter<CardReaderEvents>;
  readonly #parts: CardReaderParts;
  readonly #logger: Logger;
  readonly #supervisor: DeviceSupervisor;
  readonly #readers = new Map<string, Tracked>();
  #session: PcscSession | null = null;
  #sessionId = 0;
  #lastSuccessAt: string | null = null;
  #lastError: DeviceHealth['lastError'] = null;

  constructor(parts: CardReaderParts) {
    this.#parts = parts;
    this.name = parts.name;
    this.#logger = parts.logger;
    this.events = new TypedEmitter<CardReaderEvents>((event, error) =>
      this.#logger.error('card reader event listener threw', {
        event,
        reason: errorMessage(error),
      }),
    );
    this.#supervisor = new DeviceSupervisor(
      parts.name,
      {
        open: () => this.#open(),
        close: () => this.#close(),
        onState: (state, error) => this.#onState(state, error),
      },
      parts.logger,
      parts.backoff ?? { initialMs: 500, maxMs: 10_000 },
    );
  }

  start(): Promise<void> {
    this.#logger.info('card reader starting', { backend: this.#parts.backend.kind });
    return this.#supervisor.start();
  }

  stop(): Promise<void> {
    return this.#supervisor.stop();
  }

  health(): DeviceHealth {
    const readers = [...this.#readers.values()].map((reader) => ({
      name: reader.name,
      identity: reader.identity,
      state: reader.state ? describeReaderState(reader.state) : 'unknown',
      card: reader.cardHere ? (reader.uid ?? 'unread') : null,
    }));
    return {
      state: this.#supervisor.state,
      backend: this.#parts.backend.kind,
      lastSuccessAt: this.#lastSuccessAt,
      lastError: this.#lastError,
      detail: { ...this.#parts.detail, readers },
    };
  }

  async #open(): Promise<void> {
    const id = ++this.#sessionId;
    const live = () => id === this.#sessionId;
    const listener: BackendListener = {
      readerAdded: (reader) => live() && this.#readerAdded(reader),
      readerRemoved: (reader) => live() && this.#readerRemoved(reader),
      status: (reader, status) => live() && this.#status(reader, status),
      failed: (error) => live() && this.#supervisor.lost(error, codeOf(error)),
    };
    const session = await this.#parts.backend.open(listener);

    // Stopped while pcscd was answering: this session belongs to nobody.
    if (!live()) {
      await session.close();
      return;
    }
    this.#session = session;
  }

  async #close(): Promise<void> {
    this.#sessionId += 1;
    const session = this.#session;
    this.#session = null;
    await session?.close();
    for (const reader of [...this.#readers.keys()]) this.#readerRemoved(reader);
  }

  #readerAdded(name: string): void {
    if (this.#readers.has(name)) return;
    const identity = this.#parts.isIdentityReader(name);
    this.#readers.set(name, {
      name,
      identity,
      state: null,
      cardHere: false,
      uid: null,
      generation: 0,
    });
    const message = identity ? 'card reader attached' : 'reader attached; not used for identity';
    this.#logger.info(message, { reader: name });
    if (identity) this.events.emit('reader-added', { reader: name, at: now() });
  }

  #readerRemoved(name: string): void {
    const reader = this.#readers.get(name);
    if (!reader) return;
    this.#cardLeft(reader);
    this.#readers.delete(name);
    this.#logger.info('card reader detached', { reader: name });
    if (reader.identity) this.events.emit('reader-removed', { reader: name, at: now() });
  }

  #status(name: string, status: ReaderStatus): void {
    const reader = this.#readers.get(name);
    if (!reader) return;
    const state = decodeReaderState(status.state);
    reader.state = state;
    this.#logger.debug('reader state', { reader: name, state: describeReaderState(state) });
    if (!reader.identity) return;

    if (state.cardPresent && !state.cardUsable && !reader.cardHere) {
      this.#logger.warn('card present but mute or unpowered; not read', { reader: name });
    }
    if (state.cardUsable && !reader.cardHere) this.#cardArrived(reader);
    else if (!state.cardUsable && reader.cardHere) this.#cardLeft(reader);
  }

  #cardArrived(reader: Tracked): void {
    reader.cardHere = true;
    reader.uid = null;
    reader.generation += 1;
    void this.#read(reader, reader.generation);
  }

  #cardLeft(reader: Tracked): void {
    if (!reader.cardHere) return;
    const uid = reader.uid;
    reader.cardHere = false;
    reader.uid = null;
    reader.generation += 1;
    this.#logger.info('card removed', { reader: reader.name, uid: uid ? maskedUid(uid) : 'unread' });
    this.events.emit('card-removed', { reader: reader.name, uid, at: now() });
  }

  async #read(reader: Tracked, generation: number): Promise<void> {
    const session = this.#session;
    if (!session) return;
    // A card that left before its UID came back was already reported as removed.
    const cardGone = () => generation !== reader.generation;
    const sessionGone = () => session !== this.#session;

    try {
      const context = { device: this.name, reader: reader.name, session, logger: this.#logger };
      const uid = await readUid({ ...context, uidLengths: this.#parts.uidLengths });
      if (cardGone() || sessionGone()) return;
      reader.uid = uid;
      this.#lastSuccessAt = now();
      this.#logger.info('card read', { reader: reader.name, uid: maskedUid(uid) });
      this.events.emit('card', { reader: reader.name, uid, at: this.#lastSuccessAt });
    } catch (error) {
      // A read cut short by a lost pcscd is the supervisor's business, not the card's.
      if (sessionGone()) return;
      const code = codeOf(error);
      const message = errorMessage(error);
      this.#logger.warn('card gave no UID', { reader: reader.name, code, reason: message });
      this.#lastError = { code, message, at: now() };
      this.events.emit('card-error', { reader: reader.name, code, message, at: now() });
    } finally {
      await session.release(reader.name);
    }
  }

  #onState(state: DeviceHealth['state'], error?: { code: string; message: string }): void {
    if (error) this.#lastError = { ...error, at: now() };
    if (state === 'ready') this.#lastSuccessAt = now();
    this.events.emit('state', error ? { state, error } : { state });
  }
}

function now(): string {
  return new Date().toISOString();
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'card-read-failed';
}
