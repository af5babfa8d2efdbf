/**
 * Card reader driver: public entry. `createCardReader(options)` builds the driver on the
 * real PC/SC back-end (pcscd via pcsclite) or on the in-memory simulator.
 */
import { createLogger } from '../core/logger.js';
import { CardReaderDriver } from './card-reader.js';
import type { CardReaderOptions } from './options.js';
import { PcscliteBackend } from './pcsclite-backend.js';
import { createReaderFilter } from './reader-filter.js';
import { SimulatedPcsc } from './simulated-backend.js';
import { DEFAULT_UID_LENGTHS } from './uid.js';

export type { CardEvent, CardReaderEvents, CardReaderOptions } from './options.js';
export { CardReaderDriver } from './card-reader.js';
export { SimulatedPcsc } from './simulated-backend.js';
export type { SimulatedCardSpec, GetUidBehaviour } from './simulated-card.js';
export { canonicalUid, normalizeUid } from './uid.js';
export { CardBackendUnavailableError, CardStatusError, PcscError } from './errors.js';
export { cardReaderConfigSchema } from './config-schema.js';

export const SIMULATED_READER_NAME = 'Simulated PICC Reader 00 00';

export function createCardReader(options: CardReaderOptions): CardReaderDriver {
  const name = options.name;
  const logger = options.logger ?? createLogger(`card-reader:${name}`);
  const transmitTimeoutMs = options.transmitTimeoutMs ?? 3000;

  const backend =
    options.backend === 'real'
      ? new PcscliteBackend({
          device: name,
          logger,
          socketPath: options.socketPath,
          transmitTimeoutMs,
        })
      : (options.simulator ?? new SimulatedPcsc([SIMULATED_READER_NAME]));

  return new CardReaderDriver({
    name,
    logger,
    backend,
    isIdentityReader: createReaderFilter(name, options.readerInclude, options.readerExclude),
    uidLengths: options.uidLengths ?? DEFAULT_UID_LENGTHS,
    backoff: options.backoff,
    detail: { socketPath: options.backend === 'real' ? (options.socketPath ?? 'default') : null },
  });
}
