/**
 * Starts the PC/SC rig with an emulator on each vpcd reader and a real-back-end driver
 * that uses "Virtual PCD 00 00" for identity and treats "… 00 01" as a SAM slot.
 */
import { createCardReader } from '../../drivers/card-reader/index.js';
import type { CardReaderDriver } from '../../drivers/card-reader/card-reader.js';
import type { ContractHarness } from '../../drivers/card-reader/contract-suite.js';
import { nextEvent } from '../../drivers/card-reader/contract-suite.js';
import { loadPcsclite } from '../../drivers/card-reader/pcsclite-loader.js';
import { createMemoryLogger, type Logger } from '../../drivers/core/logger.js';
import { startPcscRig, type PcscRig, type VpcdReader } from '../rigs/pcsc.js';
import type { EmulatorProcess } from './emulator-process.js';

export const IDENTITY_READER: VpcdReader = 'Virtual PCD 00 00';
export const SAM_READER: VpcdReader = 'Virtual PCD 00 01';

export interface RigHarness extends ContractHarness {
  rig: PcscRig;
  emulators: Record<VpcdReader, EmulatorProcess>;
  logger: Logger & { lines: string[] };
  stop(): Promise<void>;
}

export function createRigDriver(rig: PcscRig, logger: Logger): CardReaderDriver {
  return createCardReader({
    name: 'lobby-card',
    backend: 'real',
    socketPath: rig.socketPath,
    readerExclude: ['PCD 00 01$'],
    logger,
    backoff: { initialMs: 200, maxMs: 1000 },
  });
}

export async function startRigHarness(
  options: { startDriver?: boolean } = {},
): Promise<RigHarness> {
  // Say plainly when the native module is missing instead of timing out on events.
  await loadPcsclite('PC/SC rig');
  const rig = await startPcscRig();
  try {
    await rig.startPcscd();
    const emulators = {
      [IDENTITY_READER]: await rig.startEmulator(IDENTITY_READER),
      [SAM_READER]: await rig.startEmulator(SAM_READER),
    } as Record<VpcdReader, EmulatorProcess>;
    const logger = createMemoryLogger('card');
    const driver = createRigDriver(rig, logger);

    if (options.startDriver ?? true) {
      const attached = nextEvent(driver, 'reader-added', (r) => r.reader === IDENTITY_READER);
      await driver.start();
      await attached;
    }

    const emulator = (reader: string) => emulators[reader as VpcdReader];
    return {
      rig,
      emulators,
      logger,
      driver,
      identityReader: IDENTITY_READER,
      excludedReader: SAM_READER,
      insert: async (reader, spec) => emulator(reader).insert(spec),
      remove: async (reader) => emulator(reader).remove(),
      commands: (reader) =>
        emulator(reader)
          .lines.filter((line) => line.event === 'apdu' || line.event === 'pulled')
          .map((line) => String(line.command)),
      stop: async () => {
        await driver.stop();
        await rig.stop();
      },
    };
  } catch (error) {
    await rig.stop();
    throw error;
  }
}
