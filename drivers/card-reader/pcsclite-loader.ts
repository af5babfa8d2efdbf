/**
 * Loads the optional native `pcsclite` module on first use, so the runtime starts on a
 * machine without it and says plainly why the card back-end is unavailable.
 */
import { DriverError } from '../core/errors.js';
import { CardBackendUnavailableError } from './errors.js';
import type { PcscliteFactory } from './pcsclite-types.js';

const loads = new Map<string, Promise<PcscliteFactory>>();

export function loadPcsclite(device: string, moduleName = 'pcsclite'): Promise<PcscliteFactory> {
  let load = loads.get(moduleName);
  if (!load) {
    // A variable specifier keeps TypeScript and bundlers from requiring the module.
    load = import(moduleName).then((module: { default?: unknown }) => {
      const factory = module.default ?? module;
      if (typeof factory !== 'function') throw new TypeError(`${moduleName} exports no function`);
      return factory as PcscliteFactory;
    });
    loads.set(moduleName, load);
  }
  return load.catch((error: unknown) => {
    throw new CardBackendUnavailableError(device, { cause: error });
  });
}

let socketInUse: string | null = null;

/**
 * libpcsclite reads PCSCLITE_CSOCK_NAME once per process, at the first context; a
 * second, different path could never take effect, so it is refused.
 */
export function useSocketPath(device: string, socketPath: string | undefined): void {
  const wanted = socketPath ?? process.env.PCSCLITE_CSOCK_NAME ?? '/run/pcscd/pcscd.comm';
  if (socketInUse !== null && socketInUse !== wanted) {
    throw new DriverError(
      'config',
      `${device}: pcscd socket ${wanted} differs from ${socketInUse}, ` +
        'which this process already uses; one process can talk to one pcscd only',
      device,
    );
  }
  if (socketPath !== undefined) process.env.PCSCLITE_CSOCK_NAME = socketPath;
  socketInUse = wanted;
}
