/**
 * Birth and health: retained messages that tell the platform who this terminal is and
 * whether it is making progress.
 *
 * Birth goes out on every connect and on request (the `rebirth` command) and carries the
 * birth counter of the connection, the same number as the status message and last will
 * of that connection. Health goes out at each connect and then periodically while online;
 * it reports the round trip of the previous health publish (QoS 1 publish to PUBACK).
 */
import { statfs } from 'node:fs/promises';
import { errorMessage } from '../../drivers/core/errors.js';
import type { Logger } from '../../drivers/core/logger.js';
import type { UpstreamLink } from './link.js';
import type { Outbox } from './outbox.js';
import { assertMessage } from './protocol-schemas.js';
import { PROTOCOL_ROOT } from './topics.js';

export interface DeviceSummary {
  name: string;
  kind: string;
  state: string;
  lastSuccessAt: string | null;
}

/** What the runtime says about itself in birth and health. */
export interface TerminalDescription {
  version: string;
  build?: string;
  role: string;
  configDigest: string;
  capabilities: string[];
  devices: DeviceSummary[];
}

export interface BirthMessage extends TerminalDescription {
  protocol: string;
  site: string;
  terminal: string;
  birth: number;
  at: string;
  startedAt: string;
  data: Record<string, string | null>;
}

export interface HealthMessage {
  at: string;
  uptimeSeconds: number;
  memory: { rssBytes: number; heapUsedBytes: number };
  diskFreeBytes: number | null;
  outbox: { depth: number; oldestStoredAt: string | null; oldestAgeSeconds: number | null };
  roundTripMs: number | null;
  devices: DeviceSummary[];
}

export interface PresenceOptions {
  link: UpstreamLink;
  outbox: Outbox;
  /** Folder whose file system's free space health reports. */
  dataDir: string;
  logger: Logger;
  site: string;
  terminalId: string;
  describe(): TerminalDescription;
  /** Versions of synced data held, by kind. */
  dataVersions?: () => Record<string, string | null>;
  healthIntervalMs?: number;
}

export interface Presence {
  /** Publishes the birth again (same counter, new time); resolves once the broker has it. */
  rebirth(): Promise<BirthMessage>;
  /** The health message as it would be published now. */
  health(): Promise<HealthMessage>;
  stop(): void;
}

export function startPresence(options: PresenceOptions): Presence {
  const { link, outbox, logger } = options;
  const startedAt = new Date();
  const owner = {};
  let roundTripMs: number | null = null;

  const health = async (): Promise<HealthMessage> => {
    const memory = process.memoryUsage();
    const oldest = outbox.oldestStoredAt;
    const ageMs = oldest === null ? null : Math.max(0, Date.now() - Date.parse(oldest));
    const message: HealthMessage = {
      at: new Date().toISOString(),
      uptimeSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
      memory: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed },
      diskFreeBytes: await diskFree(options.dataDir),
      outbox: {
        depth: outbox.depth,
        oldestStoredAt: oldest,
        oldestAgeSeconds: ageMs === null ? null : Math.round(ageMs / 1000),
      },
      roundTripMs,
      devices: options.describe().devices,
    };
    assertMessage('health', message, 'health message');
    return message;
  };

  const publishHealth = async () => {
    const message = await health();
    const sentAt = Date.now();
    await link.publishRetained('health', message);
    if (link.online) roundTripMs = Date.now() - sentAt;
  };

  const birth = (): BirthMessage => {
    const message: BirthMessage = {
      protocol: PROTOCOL_ROOT,
      site: options.site,
      terminal: options.terminalId,
      birth: link.birth,
      at: new Date().toISOString(),
      startedAt: startedAt.toISOString(),
      ...options.describe(),
      data: options.dataVersions?.() ?? {},
    };
    // A birth the platform cannot read is a programming error; say which field.
    assertMessage('birth', message, 'birth message');
    return message;
  };

  const publishBirth = async (): Promise<BirthMessage> => {
    const message = birth();
    await link.publishRetained('birth', message);
    logger.info('birth published', { birth: message.birth });
    return message;
  };

  const report = (what: string) => (error: unknown) =>
    logger.warn(`${what} not published`, { reason: errorMessage(error) });
  link.events.on(
    'online',
    () => {
      publishBirth().catch(report('birth'));
      publishHealth().catch(report('health'));
    },
    owner,
  );
  const timer = setInterval(() => {
    if (link.online) publishHealth().catch(report('health'));
  }, options.healthIntervalMs ?? 60_000);
  timer.unref();

  return {
    rebirth: publishBirth,
    health,
    stop: () => {
      clearInterval(timer);
      link.events.removeOwner(owner);
    },
  };
}

async function diskFree(dir: string): Promise<number | null> {
  try {
    const stats = await statfs(dir);
    return stats.bavail * stats.bsize;
  } catch {
    return null;
  }
}
