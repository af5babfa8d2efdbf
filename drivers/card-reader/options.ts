/**
 * Options and events of the card reader driver. The runtime's config schema mirrors
 * `CardReaderOptions` field for field.
 */
import type { BackoffOptions } from '../core/backoff.js';
import type { DeviceEvents } from '../core/device.js';
import type { Logger } from '../core/logger.js';
import type { SimulatedPcsc } from './simulated-backend.js';

export interface CardReaderOptions {
  /** Logical device name from the hardware profile, used in logs, errors and health. */
  name: string;
  logger?: Logger;
  /** 'real' talks to pcscd through pcsclite; 'simulated' uses the in-memory PC/SC. */
  backend: 'real' | 'simulated';
  /**
   * Reader name patterns (case-insensitive regular expressions) whose cards identify a
   * person. Empty or absent: every reader not excluded.
   */
  readerInclude?: string[];
  /**
   * Reader name patterns never used for identity, e.g. the SAM slot or the contact slot
   * of a dual reader. Default: `['\\bSAM\\b']`.
   */
  readerExclude?: string[];
  /**
   * Path of pcscd's socket (real back-end). Default: the library's own,
   * /run/pcscd/pcscd.comm. libpcsclite reads it once per process, so every card reader
   * of one process must use the same path.
   */
  socketPath?: string;
  /** UID lengths in bytes accepted from get-UID. Default: 4, 7 and 10. */
  uidLengths?: number[];
  /** How long one APDU exchange may take before the read is abandoned. Default 3000 ms. */
  transmitTimeoutMs?: number;
  /** Reopen delays after pcscd went away. Default 500 ms doubling to 10 s. */
  backoff?: BackoffOptions;
  /**
   * The simulator to use with backend 'simulated'. Default: a new one with a single
   * contactless reader named "Simulated PICC Reader 00 00".
   */
  simulator?: SimulatedPcsc;
}

export interface CardEvent {
  reader: string;
  /** Canonical UID: uppercase hex, no separators. */
  uid: string;
  /** ISO time the UID was read. */
  at: string;
}

export interface CardReaderEvents extends DeviceEvents {
  card: CardEvent;
  /** `uid` is null when the card left before its UID could be read. */
  'card-removed': { reader: string; uid: string | null; at: string };
  /** A card was there but gave no UID; `code` says why (e.g. 'not-supported'). */
  'card-error': { reader: string; code: string; message: string; at: string };
  'reader-added': { reader: string; at: string };
  'reader-removed': { reader: string; at: string };
}
