/** The simulated GPIO back-end: the same claim rules as sysfs, on a GpioSimulator. */
import { errorMessage } from '../core/errors.js';
import type { GpioBackend, LineHandlers, PinLine } from './backend.js';
import { PinIoError } from './errors.js';
import { claimLine } from './export.js';
import type { GpioSimulator } from './simulator.js';
import type { ChipInfo, ResolvedPin } from './types.js';

export function createSimulatedBackend(simulator: GpioSimulator, device: string): GpioBackend {
  const io = <T>(pin: ResolvedPin, what: string, action: () => T): T => {
    try {
      return action();
    } catch (error) {
      const detail = `${what} gpio${pin.gpio} failed: ${errorMessage(error)}`;
      throw new PinIoError(device, pin.name, detail, { cause: error });
    }
  };

  return {
    listChips: async (): Promise<ChipInfo[]> => simulator.chips.map((chip) => ({ ...chip })),

    claim: async (pin: ResolvedPin, handlers: LineHandlers): Promise<PinLine> => {
      const adopted = claimLine(simulator, pin, device);
      const { direction, activeLow, initial } = pin.config;
      const setup = { out: direction === 'out', activeLow, initial };
      io(pin, 'configuring', () => simulator.configure(pin.gpio, pin.name, setup));
      if (direction === 'in') simulator.watch(pin.gpio, handlers);

      return {
        adopted,
        read: async () => io(pin, 'reading', () => simulator.readValue(pin.gpio)),
        write: async (value) => io(pin, 'writing', () => simulator.writeValue(pin.gpio, value)),
        release: () => {
          try {
            simulator.unexport(pin.gpio);
          } catch {
            // Already gone (disconnected or unexported): nothing left to free.
          }
        },
      };
    },
  };
}
