/**
 * Builds the fingerprint reader the configuration asks for. The simulated back-end is
 * the module emulator joined through an in-process byte stream, so a laptop runs the
 * same framer and protocol code as a board; it also gives the demo panel its fingers.
 */
import type { Logger } from '../../drivers/core/logger.js';
import { createFingerprintDevice } from '../../drivers/fingerprint/device.js';
import { FingerprintEmulator } from '../../drivers/fingerprint/emulator.js';
import type { FingerprintReader } from '../../drivers/fingerprint/fingerprint.js';
import type { DemoFinger, SimFingerRequest } from '../api/messages.js';
import type { FingerprintConfig } from '../config/types.js';
import type { Person } from '../features/duty/model.js';

export interface FingerprintDevice {
  reader: FingerprintReader;
  /** Simulated only: makes the emulator know these library slots. */
  enrol(templateIds: number[]): void;
  /** Simulated only: the fingers the demo panel offers. */
  demoFingers?: (people: Person[]) => DemoFinger[];
  /** Simulated only: places a finger on the emulator for one capture. */
  simulate?: (request: SimFingerRequest) => void;
}

export function createFingerprint(config: FingerprintConfig, logger: Logger): FingerprintDevice {
  const name = 'fingerprint';
  if (config.backend === 'real') {
    return { reader: createFingerprintDevice({ ...config, name, logger }), enrol: () => {} };
  }

  // The emulator is kept here: the demo panel and the roster reach it.
  const emulator = new FingerprintEmulator();
  const reader = createFingerprintDevice({ name, logger, backend: 'simulated', emulator });
  return {
    reader,
    enrol: (templateIds) => templateIds.forEach((templateId) => emulator.enrol(templateId)),
    demoFingers: (people) =>
      people.flatMap((person) =>
        person.templateIds
          .slice(0, 1)
          .map((templateId) => ({ templateId, label: person.displayName })),
      ),
    simulate: (request) => emulator.touch('unknown' in request ? 'unknown' : request.templateId),
  };
}
