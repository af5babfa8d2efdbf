/**
 * The fingerprint module emulator on one end of a real pty pair: the kiosk opens the
 * other end with serialport exactly as it would open the module's UART on a board.
 */
import { SerialPort } from 'serialport';
import { FingerprintEmulator } from '../../drivers/fingerprint/emulator.js';

export interface ModuleOnPty {
  emulator: FingerprintEmulator;
  close(): Promise<void>;
}

export async function attachModule(path: string, templateIds: readonly number[]): Promise<ModuleOnPty> {
  const emulator = new FingerprintEmulator();
  templateIds.forEach((templateId) => emulator.enrol(templateId));

  const port = new SerialPort({ path, baudRate: 57600, autoOpen: false });
  port.on('error', () => {});
  await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
  const detach = emulator.attach(port);

  return {
    emulator,
    close: async () => {
      detach();
      if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    },
  };
}
