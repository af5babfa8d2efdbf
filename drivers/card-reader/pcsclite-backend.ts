/**
 * The real back-end: pcscd through the native `pcsclite` module.
 *
 * pcsclite reports trouble only as 'error' events, on the context and on each reader;
 * every one of them gets a listener here for the object's whole life, also after close
 * (closing emits a harmless "Command cancelled (0x80100002)").
 */
import { DeviceTimeoutError, errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { BackendListener, PcscBackend, PcscSession } from './backend.js';
import { PcscError } from './errors.js';
import { loadPcsclite, useSocketPath } from './pcsclite-loader.js';
import type { PcscliteContext, PcscliteReader } from './pcsclite-types.js';

export interface PcscliteBackendOptions {
  device: string;
  logger: Logger;
  socketPath?: string;
  transmitTimeoutMs: number;
  /** Module to load; only tests change it, to see the "not installed" path. */
  moduleName?: string;
}

/** Short APDU answer: up to 256 data bytes and the status word. */
const MAX_RESPONSE = 258;
const QUIET_BEFORE_CLOSE_MS = 150;
const SETTLE_LIMIT_MS = 2000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class PcscliteBackend implements PcscBackend {
  readonly kind = 'real' as const;

  constructor(private readonly options: PcscliteBackendOptions) {}

  async open(listener: BackendListener): Promise<PcscSession> {
    const { device } = this.options;
    useSocketPath(device, this.options.socketPath);
    const factory = await loadPcsclite(device, this.options.moduleName);

    let context: PcscliteContext;
    try {
      // The constructor asks pcscd at once and throws when the service is not there.
      context = factory();
    } catch (error) {
      throw PcscError.from(device, 'connecting to pcscd', error);
    }
    return new PcscliteSession(context, listener, this.options);
  }
}

class PcscliteSession implements PcscSession {
  readonly #readers = new Map<string, PcscliteReader>();
  readonly #protocols = new Map<string, number>();
  #closed = false;
  #lastStatusAt = 0;
  readonly #reported = new Set<string>();

  constructor(
    private readonly context: PcscliteContext,
    private readonly listener: BackendListener,
    private readonly options: PcscliteBackendOptions,
  ) {
    context.on('error', (error) => {
      if (this.#closed) return this.#debug('context error after close', error);
      this.#closed = true;
      listener.failed(PcscError.from(options.device, 'watching for readers', error));
    });
    context.on('reader', (reader) => this.#attach(reader));
  }

  async transmit(name: string, apdu: Buffer): Promise<Buffer> {
    const reader = this.#readers.get(name);
    if (!reader || this.#closed) {
      throw new PcscError(this.options.device, `transmit to "${name}"`, 0x80100009);
    }
    try {
      const protocol = await this.#connect(reader);
      return await this.#timed(`APDU to "${name}"`, (done) =>
        reader.transmit(apdu, MAX_RESPONSE, protocol, done),
      );
    } catch (error) {
      await this.release(name);
      if (error instanceof DeviceTimeoutError) throw error;
      throw PcscError.from(this.options.device, `transmit to "${name}"`, error);
    }
  }

  async release(name: string): Promise<void> {
    const reader = this.#readers.get(name);
    this.#protocols.delete(name);
    if (!reader?.connected) return;
    try {
      await this.#timed<void>(`disconnect from "${name}"`, (done) =>
        reader.disconnect(reader.SCARD_LEAVE_CARD, (error) => done(error, undefined)),
      );
    } catch (error) {
      this.#debug(`disconnect from "${name}" failed`, error);
    }
  }

  async close(): Promise<void> {
    const names = [...this.#readers.keys()];
    await Promise.all(names.map((name) => this.release(name)));
    this.#closed = true;

    await this.#settleWatches();
    for (const reader of this.#readers.values()) {
      this.#quietly('reader close', () => reader.close());
    }
    this.#readers.clear();
    this.#quietly('context close', () => this.context.close());
  }

  /**
   * pcsclite's reader watch thread leaks its libuv handle, and the process can then never
   * exit by itself, when it is closed before its first state report or in the instant
   * between reporting a change and waiting for the next. So close only once every
   * watch has reported and all have been quiet for a moment (bounded wait).
   */
  async #settleWatches(): Promise<void> {
    const deadline = Date.now() + SETTLE_LIMIT_MS;
    const settled = () =>
      [...this.#readers.keys()].every((name) => this.#reported.has(name)) &&
      Date.now() - this.#lastStatusAt >= QUIET_BEFORE_CLOSE_MS;
    while (!settled() && Date.now() < deadline) await sleep(10);
  }

  #attach(reader: PcscliteReader): void {
    const name = reader.name;
    reader.on('error', (error) => {
      if (this.#closed) return this.#debug(`reader "${name}" error after close`, error);
      // pcsclite stops watching a reader after an error and would not list it again
      // until the reader list changes: reopening the session is the only way back.
      this.#closed = true;
      this.listener.failed(PcscError.from(this.options.device, `watching "${name}"`, error));
    });
    reader.on('status', (status) => {
      this.#lastStatusAt = Date.now();
      this.#reported.add(name);
      if (this.#closed) return;
      this.listener.status(name, { state: status.state, atr: status.atr ?? Buffer.alloc(0) });
    });
    reader.on('end', () => {
      this.#readers.delete(name);
      this.#protocols.delete(name);
      if (!this.#closed) this.listener.readerRemoved(name);
    });
    this.#readers.set(name, reader);
    if (!this.#closed) this.listener.readerAdded(name);
  }

  async #connect(reader: PcscliteReader): Promise<number> {
    const known = this.#protocols.get(reader.name);
    if (known !== undefined && reader.connected) return known;

    const options = {
      share_mode: reader.SCARD_SHARE_SHARED,
      protocol: reader.SCARD_PROTOCOL_T0 | reader.SCARD_PROTOCOL_T1,
    };
    const protocol = await this.#timed<number>(`connect to "${reader.name}"`, (done) =>
      reader.connect(options, done),
    );
    this.#protocols.set(reader.name, protocol);
    return protocol;
  }

  /** Wraps one callback call; a call the library never answers ends in a timeout error. */
  #timed<T>(what: string, call: (done: (error: unknown, value: T) => void) => void): Promise<T> {
    const { device, transmitTimeoutMs } = this.options;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new DeviceTimeoutError(device, what, transmitTimeoutMs)),
        transmitTimeoutMs,
      );
      call((error, value) => {
        clearTimeout(timer);
        if (error) reject(error instanceof Error ? error : new Error(String(error)));
        else resolve(value);
      });
    });
  }

  #quietly(what: string, action: () => void): void {
    try {
      action();
    } catch (error) {
      this.#debug(`${what} failed`, error);
    }
  }

  #debug(message: string, error: unknown): void {
    this.options.logger.debug(message, { reason: errorMessage(error) });
  }
}
