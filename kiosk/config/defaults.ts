/**
 * Defaults merged under a technician's file, and the whole configuration used when the
 * kiosk starts without one: a simulated cell terminal with demo data and no broker.
 */
import type { KioskConfig } from './types.js';

/** Filled in where a file leaves them out. Identity and hardware never have defaults. */
export const FIELD_DEFAULTS = {
  upstream: { broker: null, keepaliveSeconds: 30 },
  dataDir: './data',
  http: { port: 8080 },
  localData: 'demo',
} as const;

export const FINGERPRINT_DEFAULTS = { baudRate: 57600, password: 0 } as const;

export const SIMULATED_CELL_TERMINAL: KioskConfig = {
  terminal: { id: 'demo-cell-101', site: 'demo-site', role: 'cell' },
  hardware: { fingerprint: { backend: 'simulated' } },
  upstream: { broker: null, keepaliveSeconds: 30 },
  dataDir: './data',
  http: { port: 8080 },
  localData: 'demo',
};
