/**
 * The two ways to reach a module: a serial port (real), or an in-process emulator over a
 * linked pipe (simulated). Both hand the same framer and protocol a byte Duplex.
 */
import { SerialPort } from 'serialport';
import { DeviceLostError, errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { DEFAULT_BAUD_RATE } from './constants.js';
import type { FingerprintEmulator } from './emulator.js';
import type { FingerprintTransport, TransportConnection } from './fingerprint.js';
import { watchDeviceNode } from './device-node-watch.js';
import { createLinkedPair } from './memory-pipe.js';

/** How often an open port's device node is checked for having disappeared. */
const NODE_CHECK_MS = 200;

export function serialTransport(
  path: string,
  baudRate = DEFAULT_BAUD_RATE,
  logger?: Logger,
): FingerprintTransport {
  return {
    backend: 'real',
    path,
    async open(): Promise<TransportConnection> {
      const port = new SerialPort({ path, baudRate, autoOpen: false });
      port.on('error', (error: Error) => {
        logger?.debug('serial port error', { path, reason: error.message });
      });
      await new Promise<void>((resolve, reject) =>
        port.open((error) => (error ? reject(error) : resolve())),
      );

      // Some adapters power the module from DTR; a pty or a bare UART has no modem lines
      // ("Inappropriate ioctl for device"), which is fine.
      await new Promise<void>((resolve) =>
        port.set({ dtr: true, rts: true }, (error) => {
          const reason = error?.message;
          if (error) logger?.debug('modem lines not settable; continuing', { path, reason });
          resolve();
        }),
      );

      const lostListeners: ((error: Error) => void)[] = [];
      const unwatch = watchDeviceNode(path, NODE_CHECK_MS, () => {
        const error = new DeviceLostError(path, 'device node disappeared (module unplugged?)');
        logger?.warn('fingerprint port vanished', { path });
        for (const listener of lostListeners) listener(error);
      });
      return {
        stream: port,
        onLost: (listener) => lostListeners.push(listener),
        close: () => {
          unwatch();
          return closePort(port, logger);
        },
      };
    },
  };
}

function closePort(port: SerialPort, logger?: Logger): Promise<void> {
  return new Promise((resolve) => {
    if (!port.isOpen) {
      port.destroy();
      resolve();
      return;
    }
    port.close((error) => {
      const reason = error ? errorMessage(error) : undefined;
      if (error) logger?.debug('serial port close failed', { path: port.path, reason });
      resolve();
    });
  });
}

/** A pipe to an emulator in this process: the default demo needs no serial hardware. */
export function memoryTransport(
  emulator: FingerprintEmulator,
  path = 'memory:emulator',
): FingerprintTransport {
  return {
    backend: 'simulated',
    path,
    async open(): Promise<TransportConnection> {
      const [host, module] = createLinkedPair();
      const detach = emulator.attach(module);
      return {
        stream: host,
        close: async () => {
          detach();
          host.destroy();
          module.destroy();
        },
      };
    },
  };
}
