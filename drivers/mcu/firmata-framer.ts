/**
 * Splits a Firmata byte stream into whole messages, whatever way the bytes arrive.
 *
 * Serial reads cut messages anywhere and glue several together; a noisy line or a confused
 * board adds stray bytes, cuts a message short with the next command byte, or sends a
 * sysex that never ends. The framer hands on only whole messages and names every piece
 * it throws away, so the layer above (firmata-io, which has no length limit and throws on
 * some malformed sysex bodies) only ever sees well-formed input.
 */
export const START_SYSEX = 0xf0;
export const END_SYSEX = 0xf7;

/** How many data bytes follow a command byte, or null when the command is unknown. */
export type DataLengthTable = (command: number) => number | null;

/** Messages a board sends to its host. */
export const BOARD_TO_HOST: DataLengthTable = (command) => {
  const high = command & 0xf0;
  if (high === 0x90 || high === 0xe0) return 2; // digital port, analog value
  if (command === 0xf9) return 2; // protocol version
  return null;
};

/** Messages a host sends to its board. */
export const HOST_TO_BOARD: DataLengthTable = (command) => {
  const high = command & 0xf0;
  if (high === 0x90 || high === 0xe0) return 2; // digital port write, analog (PWM) write
  if (high === 0xc0 || high === 0xd0) return 1; // report analog channel, report digital port
  if (command === 0xf4 || command === 0xf5) return 2; // pin mode, digital pin value
  if (command === 0xf9 || command === 0xff) return 0; // version query, reset
  return null;
};

export interface FramerFault {
  kind: 'stray-data' | 'truncated' | 'unknown-command' | 'oversized-sysex';
  detail: string;
}

export class FirmataFramer {
  #message: number[] = [];
  #needed = 0;
  #inSysex = false;
  #discarding = false;

  constructor(
    private readonly table: DataLengthTable,
    private readonly onMessage: (message: Uint8Array) => void,
    private readonly onFault: (fault: FramerFault) => void,
    private readonly maxSysex = 1024,
  ) {}

  push(bytes: Uint8Array): void {
    for (const byte of bytes) this.#byte(byte);
  }

  /** Forgets a partial message, e.g. when the link is reopened. */
  reset(): void {
    this.#message = [];
    this.#needed = 0;
    this.#inSysex = false;
    this.#discarding = false;
  }

  #byte(byte: number): void {
    if (this.#inSysex) {
      this.#sysexByte(byte);
      return;
    }
    if (byte & 0x80) {
      this.#command(byte);
      return;
    }
    if (this.#message.length === 0) {
      this.onFault({ kind: 'stray-data', detail: `data byte 0x${hex(byte)} outside a message` });
      return;
    }
    this.#message.push(byte);
    if (this.#message.length === this.#needed + 1) this.#emit();
  }

  #command(byte: number): void {
    if (this.#message.length > 0) {
      const first = this.#message[0] ?? 0;
      this.onFault({
        kind: 'truncated',
        detail: `command 0x${hex(first)} cut short by 0x${hex(byte)}`,
      });
      this.#message = [];
    }

    if (byte === START_SYSEX) {
      this.#inSysex = true;
      this.#discarding = false;
      this.#message = [byte];
      return;
    }

    const needed = this.table(byte);
    if (needed === null) {
      this.onFault({ kind: 'unknown-command', detail: `unknown command byte 0x${hex(byte)}` });
      return;
    }
    this.#message = [byte];
    this.#needed = needed;
    if (needed === 0) this.#emit();
  }

  #sysexByte(byte: number): void {
    if (byte === END_SYSEX) {
      this.#inSysex = false;
      if (this.#discarding) {
        this.#discarding = false;
        return;
      }
      this.#message.push(byte);
      this.#emit();
      return;
    }

    if (byte & 0x80) {
      // Any other command byte ends an unterminated sysex; the byte starts a new message.
      this.#inSysex = false;
      if (!this.#discarding) {
        const id = this.#message[1];
        const what = id === undefined ? 'empty sysex' : `sysex 0x${hex(id)}`;
        this.onFault({ kind: 'truncated', detail: `${what} not terminated before 0x${hex(byte)}` });
      }
      this.#discarding = false;
      this.#message = [];
      this.#command(byte);
      return;
    }

    if (this.#discarding) return;
    if (this.#message.length >= this.maxSysex) {
      const id = this.#message[1] ?? 0;
      this.onFault({
        kind: 'oversized-sysex',
        detail: `sysex 0x${hex(id)} longer than ${this.maxSysex} bytes; dropped`,
      });
      this.#discarding = true;
      this.#message = [];
      return;
    }
    this.#message.push(byte);
  }

  #emit(): void {
    const message = Uint8Array.from(this.#message);
    this.#message = [];
    this.#needed = 0;
    this.onMessage(message);
  }
}

export function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}
