/**
 * A byte link to a board: the serial port of the real back-end, or the in-process
 * emulator of the simulated one. Whatever happens underneath, a link reports one `close`
 * (with the reason) and never throws from `write`.
 */
import { SerialPort } from 'serialport';
import { DeviceLostError, DriverError, errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';

export interface ByteLink {
  /** Where the link goes, for logs and health (port path or 'emulator'). */
  readonly path: string;
  write(bytes: Uint8Array): void;
  onData(listener: (bytes: Uint8Array) => void): void;
  /** Called once when the link goes away by itself (not after `close()`). */
  onClose(listener: (reason: Error) => void): void;
  close(): Promise<void>;
}

export interface SerialLinkOptions {
  device: string;
  path: string;
  baudRate: number;
  logger: Logger;
}

/** Opens a serial port with serialport 13; rejects with a DriverError naming the path. */
export async function openSerialLink(options: SerialLinkOptions): Promise<ByteLink> {
  const { device, path, baudRate, logger } = options;
  const port = new SerialPort({ path, baudRate, autoOpen: false, hupcl: false });

  // Errors after open (a write to a vanished device) are reported as a close, below.
  port.on('error', (error: Error) => {
    logger.debug('serial port error', { path, reason: error.message });
  });

  await new Promise<void>((resolve, reject) => {
    port.open((error) => {
      if (!error) return resolve();
      reject(new DriverError('open-failed', `${device}: cannot open ${path}: ${error.message}`,
        device, { cause: error }));
    });
  });

  let closedByUs = false;
  let closeListener: ((reason: Error) => void) | null = null;
  port.on('close', (error?: Error | null) => {
    if (closedByUs) return;
    const why = error ? errorMessage(error) : 'port closed';
    closeListener?.(new DeviceLostError(device, `serial port ${path} closed: ${why}`,
      { cause: error ?? undefined }));
  });

  return {
    path,
    write(bytes) {
      if (!port.isOpen) return;
      port.write(Buffer.from(bytes), (error) => {
        if (error) logger.debug('serial write failed', { path, reason: error.message });
      });
    },
    onData(listener) {
      port.on('data', (chunk: Buffer) => listener(chunk));
    },
    onClose(listener) {
      closeListener = listener;
    },
    async close() {
      closedByUs = true;
      if (!port.isOpen) return;
      await new Promise<void>((resolve) => port.close(() => resolve()));
    },
  };
}
