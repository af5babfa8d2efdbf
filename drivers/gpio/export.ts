/**
 * Claiming a line through sysfs `export`, shared by the real and simulated back-ends so
 * both read the kernel's answers the same way:
 *   ok                        → the line is ours;
 *   EBUSY and gpioN/ exists   → a run that crashed left it exported: adopt it;
 *   EBUSY without gpioN/      → a kernel driver (LED, 1-wire, SPI …) owns the line;
 *   EPERM or EINVAL           → the kernel will not hand this line to user space.
 */
import { errorMessage } from '../core/errors.js';
import { PinHeldError, PinIoError } from './errors.js';
import type { ResolvedPin } from './types.js';

export interface ExportTarget {
  /** Writes the number to the export file; throws the errno error the kernel answered. */
  exportLine(gpio: number): void;
  /** Whether the gpioN folder exists. */
  lineFolderExists(gpio: number): boolean;
}

/**
 * Returns whether the line was adopted. Throws PinHeldError when the line is not for us,
 * PinIoError when sysfs itself failed.
 */
export function claimLine(target: ExportTarget, pin: ResolvedPin, device: string): boolean {
  try {
    target.exportLine(pin.gpio);
    return false;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const where = `(${pin.config.chip} line ${pin.config.line}, gpio${pin.gpio})`;
    if (code === 'EBUSY' && target.lineFolderExists(pin.gpio)) return true;
    if (code === 'EBUSY' || code === 'EPERM' || code === 'EINVAL') {
      const fix = 'free it in the device tree (dtoverlay) or wire this signal to another line';
      const detail = `${where} is held by a kernel driver (export answered ${code}); ${fix}`;
      throw new PinHeldError(device, pin.name, detail, { cause: error });
    }
    // Anything else (no export file, file system gone) is not this pin's fault.
    const detail = `${where} could not be exported: ${errorMessage(error)}`;
    throw new PinIoError(device, pin.name, detail, { cause: error });
  }
}
