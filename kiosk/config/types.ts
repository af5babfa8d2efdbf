/**
 * The configuration a technician writes for one terminal. Field names are camelCase, as
 * in every JSON file of the project; paths are relative to the config file's folder.
 */
import type { Role } from '../api/messages.js';

export type FingerprintConfig =
  | { backend: 'simulated' }
  | {
      backend: 'real';
      /** Serial device of the module, e.g. /dev/ttyAMA0 or /dev/serial/by-id/…. */
      port: string;
      baudRate: number;
      /** Module password (VfyPwd); 0 on a factory-new module. */
      password: number;
    };

export interface BrokerConfig {
  url: string;
  username?: string;
  password?: string;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  /** Read again on every connect attempt, so a corrected password needs no restart. */
  passwordFile?: string;
}

export interface HardwareConfig {
  fingerprint: FingerprintConfig;
  /** Sections for further devices; each is validated by its driver's own options. */
  gpio?: Record<string, unknown> | null;
  cardReader?: Record<string, unknown> | null;
  mcu?: Record<string, unknown> | null;
  screen?: Record<string, unknown> | null;
}

export interface KioskConfig {
  terminal: { id: string; site: string; role: Role };
  hardware: HardwareConfig;
  upstream: { broker: BrokerConfig | null; keepaliveSeconds: number };
  /** Folder for the store, the outbox and the audit journal. */
  dataDir: string;
  http: { port: number };
  /**
   * Roster and duty schedule kept locally until the platform sends them. A file path,
   * or "demo" for made-up people with a shift whose check-in window is open now.
   */
  localData: string;
}
