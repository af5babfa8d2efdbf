/**
 * A card that plugs into vpcd over TCP, answering with the shared card model. Being
 * connected is being on the reader: `insert` connects (and keeps reconnecting while the
 * card is meant to be there, e.g. across a pcscd restart), `remove` disconnects.
 */
import { connect, type Socket } from 'node:net';
import { TypedEmitter } from '../../drivers/core/typed-emitter.js';
import { SimulatedCard, type SimulatedCardSpec } from '../../drivers/card-reader/simulated-card.js';
import { classifyPayload, encodeFrame, VpcdFrameDecoder, VpcdFrameError } from './vpcd-codec.js';

export interface VpcdCardEvents {
  [event: string]: unknown;
  connected: { port: number };
  disconnected: { reason: string };
  control: { action: string };
  apdu: { command: string; response: string | null };
  fault: { code: string; message: string };
  pulled: { command: string };
}

export interface VpcdCardOptions {
  host?: string;
  port: number;
  /** Frames above this are a fault. Default 4096 (an extended APDU fits). */
  maxPayload?: number;
  retryMs?: number;
}

export class VpcdCard {
  readonly events = new TypedEmitter<VpcdCardEvents>();
  #card: SimulatedCard | null = null;
  #socket: Socket | null = null;
  #retry: NodeJS.Timeout | null = null;

  constructor(private readonly options: VpcdCardOptions) {}

  get inserted(): boolean {
    return this.#card !== null;
  }

  insert(spec: SimulatedCardSpec): void {
    this.#card = new SimulatedCard(spec);
    if (!this.#socket && !this.#retry) this.#connect();
  }

  remove(): void {
    this.#card = null;
    if (this.#retry) clearTimeout(this.#retry);
    this.#retry = null;
    this.#socket?.destroy();
  }

  #connect(): void {
    const { host = '127.0.0.1', port } = this.options;
    const socket = connect({ host, port });
    const decoder = new VpcdFrameDecoder(this.options.maxPayload ?? 4096);
    this.#socket = socket;

    socket.on('connect', () => this.events.emit('connected', { port }));
    socket.on('data', (chunk) => this.#receive(socket, decoder, chunk));
    socket.on('error', () => {
      // 'close' follows every error; the reason is reported there.
    });
    socket.on('close', (hadError) => {
      if (this.#socket === socket) this.#socket = null;
      this.#endOfStream(decoder);
      this.events.emit('disconnected', { reason: hadError ? 'error' : 'closed' });
      if (this.#card && !this.#retry) {
        this.#retry = setTimeout(() => {
          this.#retry = null;
          if (this.#card && !this.#socket) this.#connect();
        }, this.options.retryMs ?? 100);
      }
    });
  }

  #receive(socket: Socket, decoder: VpcdFrameDecoder, chunk: Buffer): void {
    let frames: Buffer[];
    try {
      frames = decoder.push(chunk);
    } catch (error) {
      this.#fault(error);
      socket.destroy();
      return;
    }
    for (const frame of frames) {
      if (socket.destroyed) return;
      this.#answer(socket, frame);
    }
  }

  #answer(socket: Socket, payload: Buffer): void {
    const message = classifyPayload(payload);
    const card = this.#card;
    if (!card) {
      socket.destroy();
      return;
    }

    if (message.kind === 'unknown-control') {
      const hex = '0x' + message.code.toString(16).padStart(2, '0');
      const text = `unknown control code ${hex}`;
      this.events.emit('fault', { code: 'unknown-control', message: text });
      return;
    }
    if (message.kind === 'control') {
      this.events.emit('control', { action: message.action });
      if (message.action === 'get-atr') socket.write(encodeFrame(card.atr));
      return;
    }

    const command = message.bytes.toString('hex').toUpperCase();
    const answer = card.respond(message.bytes);
    if (answer.kind === 'pulled') {
      this.events.emit('pulled', { command });
      this.remove();
      return;
    }
    this.events.emit('apdu', { command, response: answer.bytes.toString('hex').toUpperCase() });
    socket.write(encodeFrame(answer.bytes));
  }

  #endOfStream(decoder: VpcdFrameDecoder): void {
    try {
      decoder.end();
    } catch (error) {
      this.#fault(error);
    }
  }

  #fault(error: unknown): void {
    const code = error instanceof VpcdFrameError ? error.code : 'internal';
    const message = error instanceof Error ? error.message : String(error);
    this.events.emit('fault', { code, message });
  }
}
