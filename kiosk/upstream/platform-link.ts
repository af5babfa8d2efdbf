/**
 * The one entry point the runtime uses for the platform: the MQTT link with its durable
 * birth counter, presence (birth and health), commands (with `rebirth`, `health` and
 * `data.versions` built in), data sync, alerts and the event recorder, started in that
 * order and stopped in reverse.
 */
import { errorMessage } from '../../drivers/core/errors.js';
import type { Logger } from '../../drivers/core/logger.js';
import { Alerts, type AlertInput } from './alerts.js';
import { openBirthCounter } from './birth-counter.js';
import { startPresence, type TerminalDescription } from './birth.js';
import { CommandRouter, type CommandSpec } from './commands.js';
import { DataSync, type ApplyOutcome } from './data-sync.js';
import { EventRecorder } from './events.js';
import { createUpstreamLink, type BrokerConfig, type UpstreamLink } from './link.js';
import type { Outbox } from './outbox.js';
import type { TakeoverOptions } from './takeover-watch.js';

import { subscribeData } from './data-subscription.js';
import type { BackoffOptions } from '../../drivers/core/backoff.js';

export interface PlatformLinkOptions {
  broker: BrokerConfig | null;
  site: string;
  terminalId: string;
  keepaliveSeconds: number;
  outbox: Outbox;
  /** Folder for the birth counter, command results and held data. */
  dataDir: string;
  logger: Logger;
  describe(): TerminalDescription;
  data: { kinds: string[]; apply(kind: string, snapshot: unknown): Promise<ApplyOutcome> };
  commands?: CommandSpec[];
  /** Tuning for tests; the defaults suit a fleet. */
  backoff?: BackoffOptions;
  takeover?: TakeoverOptions;
  healthIntervalMs?: number;
  /**
   * Leave the connection to `start()`, so the runtime can read `heldData` and set up its
   * features before the first snapshot can arrive (default false: connect at once).
   */
  deferStart?: boolean;
}

export interface PlatformLink {
  link: UpstreamLink;
  recorder: EventRecorder;
  /** The last good snapshot of a data kind (held on disk), for start-up; null if none. */
  heldData(kind: string): unknown | null;
  raiseAlert(alert: AlertInput): Promise<void>;
  clearAlert(id: string): Promise<void>;
  /** Connects (only needed with `deferStart`; calling it again does nothing). */
  start(): void;
  stop(): Promise<void>;
}

const TAKEOVER_ALERT = 'upstream-session-taken-over';

export async function startPlatformLink(options: PlatformLinkOptions): Promise<PlatformLink> {
  const { outbox, dataDir, site, terminalId } = options;
  const logger = options.logger;
  const birthCounter = await openBirthCounter(dataDir, logger);
  const link = createUpstreamLink({
    broker: options.broker,
    site,
    terminalId,
    outbox,
    logger,
    keepaliveSeconds: options.keepaliveSeconds,
    birthCounter,
    backoff: options.backoff,
    takeover: options.takeover,
  });
  const recorder = new EventRecorder(outbox, { site, terminalId });
  const alerts = new Alerts(link, logger);
  const data = await DataSync.open({ dataDir, logger, recorder, ...options.data });
  // Commands and data subscribe on 'online' before presence publishes the birth: MQTT
  // keeps one connection's packets in order, so a platform that has seen the birth
  // knows the terminal's subscriptions are in place and its commands will be heard.
  const router = new CommandRouter({ link, outbox, logger, dataDir });
  router.register({ name: 'rebirth', run: () => presence.rebirth() });
  router.register({ name: 'health', run: () => presence.health() });
  router.register({ name: 'data.versions', run: () => data.versions() });
  for (const spec of options.commands ?? []) router.register(spec);
  await router.start();
  const unsubscribe = subscribeData(link, data, logger);

  const presence = startPresence({
    link, outbox, dataDir, logger, site, terminalId,
    describe: options.describe,
    dataVersions: () => data.versions(),
    healthIntervalMs: options.healthIntervalMs,
  });

  const owner = {};
  let stable: NodeJS.Timeout | null = null;
  link.events.on('session-taken-over', (event) => {
    recorder.record({ type: 'upstream.session-taken-over', data: event }).catch((error: unknown) =>
      logger.error('takeover event not stored', { reason: errorMessage(error) }),
    );
    void alerts.raise({
      id: TAKEOVER_ALERT,
      kind: 'upstream.session-taken-over',
      severity: 'critical',
      text: `another client uses this terminal's MQTT session (${event.clientId}); ` +
        'two boards may share one terminal id',
      data: { quickCloses: event.quickCloses },
    });
  }, owner);
  // The takeover alert ends once a connection has held for a while.
  link.events.on('online', () => {
    if (stable) clearTimeout(stable);
    stable = setTimeout(() => {
      const raised = alerts.active().some((alert) => alert.id === TAKEOVER_ALERT);
      if (link.online && raised) void alerts.clear(TAKEOVER_ALERT);
    }, options.takeover?.stableMs ?? 120_000);
    stable.unref();
  }, owner);
  // A birth after data changed tells the platform the versions now held.
  data.onApplied = () => {
    if (link.online) presence.rebirth().catch(() => undefined);
  };

  if (!options.deferStart) link.start();
  return {
    link,
    recorder,
    heldData: (kind) => data.held(kind),
    raiseAlert: (alert) => alerts.raise(alert),
    clearAlert: (id) => alerts.clear(id),
    start: () => link.start(),
    stop: async () => {
      if (stable) clearTimeout(stable);
      link.events.removeOwner(owner);
      unsubscribe();
      router.stop();
      presence.stop();
      await link.stop();
    },
  };
}
