/**
 * What the terminal says about itself in its birth and health messages: version, role,
 * a digest of its configuration (so the platform sees when a board's file changed),
 * what it can do and how each device is doing.
 */
import { createHash } from 'node:crypto';
import type { Device } from '../drivers/core/device.js';
import type { KioskConfig } from './config/types.js';
import type { TerminalDescription } from './upstream/birth.js';
import { VERSION } from './version.js';

const FEATURES = ['duty-check-in'];

export function configDigest(config: KioskConfig): string {
  // Secrets are left out: the digest is published, the password is not.
  const broker = config.upstream.broker ? { ...config.upstream.broker, password: undefined } : null;
  const published = { ...config, upstream: { ...config.upstream, broker } };
  return createHash('sha256').update(JSON.stringify(published)).digest('hex').slice(0, 16);
}

type DescribedDevice = Pick<Device, 'name' | 'kind' | 'capabilities' | 'health'>;

export function describeTerminal(
  config: KioskConfig,
  devices: DescribedDevice[],
): () => TerminalDescription {
  const digest = configDigest(config);
  return () => ({
    version: VERSION,
    role: config.terminal.role,
    configDigest: digest,
    capabilities: [
      ...FEATURES,
      ...devices.flatMap((device) =>
        device.capabilities.map((capability) => `${device.kind}:${capability}`),
      ),
    ],
    devices: devices.map((device) => {
      const health = device.health();
      return {
        name: device.name,
        kind: device.kind,
        state: health.state,
        lastSuccessAt: health.lastSuccessAt,
      };
    }),
  });
}
