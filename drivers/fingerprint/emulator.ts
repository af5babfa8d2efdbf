/**
 * An emulated R30x-family module that speaks the real bytes over any Duplex: one end of
 * an in-memory pipe, or a serial port opened on one end of a pty pair.
 *
 * The test or demo controls it like a person at the sensor: place a finger, lift it,
 * touch once. It answers like the module: one command at a time, with its own response
 * delays (a pty ignores the baud rate, so the line time is modelled here too), and a
 * packet-error ack for a frame it cannot read.
 */
import type { Duplex } from 'node:stream';
import type { Logger } from '../core/logger.js';
import {
  Command,
  Confirmation,
  DEFAULT_ADDRESS,
  DEFAULT_BAUD_RATE,
  PacketType,
  type CommandName,
} from './constants.js';
import { splitData } from './data-transfer.js';
import { execute, receiveTemplate, type EmulatorState, type Outcome } from './emulator-state.js';
import { Framer } from './framer.js';
import { encodePacket, type Packet } from './packet.js';

export interface EmulatorOptions {
  address?: number;
  /** Module password; when not 0 every command but VfyPwd needs it verified first. */
  password?: number;
  /** Library size (default 200). */
  capacity?: number;
  /** Data packet size in bytes: 32, 64, 128 (default) or 256. */
  packetSize?: 32 | 64 | 128 | 256;
  /** Baud rate used to model the time bytes take on the line (default 57600). */
  baudRate?: number;
  /** Processing time per command in ms; `default` applies to those not listed. */
  delays?: Partial<Record<CommandName | 'default', number>>;
  logger?: Logger;
}

/** Quick defaults for tests; a demo may pass realistic ones (GenImg ≈ 200–500 ms). */
const DEFAULT_DELAYS: Partial<Record<CommandName | 'default', number>> = {
  default: 2,
  GenImg: 8,
  Img2Tz: 8,
  Search: 10,
};

/** Packets a faulty upload sends before giving up, when `endlessUpload` is set. */
const ENDLESS_UPLOAD_PACKETS = 200;

export class FingerprintEmulator {
  readonly state: EmulatorState;
  /** Answer nothing at all, like a module without power. */
  silent = false;
  /** UpChar sends data packets without ever sending the end packet. */
  endlessUpload = false;
  /** Number of command packets answered so far. */
  commandsAnswered = 0;
  readonly #delays: Partial<Record<CommandName | 'default', number>>;
  /** Per instruction code: confirmation codes to answer next, or 'ignore' for no answer. */
  readonly #injected = new Map<number, (number | 'ignore')[]>();
  readonly #streams = new Set<Duplex>();

  constructor(private readonly options: EmulatorOptions = {}) {
    this.state = {
      address: options.address ?? DEFAULT_ADDRESS,
      password: options.password ?? 0,
      passwordVerified: false,
      capacity: options.capacity ?? 200,
      packetSize: options.packetSize ?? 128,
      baudRate: options.baudRate ?? DEFAULT_BAUD_RATE,
      enrolled: new Map(),
      finger: null,
      liftUnseen: false,
      nextTouch: null,
      image: null,
      charBuffers: [null, null],
    };
    this.#delays = { ...DEFAULT_DELAYS, ...options.delays };
  }

  /** Library page id → finger id of the template stored there. */
  get enrolled(): Map<number, string> {
    return this.state.enrolled;
  }

  /** Stores a template for a finger (default finger id `finger-<templateId>`). */
  enrol(templateId: number, fingerId = `finger-${templateId}`): string {
    this.state.enrolled.set(templateId, fingerId);
    return fingerId;
  }

  /** Puts the finger enrolled at `templateId` on the glass until `liftFinger()`. */
  placeFinger(templateId: number): void {
    this.presentFinger(this.#fingerAt(templateId));
  }

  /** Puts any finger, known or not, on the glass. */
  presentFinger(fingerId: string, once = false): void {
    const finger = { fingerId, once };
    if (once && this.state.liftUnseen) this.state.nextTouch = finger;
    else this.state.finger = finger;
  }

  placeUnknownFinger(): void {
    this.presentFinger(`unknown-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`);
  }

  liftFinger(): void {
    this.state.finger = null;
    this.state.nextTouch = null;
  }

  /** A finger that stays for exactly one image capture. */
  touch(templateId: number | 'unknown'): void {
    const fingerId =
      templateId === 'unknown' ? `unknown-${Date.now()}` : this.#fingerAt(templateId);
    this.presentFinger(fingerId, true);
  }

  /** The next `times` answers to `command` carry this confirmation code instead. */
  injectConfirmation(command: CommandName, confirmation: number, times = 1): void {
    this.#inject(command, confirmation, times);
  }

  /** The next `times` requests of `command` get no answer at all, as if lost on the line. */
  ignoreNext(command: CommandName, times = 1): void {
    this.#inject(command, 'ignore', times);
  }

  #inject(command: CommandName, what: number | 'ignore', times: number): void {
    const queue = this.#injected.get(Command[command]) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(what);
    this.#injected.set(Command[command], queue);
  }

  setDelay(command: CommandName | 'default', ms: number): void {
    this.#delays[command] = ms;
  }

  /** Serves the module protocol on a stream; returns a function that stops serving. */
  attach(stream: Duplex): () => void {
    const framer = new Framer();
    let queue: Promise<void> = Promise.resolve();
    let download: { buffer: 1 | 2; chunks: Buffer[] } | null = null;
    this.state.passwordVerified = false;
    this.#streams.add(stream);

    const onData = (chunk: Buffer) => {
      for (const output of framer.push(chunk)) {
        if (output.kind === 'error') {
          if (output.error.fault === 'noise') continue;
          this.#log(`bad frame: ${output.error.message}`);
          const refusal = { ack: Buffer.from([Confirmation.packetError]) };
          queue = queue.then(() => this.#reply(stream, refusal, 0));
          continue;
        }
        const packet = output.packet;
        if (packet.address !== this.state.address || this.silent) continue;
        if (download && packet.type !== PacketType.command) {
          download.chunks.push(packet.payload);
          if (packet.type === PacketType.endOfData) {
            receiveTemplate(this.state, download.buffer, Buffer.concat(download.chunks));
            download = null;
          }
          continue;
        }
        if (packet.type !== PacketType.command) continue;
        queue = queue.then(() => this.#serve(stream, packet, (buffer) => {
          download = { buffer, chunks: [] };
        }));
      }
    };
    stream.on('data', onData);
    stream.on('error', (error: Error) => this.#log(`stream error: ${error.message}`));

    return () => {
      stream.off('data', onData);
      this.#streams.delete(stream);
    };
  }

  /** Writes raw bytes on every attached line, as electrical noise or a broken module would. */
  sendRaw(bytes: Buffer): void {
    for (const stream of this.#streams) if (!stream.destroyed) stream.write(bytes);
  }

  /** Destroys every attached stream, like pulling the module's cable. */
  unplug(): void {
    for (const stream of this.#streams) stream.destroy();
    this.#streams.clear();
  }

  async #serve(
    stream: Duplex,
    packet: Packet,
    startDownload: (buffer: 1 | 2) => void,
  ): Promise<void> {
    const code = packet.payload[0] ?? -1;
    const injected = this.#injected.get(code)?.shift();
    if (injected === 'ignore') return;
    const outcome: Outcome =
      injected === undefined
        ? execute(this.state, packet.payload)
        : { ack: Buffer.from([injected]) };
    if (outcome.download) startDownload(outcome.download);

    const entry = Object.entries(Command).find(([, value]) => value === code);
    const name = entry?.[0] as CommandName | undefined;
    const delay = (name && this.#delays[name]) ?? this.#delays.default ?? 0;
    this.commandsAnswered += 1;
    await this.#reply(stream, outcome, delay);
  }

  async #reply(stream: Duplex, outcome: Outcome, processingMs: number): Promise<void> {
    const address = this.state.address;
    const packets: Packet[] = [{ type: PacketType.ack, address, payload: outcome.ack }];
    if (outcome.upload && this.endlessUpload) {
      const filler = Buffer.alloc(this.state.packetSize, 0x5a);
      for (let i = 0; i < ENDLESS_UPLOAD_PACKETS; i += 1) {
        packets.push({ type: PacketType.data, address, payload: filler });
      }
    } else if (outcome.upload) {
      packets.push(...splitData(address, outcome.upload, this.state.packetSize));
    }

    const bytes = Buffer.concat(packets.map(encodePacket));
    const lineMs = (bytes.length * 10 * 1000) / this.state.baudRate;
    await new Promise((resolve) => setTimeout(resolve, processingMs + lineMs));
    if (!stream.destroyed && stream.writable) stream.write(bytes);
  }

  #fingerAt(templateId: number): string {
    const fingerId = this.state.enrolled.get(templateId);
    if (fingerId === undefined) {
      throw new RangeError(`no finger is enrolled at template ${templateId}`);
    }
    return fingerId;
  }

  #log(message: string): void {
    this.options.logger?.debug(message);
  }
}
