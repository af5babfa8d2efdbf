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
  hardware: {
    fingerprint: { backend: 'simulated' },
    gpio: {
      backend: 'simulated',
      pins: {
        'call-button': {
          chip: 'pinctrl-bcm2711',
          line: 17,
          direction: 'in',
          activeLow: true,
          debounceMs: 30,
        },
        'tamper-switch': {
          chip: 'pinctrl-bcm2711',
          line: 27,
          direction: 'in',
          activeLow: true,
          debounceMs: 30,
        },
        'door-contact': { chip: 'pinctrl-bcm2711', line: 22, direction: 'in', debounceMs: 30 },
        'status-led': { chip: 'pinctrl-bcm2711', line: 23, direction: 'out' },
        'door-relay': { chip: 'pinctrl-bcm2711', line: 24, direction: 'out', activeLow: true },
      },
    },
    cardReader: { backend: 'simulated' },
    mcu: {
      backend: 'simulated',
      lights: { red: 'D5', amber: 'D6', green: 'D7' },
      buzzer: 'D8',
      buttons: { 'emergency-call': { pin: 'D2', activeLow: true } },
      sensors: { 'cabinet-temperature': { pin: 'A0' } },
    },
    screen: { backend: 'simulated' },
  },
  upstream: { broker: null, keepaliveSeconds: 30 },
  dataDir: './data',
  http: { port: 8080 },
  localData: 'demo',
};
