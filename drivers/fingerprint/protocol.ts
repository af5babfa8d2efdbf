/**
 * The command link to one module over a byte Duplex (a serial port or an in-memory pipe).
 *
 * One command is on the wire at a time: requests queue. Each has a timeout; a reply that
 * arrives after its command timed out is dropped as stale, and the next command waits a
 * short grace period first so a late reply cannot be taken for its own. A data transfer
 * that never ends with an end-of-data packet is cut off after a bounded number of
 * packets and bytes.
 */
import type { Duplex } from 'node:stream';
import {
  DeviceLostError,
  DeviceTimeoutError,
  ProtocolError,
  errorMessage,
} from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { DEFAULT_ADDRESS, PacketType, hex } from './constants.js';
import { DataSequenceError } from './errors.js';
import { Framer } from './framer.js';
import { commandPacket, encodePacket, type FrameError, type Packet } from './packet.js';
import { splitData } from './data-transfer.js';

export interface LinkOptions {
  /** Port path or other name of the line, used in every error and log line. */
  device: string;
  logger: Logger;
  /** Module address (default FFFFFFFF). */
  address?: number;
  /** Time allowed for the reply to one command (default 1000 ms). */
  timeoutMs?: number;
  /** Silence kept after a timeout before the next command is written (default: the timeout). */
  staleGraceMs?: number;
  /** Upper bounds of one incoming data transfer (defaults 64 packets, 16 KiB). */
  maxDataPackets?: number;
  maxDataBytes?: number;
  /** Largest length field accepted by the framer (default 258). */
  maxLengthField?: number;
}

export interface LinkRequest {
  /** Instruction name as in the datasheet, used in errors ("GenImg"). */
  name: string;
  code: number;
  params?: Uint8Array;
  timeoutMs?: number;
  /** The module follows a successful ack with data packets ending in an end packet. */
  receiveData?: boolean;
  /** The host follows a successful ack with these bytes as data packets. */
  sendData?: { bytes: Buffer; packetSize: number };
}

export interface LinkReply {
  confirmation: number;
  /** Ack payload after the confirmation code. */
  params: Buffer;
  /** Received data, when the request asked for it and the module said ok. */
  data?: Buffer;
}

interface Pending {
  request: LinkRequest;
  phase: 'ack' | 'data';
  reply?: LinkReply;
  chunks: Buffer[];
  bytes: number;
  resolve(reply: LinkReply): void;
  reject(error: Error): void;
}

export class FingerprintLink {
  readonly address: number;
  readonly #framer: Framer;
  readonly #timeoutMs: number;
  readonly #graceMs: number;
  readonly #maxPackets: number;
  readonly #maxBytes: number;
  #pending: Pending | null = null;
  #tail: Promise<unknown> = Promise.resolve();
  #quietUntil = 0;
  #lostError: Error | null = null;
  readonly #lostListeners: ((error: Error) => void)[] = [];
  readonly #detach: () => void;

  constructor(
    private readonly stream: Duplex,
    private readonly options: LinkOptions,
  ) {
    this.address = options.address ?? DEFAULT_ADDRESS;
    this.#framer = new Framer({ maxLengthField: options.maxLengthField });
    this.#timeoutMs = options.timeoutMs ?? 1000;
    this.#graceMs = options.staleGraceMs ?? this.#timeoutMs;
    this.#maxPackets = options.maxDataPackets ?? 64;
    this.#maxBytes = options.maxDataBytes ?? 16 * 1024;

    const onData = (chunk: Buffer) => this.#onBytes(chunk);
    const onError = (error: Error) => this.#lost(`port error: ${error.message}`, error);
    const onClose = (error?: Error & { disconnected?: boolean }) => {
      const why = error?.disconnected ? 'port disconnected (module unplugged?)' : 'port closed';
      this.#lost(why, error);
    };
    stream.on('data', onData);
    stream.on('error', onError);
    stream.on('close', onClose);
    this.#detach = () => {
      stream.off('data', onData);
      stream.off('close', onClose);
      // An error listener stays so a late library error can never reach the process.
      stream.off('error', onError);
      stream.on('error', () => undefined);
    };
  }

  get device(): string {
    return this.options.device;
  }

  /** Called once when the line goes away; pending and queued commands fail with it. */
  onLost(listener: (error: Error) => void): void {
    this.#lostListeners.push(listener);
  }

  request(request: LinkRequest): Promise<LinkReply> {
    const run = this.#tail.then(() => this.#run(request));
    this.#tail = run.catch(() => undefined);
    return run;
  }

  /** Stops listening; commands still queued fail. Does not close the stream. */
  close(): void {
    this.#detach();
    this.#fail(new DeviceLostError(this.device, 'fingerprint link closed'));
  }

  async #run(request: LinkRequest): Promise<LinkReply> {
    if (this.#lostError) throw this.#lostError;
    const wait = this.#quietUntil - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (this.#lostError) throw this.#lostError;

    const timeoutMs = request.timeoutMs ?? this.#timeoutMs;
    const command = commandPacket(this.address, request.code, request.params);
    return new Promise<LinkReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#settle(pending);
        this.#quietUntil = Date.now() + this.#graceMs;
        this.#framer.reset();
        const what = `${request.name} from the fingerprint module`;
        reject(new DeviceTimeoutError(this.device, what, timeoutMs));
      }, timeoutMs);

      const pending: Pending = {
        request,
        phase: 'ack',
        chunks: [],
        bytes: 0,
        resolve: (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.#pending = pending;
      this.#write([command], pending);
    });
  }

  #write(packets: Packet[], pending: Pending, after?: () => void): void {
    const bytes = Buffer.concat(packets.map(encodePacket));
    this.stream.write(bytes, (error) => {
      if (error) {
        const lost = new DeviceLostError(this.device, 'write failed', { cause: error });
        if (this.#settle(pending)) pending.reject(lost);
        return;
      }
      after?.();
    });
  }

  #onBytes(chunk: Buffer): void {
    // This runs inside the port's read path: nothing may be thrown from here.
    try {
      for (const output of this.#framer.push(chunk)) {
        if (output.kind === 'packet') this.#onPacket(output.packet);
        else this.#onFrameError(output.error);
      }
    } catch (error) {
      const reason = errorMessage(error);
      this.options.logger.error('fingerprint reply handling failed', { reason });
      const pending = this.#pending;
      if (pending && this.#settle(pending)) {
        const detail = `reply to ${pending.request.name} could not be handled`;
        pending.reject(new ProtocolError(this.device, detail, { cause: error }));
      }
    }
  }

  #onPacket(packet: Packet): void {
    const pending = this.#pending;
    if (packet.address !== this.address) {
      const address = hex(packet.address, 8);
      this.options.logger.debug('dropped packet for another address', { address });
      return;
    }
    if (!pending) {
      this.#dropStale(packet);
      return;
    }
    if (pending.phase === 'ack') this.#onAck(packet, pending);
    else this.#onData(packet, pending);
  }

  #onAck(packet: Packet, pending: Pending): void {
    // Data packets before an ack belong to a transfer that already timed out.
    if (packet.type !== PacketType.ack) {
      this.#dropStale(packet);
      return;
    }
    const { request } = pending;
    if (packet.payload.length < 1) {
      this.#settle(pending);
      pending.reject(new ProtocolError(this.device, `empty acknowledge to ${request.name}`));
      return;
    }

    const reply = { confirmation: packet.payload[0] ?? 0, params: packet.payload.subarray(1) };
    if (reply.confirmation === 0 && request.receiveData) {
      pending.phase = 'data';
      pending.reply = reply;
      return;
    }
    if (reply.confirmation === 0 && request.sendData) {
      const { bytes, packetSize } = request.sendData;
      const packets = splitData(this.address, bytes, packetSize);
      this.#write(packets, pending, () => {
        if (this.#settle(pending)) pending.resolve(reply);
      });
      return;
    }
    this.#settle(pending);
    pending.resolve(reply);
  }

  #onData(packet: Packet, pending: Pending): void {
    const name = pending.request.name;
    if (packet.type !== PacketType.data && packet.type !== PacketType.endOfData) {
      this.#settle(pending);
      const detail = `packet id 0x${hex(packet.type)} inside the data of ${name}`;
      pending.reject(new DataSequenceError(this.device, detail));
      return;
    }

    pending.chunks.push(packet.payload);
    pending.bytes += packet.payload.length;
    if (packet.type === PacketType.endOfData) {
      this.#settle(pending);
      pending.resolve({ ...pending.reply!, data: Buffer.concat(pending.chunks) });
      return;
    }

    if (pending.chunks.length >= this.#maxPackets || pending.bytes >= this.#maxBytes) {
      this.#settle(pending);
      this.#quietUntil = Date.now() + this.#graceMs;
      const detail =
        `data of ${name} had no end packet after ${pending.chunks.length} packets ` +
        `(${pending.bytes} bytes); transfer aborted`;
      pending.reject(new DataSequenceError(this.device, detail));
    }
  }

  #onFrameError(error: FrameError): void {
    if (error.fault === 'noise') {
      this.options.logger.debug('skipped noise on the line', { bytes: error.droppedBytes });
      return;
    }
    const pending = this.#pending;
    if (!pending) {
      this.options.logger.warn('bad frame from the fingerprint module', { reason: error.message });
      return;
    }

    // The rest of a corrupted reply may still be arriving: keep the line quiet first.
    this.#settle(pending);
    this.#quietUntil = Date.now() + this.#graceMs;
    const detail = `corrupted reply to ${pending.request.name}: ${error.message}`;
    pending.reject(new ProtocolError(this.device, detail, { cause: error }));
  }

  #dropStale(packet: Packet): void {
    const details = { type: packet.type, bytes: packet.payload.length };
    this.options.logger.debug('dropped stale packet', details);
  }

  /** Clears the pending slot if it still holds this request; false when already settled. */
  #settle(pending: Pending): boolean {
    if (this.#pending !== pending) return false;
    this.#pending = null;
    return true;
  }

  #lost(why: string, cause?: unknown): void {
    if (this.#lostError) return;
    const error = new DeviceLostError(this.device, why, { cause });
    this.options.logger.debug('fingerprint line lost', { reason: errorMessage(error) });
    this.#fail(error);
    for (const listener of this.#lostListeners) listener(error);
  }

  #fail(error: Error): void {
    this.#lostError ??= error;
    const pending = this.#pending;
    if (pending && this.#settle(pending)) pending.reject(error);
  }
}
