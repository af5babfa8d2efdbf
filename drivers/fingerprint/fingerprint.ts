/**
 * What the runtime sees of a fingerprint module: a Device that reports identifications.
 *
 * One touch gives one `identified` event: the driver waits until the finger is lifted
 * before it identifies again. A module error (bad image, flash error, any unknown code)
 * is a `fault` event, never a crash.
 */
import type { Device, DeviceEvents } from '../core/device.js';
import type { DriverError } from '../core/errors.js';
import type { Duplex } from 'node:stream';
import type { SystemParameters } from './commands.js';

export type IdentifyResult =
  | { kind: 'match'; templateId: number; score: number }
  | { kind: 'no-match' };

export interface FingerprintEvents extends DeviceEvents {
  identified: { result: IdentifyResult; at: string };
  fault: { error: DriverError; at: string };
}

/** How a reader reaches its module: opens a byte stream, closes it again. */
export interface FingerprintTransport {
  readonly backend: 'real' | 'simulated';
  /** Port path or other name of the line, shown in health and errors. */
  readonly path: string;
  open(): Promise<TransportConnection>;
}

export interface TransportConnection {
  stream: Duplex;
  /** Releases the line; never throws, also when it is already gone. */
  close(): Promise<void>;
  /** Reports a loss the stream itself may not show (a vanished device node). */
  onLost?(listener: (error: Error) => void): void;
}

export interface EnrolOptions {
  /** Captures to merge (2 or more; default 2). Each waits for a new touch. */
  captures?: number;
  /** How long to wait for each touch (default 15 s). */
  touchTimeoutMs?: number;
  /** Called when the module waits for touch `touch` of `of`, so a screen can prompt. */
  onPrompt?: (touch: number, of: number) => void;
}

export interface FingerprintReader extends Device<FingerprintEvents> {
  readonly kind: 'fingerprint';
  /** Enrols a finger at a library slot from several touches; pauses identification meanwhile. */
  enrol(templateId: number, options?: EnrolOptions): Promise<void>;
  deleteTemplate(templateId: number): Promise<void>;
  emptyLibrary(): Promise<void>;
  templateCount(): Promise<number>;
  systemParameters(): Promise<SystemParameters>;
  /** Reads a stored template's bytes (LoadChar + UpChar). */
  exportTemplate(templateId: number): Promise<Buffer>;
  /** Writes template bytes to a library slot (DownChar + Store). */
  importTemplate(templateId: number, bytes: Buffer): Promise<void>;
}
