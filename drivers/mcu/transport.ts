/**
 * The transport handed to firmata-io: a byte link seen through the framer.
 *
 * firmata-io binds to any EventEmitter with `write(buffer, callback)` that emits `open`,
 * `data`, `close` and `error`. This one emits `data` once per whole, checked message, so a
 * fragmented or concatenated read, a stray byte or a malformed sysex never reaches
 * firmata-io's own parser; and it catches what a firmata-io or johnny-five handler throws,
 * because those handlers run inside our emit and would otherwise take the process down.
 */
import { EventEmitter } from 'node:events';
import { BOARD_TO_HOST, FirmataFramer, hex, type FramerFault } from './firmata-framer.js';
import type { ByteLink } from './link.js';

/** Sysex replies firmata-io acts on, with the fewest body bytes (id included) it reads. */
const SYSEX_MIN_BODY: Record<number, number> = {
  0x79: 3, // firmware name and version: id, major, minor [, name]
  0x6c: 1, // capabilities
  0x6a: 1, // analog mapping
  0x6e: 4, // pin state: id, pin, mode, state
  0x71: 1, // string from the board
};

export interface TransportFault {
  kind: FramerFault['kind'] | 'unsupported-sysex' | 'short-sysex' | 'handler-threw';
  detail: string;
}

export class FirmataTransport extends EventEmitter {
  #lastInboundAt = 0;
  readonly #framer: FirmataFramer;
  #onHandlerError: () => void = () => {};

  constructor(
    private readonly link: ByteLink,
    private readonly onFault: (fault: TransportFault) => void,
    maxSysex = 1024,
  ) {
    super();
    this.#framer = new FirmataFramer(
      BOARD_TO_HOST,
      (message) => this.#deliver(message),
      (fault) => onFault(fault),
      maxSysex,
    );
    link.onData((bytes) => {
      this.#lastInboundAt = Date.now();
      this.#framer.push(bytes);
    });
  }

  /** Time of the last byte from the board (ms since epoch), 0 when none came yet. */
  get lastInboundAt(): number {
    return this.#lastInboundAt;
  }

  /** Lets the owner clean up firmata-io's parse state after one of its handlers threw. */
  onHandlerError(cleanup: () => void): void {
    this.#onHandlerError = cleanup;
  }

  /** Announces the open link to firmata-io (which then tells johnny-five it is connected). */
  announceOpen(): void {
    this.emit('open');
  }

  write(data: Buffer, callback?: (error?: Error | null) => void): void {
    this.link.write(data);
    callback?.(null);
  }

  #deliver(message: Uint8Array): void {
    const problem = checkSysex(message);
    if (problem) {
      this.onFault(problem);
      return;
    }

    try {
      this.emit('data', Buffer.from(message));
    } catch (error) {
      this.#onHandlerError();
      const first = message[0] ?? 0;
      this.onFault({
        kind: 'handler-threw',
        detail: `message 0x${hex(first)} (${message.length} bytes) rejected: ${String(error)}`,
      });
    }
  }
}

function checkSysex(message: Uint8Array): TransportFault | null {
  if (message[0] !== 0xf0) return null;
  const id = message[1];
  if (id === undefined || message.length < 3) {
    return { kind: 'short-sysex', detail: 'empty sysex' };
  }
  const minBody = SYSEX_MIN_BODY[id];
  if (minBody === undefined) {
    return { kind: 'unsupported-sysex', detail: `sysex 0x${hex(id)} is not one this host reads` };
  }
  const body = message.length - 2;
  if (body < minBody) {
    const detail = `sysex 0x${hex(id)} has ${body} bytes, needs ${minBody}`;
    return { kind: 'short-sysex', detail };
  }
  return null;
}
