/**
 * The factory the runtime calls: picks the real (serial) or simulated (emulator) back-end
 * from the same option fields the configuration holds.
 */
import type { Logger } from '../core/logger.js';
import { FingerprintEmulator } from './emulator.js';
import type { FingerprintReader } from './fingerprint.js';
import { createFingerprintReader } from './reader.js';
import { memoryTransport, serialTransport } from './transports.js';

export interface FingerprintDeviceOptions {
  /** Name from the hardware profile, used in logs and health. */
  name: string;
  logger: Logger;
  /** 'real' opens `port`; 'simulated' talks to an in-process emulator. */
  backend: 'real' | 'simulated';
  /** Serial port path of the module (required when backend is 'real'), e.g. /dev/ttyAMA0. */
  port?: string;
  /** Line speed; the family ships at 57600 (9600 × N, N = 1 … 12). */
  baudRate?: number;
  /** Module password (default 0). */
  password?: number;
  /** Module address (default 0xFFFFFFFF). */
  address?: number;
  /** Time between two finger polls (default 150 ms). */
  pollIntervalMs?: number;
  /** Time allowed for one command's answer (default 1000 ms). */
  commandTimeoutMs?: number;
  /** Emulator to use when simulated; a fresh empty one by default. */
  emulator?: FingerprintEmulator;
}

export function createFingerprintDevice(options: FingerprintDeviceOptions): FingerprintReader {
  const { name, logger, backend } = options;
  let transport;
  if (backend === 'real') {
    if (!options.port) {
      throw new TypeError(`fingerprint device ${name}: backend 'real' needs a port path`);
    }
    const { baudRate } = options;
    if (baudRate !== undefined && !(Number.isInteger(baudRate) && baudRate > 0)) {
      throw new TypeError(`fingerprint device ${name}: baudRate must be a positive integer`);
    }
    transport = serialTransport(options.port, baudRate, logger);
  } else {
    const { password, address } = options;
    const emulator = options.emulator ?? new FingerprintEmulator({ password, address });
    transport = memoryTransport(emulator);
  }
  return createFingerprintReader({
    name,
    logger,
    transport,
    pollIntervalMs: options.pollIntervalMs,
    commandTimeoutMs: options.commandTimeoutMs,
    password: options.password,
    address: options.address,
  });
}
