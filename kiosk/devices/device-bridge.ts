/**
 * Carries what devices do to the rest of the terminal: state changes and inputs become
 * events for the platform, any sign of a person (finger, card, button) wakes the screen,
 * and every state change refreshes the UI's device list.
 *
 * Card UIDs never leave the board: the platform gets a SHA-256 digest of the canonical
 * UID, enough to match a wristband it knows, useless to copy one.
 */
import { createHash } from 'node:crypto';
import type { Device, DeviceEvents, DeviceState } from '../../drivers/core/device.js';
import { errorMessage } from '../../drivers/core/errors.js';
import type { Logger } from '../../drivers/core/logger.js';
import type { FingerprintReader } from '../../drivers/fingerprint/fingerprint.js';
import type { Peripherals } from './peripherals.js';

export interface BridgePorts {
  record(type: string, data: Record<string, unknown>): Promise<void>;
  changed(): void;
  logger: Logger;
}

/** States worth telling the platform: a device came up, or went away. */
const REPORTED: ReadonlySet<DeviceState> = new Set(['ready', 'lost']);

export function uidDigest(uid: string): string {
  return createHash('sha256').update(uid).digest('hex');
}

export function bridgeDevices(
  fingerprint: FingerprintReader,
  peripherals: Peripherals,
  ports: BridgePorts,
): () => void {
  const owner = {};
  const devices = [
    fingerprint,
    peripherals.gpio,
    peripherals.cardReader,
    peripherals.mcu,
    peripherals.screen,
  ].filter((device) => device !== null) as unknown as Device<DeviceEvents>[];

  const record = (type: string, data: Record<string, unknown>) =>
    ports
      .record(type, data)
      .catch((error: unknown) =>
        ports.logger.error(`could not store ${type} event`, { reason: errorMessage(error) }),
      );

  for (const device of devices) {
    let last: DeviceState | null = null;
    device.events.on(
      'state',
      ({ state, error }) => {
        ports.changed();
        if (!REPORTED.has(state) || state === last) return;
        last = state;
        void record('device.state', {
          device: device.name,
          kind: device.kind,
          state,
          ...(error ? { error } : {}),
        });
      },
      owner,
    );
  }

  const screen = peripherals.screen;
  const wake = (reason: 'finger' | 'card' | 'button') => screen?.wake(reason);

  fingerprint.events.on('identified', () => wake('finger'), owner);

  peripherals.gpio?.events.on(
    'input',
    ({ pin, value }) => {
      if (value) wake('button');
      void record('device.input', { device: peripherals.gpio!.name, pin, value });
    },
    owner,
  );

  peripherals.cardReader?.events.on(
    'card',
    ({ reader, uid }) => {
      wake('card');
      void record('device.card', {
        device: peripherals.cardReader!.name,
        reader,
        uidDigest: uidDigest(uid),
      });
    },
    owner,
  );

  peripherals.mcu?.events.on(
    'button',
    ({ name, pressed }) => {
      if (pressed) wake('button');
      void record('device.button', { device: peripherals.mcu!.name, button: name, pressed });
    },
    owner,
  );

  return () => devices.forEach((device) => device.events.removeOwner(owner));
}
