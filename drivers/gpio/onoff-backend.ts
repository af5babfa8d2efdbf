/**
 * The real GPIO back-end: sysfs through onoff. onoff always works under
 * /sys/class/gpio, so this back-end does too (tests mount a sysfs-shaped file system
 * there inside a private mount namespace).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Gpio, type BinaryValue, type Direction } from 'onoff';
import { errorMessage } from '../core/errors.js';
import type { GpioBackend, LineHandlers, PinLine } from './backend.js';
import { DEFAULT_SYSFS_ROOT, readChips } from './chips.js';
import { PinIoError } from './errors.js';
import { claimLine, type ExportTarget } from './export.js';
import type { ResolvedPin } from './types.js';

const ROOT = DEFAULT_SYSFS_ROOT;

const sysfs: ExportTarget = {
  exportLine: (gpio) => writeFileSync(join(ROOT, 'export'), String(gpio)),
  lineFolderExists: (gpio) => existsSync(join(ROOT, `gpio${gpio}`)),
};

function unexportQuietly(gpio: number): void {
  try {
    writeFileSync(join(ROOT, 'unexport'), String(gpio));
  } catch {
    // Not exported any more, or sysfs is gone: either way nothing is left to free.
  }
}

function openLine(pin: ResolvedPin): Gpio {
  const { direction, activeLow, initial } = pin.config;
  // 'high'/'low' set the electrical level (sysfs ignores active_low there), so an
  // active-low output that must start inactive starts 'high'.
  const mode: Direction = direction === 'in' ? 'in' : initial !== activeLow ? 'high' : 'low';
  const gpio = new Gpio(pin.gpio, mode, direction === 'in' ? 'both' : undefined, { activeLow });

  // The line is always exported by the time onoff sees it, and onoff then ignores
  // configuration errors (it assumes someone else set the line up): check by reading back.
  const edgeOk = direction === 'out' || gpio.edge() === 'both';
  if (gpio.direction() !== direction || gpio.activeLow() !== activeLow || !edgeOk) {
    gpio.unexport();
    throw new Error(`read back direction=${gpio.direction()} active_low=${gpio.activeLow()}`);
  }
  return gpio;
}

/**
 * onoff reads the value inside its epoll callback without a try: a failing read there
 * would be an uncaught exception. Route it to onFault instead.
 */
function guardInterruptRead(gpio: Gpio, handlers: LineHandlers): void {
  const readSync = gpio.readSync.bind(gpio);
  let last: BinaryValue = 0;
  gpio.readSync = () => {
    try {
      last = readSync();
    } catch (error) {
      handlers.onFault(error);
    }
    return last;
  };
}

export function createOnoffBackend(device: string): GpioBackend {
  return {
    listChips: () => readChips(device, ROOT),

    claim: async (pin: ResolvedPin, handlers: LineHandlers): Promise<PinLine> => {
      const adopted = claimLine(sysfs, pin, device);
      const fail = (what: string, error: unknown) => {
        const detail = `${what} gpio${pin.gpio} failed: ${errorMessage(error)}`;
        return new PinIoError(device, pin.name, detail, { cause: error });
      };

      let gpio: Gpio;
      try {
        gpio = openLine(pin);
      } catch (error) {
        unexportQuietly(pin.gpio);
        throw fail('configuring', error);
      }

      if (pin.config.direction === 'in') {
        guardInterruptRead(gpio, handlers);
        gpio.watch((error, value) => {
          if (error) handlers.onFault(error);
          else handlers.onChange(value === 1);
        });
      }

      return {
        adopted,
        read: async () => {
          try {
            return (await gpio.read()) === 1;
          } catch (error) {
            throw fail('reading', error);
          }
        },
        write: async (value) => {
          try {
            await gpio.write(value ? 1 : 0);
          } catch (error) {
            throw fail('writing', error);
          }
        },
        release: () => {
          try {
            gpio.unexport();
          } catch {
            // The value file could not be closed (file system gone); still free the line.
            unexportQuietly(pin.gpio);
          }
        },
      };
    },
  };
}
