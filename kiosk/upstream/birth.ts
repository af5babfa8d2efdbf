/**
 * Birth and health: retained messages that tell the platform who this terminal is and
 * whether it is making progress.
 *
 * Birth goes out on every connect with a counter kept on disk, so the platform can tell
 * a reconnect or a restart from a repeated message and order births of one terminal.
 * Health goes out at each connect and then periodically while online.
 */
import { join } from 'node:path';
import { errorMessage } from '../../drivers/core/errors.js';
import type { Logger } from '../../drivers/core/logger.js';
import { openJsonStore } from '../store/json-store.js';
import type { UpstreamLink } from './link.js';
import type { Outbox } from './outbox.js';

export interface BirthMessage {
  terminal: string;
  site: string;
  /** Grows by one on every connect, across restarts. */
  birth: number;
  at: string;
  /** When this process started. */
  startedAt: string;
  info: Record<string, unknown>;
}

export interface HealthMessage {
  at: string;
  uptimeSeconds: number;
  outbox: { depth: number; oldestStoredAt: string | null };
  detail: Record<string, unknown>;
}

export interface PresenceOptions {
  link: UpstreamLink;
  outbox: Outbox;
  /** Folder for the birth counter file (`upstream-state.json`). */
  dataDir: string;
  logger: Logger;
  site: string;
  terminalId: string;
  /** Facts for the birth message (version, role, hardware profile …). */
  info?: () => Record<string, unknown>;
  /** Facts for each health message (device states …). */
  health?: () => Record<string, unknown>;
  healthIntervalMs?: number;
}

export interface Presence {
  stop(): void;
}

export async function startPresence(options: PresenceOptions): Promise<Presence> {
  const { link, outbox, logger } = options;
  const startedAt = new Date();
  const stateFile = join(options.dataDir, 'upstream-state.json');
  const state = await openJsonStore(stateFile, { birth: 0 }, logger);
  const owner = {};

  const publishHealth = () => {
    const message: HealthMessage = {
      at: new Date().toISOString(),
      uptimeSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
      outbox: { depth: outbox.depth, oldestStoredAt: outbox.oldestStoredAt },
      detail: options.health?.() ?? {},
    };
    link.publishRetained('health', message).catch((error: unknown) =>
      logger.warn('health not published', { reason: errorMessage(error) }),
    );
  };

  const publishBirth = async () => {
    // Counted and handed to the link in this tick, so the link never repeats a stale birth.
    state.data.birth += 1;
    const message: BirthMessage = {
      terminal: options.terminalId,
      site: options.site,
      birth: state.data.birth,
      at: new Date().toISOString(),
      startedAt: startedAt.toISOString(),
      info: options.info?.() ?? {},
    };
    const published = link.publishRetained('birth', message);
    await state.write();
    await published;
    logger.info('birth published', { birth: message.birth });
  };

  link.events.on(
    'online',
    () => {
      publishBirth().catch((error: unknown) =>
        logger.warn('birth not published', { reason: errorMessage(error) }),
      );
      publishHealth();
    },
    owner,
  );
  const timer = setInterval(() => {
    if (link.online) publishHealth();
  }, options.healthIntervalMs ?? 60_000);
  timer.unref();

  return {
    stop: () => {
      clearInterval(timer);
      link.events.removeOwner(owner);
    },
  };
}
