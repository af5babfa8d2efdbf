/**
 * Builds the optional devices of the hardware profile (GPIO, card reader, peripheral
 * microcontroller, screen). A section left out or null means the board has no such
 * device. Each driver checks its own options here, before anything is opened, and a
 * refusal stops the start like any configuration error.
 */
import { Ajv } from 'ajv';
import type { Device, DeviceEvents } from '../../drivers/core/device.js';
import type { Logger } from '../../drivers/core/logger.js';
import {
  cardReaderConfigSchema,
  createCardReader,
  type CardReaderDriver,
} from '../../drivers/card-reader/index.js';
import { createGpio, type GpioDevice } from '../../drivers/gpio/index.js';
import { createMcuDevice, type McuDevice } from '../../drivers/mcu/index.js';
import { createScreen, type Screen } from '../../drivers/screen/index.js';
import { formatSchemaErrors } from '../config/format-errors.js';
import type { HardwareConfig } from '../config/types.js';
import { asConfigError } from './device-config-error.js';

export interface Peripherals {
  gpio: GpioDevice | null;
  cardReader: CardReaderDriver | null;
  mcu: McuDevice | null;
  screen: Screen | null;
}

const validateCardReader = new Ajv({ allErrors: true }).compile(cardReaderConfigSchema);

type Section = Record<string, unknown>;

function build<T>(section: string, configFile: string, make: () => T): T {
  try {
    return make();
  } catch (error) {
    throw asConfigError(section, configFile, error);
  }
}

export function createPeripherals(
  hardware: HardwareConfig,
  configFile: string,
  logger: Logger,
): Peripherals {
  const gpio = hardware.gpio
    ? build('gpio', configFile, () =>
        createGpio({
          ...(hardware.gpio as Section),
          name: 'gpio',
          logger: logger.child('gpio'),
        } as Parameters<typeof createGpio>[0]),
      )
    : null;

  let cardReader: CardReaderDriver | null = null;
  if (hardware.cardReader) {
    if (!validateCardReader(hardware.cardReader)) {
      const problems = formatSchemaErrors(validateCardReader.errors ?? [], hardware.cardReader);
      throw asConfigError('cardReader', configFile, { problems });
    }
    cardReader = build('cardReader', configFile, () =>
      createCardReader({
        ...(hardware.cardReader as Section),
        name: 'card-reader',
        logger: logger.child('card-reader'),
      } as Parameters<typeof createCardReader>[0]),
    );
  }

  const mcu = hardware.mcu
    ? build('mcu', configFile, () =>
        createMcuDevice({
          ...(hardware.mcu as Section),
          name: 'mcu',
          logger: logger.child('mcu'),
        } as Parameters<typeof createMcuDevice>[0]),
      )
    : null;

  const screen = hardware.screen
    ? build('screen', configFile, () =>
        createScreen({
          ...(hardware.screen as Section),
          name: 'screen',
          logger: logger.child('screen'),
        } as Parameters<typeof createScreen>[0]),
      )
    : null;

  return { gpio, cardReader, mcu, screen };
}

export function peripheralList(peripherals: Peripherals): Device<DeviceEvents>[] {
  return [peripherals.gpio, peripherals.cardReader, peripherals.mcu, peripherals.screen].filter(
    (device): device is NonNullable<typeof device> => device !== null,
  ) as unknown as Device<DeviceEvents>[];
}
