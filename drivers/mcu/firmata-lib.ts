/**
 * The parts of firmata-io and johnny-five this driver uses, with types.
 *
 * Both are CommonJS without type declarations; loading them through createRequire keeps
 * the untyped surface in this one file. johnny-five is only ever handed a ready-made
 * Firmata instance (`io`): its own serial opening would pull in an old serialport.
 */
import { createRequire } from 'node:module';
import type { EventEmitter } from 'node:events';

export interface FirmataTransportLike extends EventEmitter {
  write(data: Buffer, callback?: (error?: Error | null) => void): void;
}

export interface FirmataOptions {
  /** Milliseconds before firmata-io asks for the version on its own. */
  reportVersionTimeout: number;
  skipCapabilities?: boolean;
}

export interface FirmataIo extends EventEmitter {
  isReady: boolean;
  version: { major?: number; minor?: number };
  firmware: { name?: string; version?: { major: number; minor: number } };
  analogPins: number[];
  pins: { supportedModes: number[]; analogChannel?: number }[];
  /** firmata-io's parse buffer; cleared after a message its handlers choked on. */
  buffer: number[];
  reportVersionTimeoutId?: NodeJS.Timeout;
  reportVersion(callback: () => void): void;
  queryFirmware(callback: () => void): void;
  setSamplingInterval(ms: number): void;
}

export interface FirmataConstructor {
  new (transport: FirmataTransportLike, options: FirmataOptions): FirmataIo;
}

export interface J5Board extends EventEmitter {
  isReady: boolean;
}

export interface J5BoardConstructor {
  new (options: {
    io: FirmataIo;
    repl: false;
    debug: false;
    sigint: false;
    timeout: number;
  }): J5Board;
  /** Every board ever made; a closed board must be taken out or it is never freed. */
  readonly cache: J5Board[];
}

/** A johnny-five Led: its `on()` lights it (it is not an event subscription). */
export interface J5Led {
  on(): void;
  off(): void;
  blink(ms: number): void;
  stop(): void;
}

export interface J5Pin extends EventEmitter {
  high(): void;
  low(): void;
}

export interface J5Button extends EventEmitter {
  readonly isDown: boolean;
}

export interface J5Sensor extends EventEmitter {
  disable(): void;
}

interface ComponentOptions {
  board: J5Board;
  pin: number | string;
}

export interface JohnnyFive {
  Board: J5BoardConstructor;
  Led: new (options: ComponentOptions) => J5Led;
  Pin: new (options: ComponentOptions & { type: 'digital'; mode: number }) => J5Pin;
  Button: new (options: ComponentOptions & { isPullup: boolean }) => J5Button;
  Sensor: new (options: ComponentOptions & { freq: number; threshold: number }) => J5Sensor;
}

const require = createRequire(import.meta.url);

export function loadFirmata(): FirmataConstructor {
  const bound = require('firmata-io') as { Firmata: FirmataConstructor };
  return bound.Firmata;
}

export function loadJohnnyFive(): JohnnyFive {
  return require('johnny-five') as JohnnyFive;
}
