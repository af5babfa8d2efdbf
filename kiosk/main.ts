/**
 * Composition root: configuration → store → drivers → features → server → upstream.
 * Each part is registered with the lifecycle as it starts, so SIGTERM stops them in
 * reverse order. Parts meet only through the small interfaces handed in here.
 */
import { join } from 'node:path';
import type { Logger } from '../drivers/core/logger.js';
import type { KioskView, Notice } from './api/messages.js';
import type { LoadedConfig } from './config/load.js';
import { systemClock } from './features/clock.js';
import { DutyCheckIn } from './features/duty/duty-check-in.js';
import { dutyStateProblem, emptyDutyState, type DutyState } from './features/duty/duty-state.js';
import { Lifecycle } from './lifecycle.js';
import { loadLocalData } from './local-data-source.js';
import { startServer, type KioskServer } from './server/server.js';
import { checkDataFolder } from './store/data-folder.js';
import { openJsonStore } from './store/json-store.js';
import { createFingerprint } from './devices/fingerprint.js';
import { bridgeDevices } from './devices/device-bridge.js';
import { createPeripherals, peripheralList } from './devices/peripherals.js';
import { watchTemplateRange } from './devices/template-range.js';
import { DUTY_DATA_KINDS, DutyData, startingData } from './duty-data.js';
import { Outbox } from './upstream/outbox.js';
import { startPlatformLink } from './upstream/platform-link.js';
import { UpstreamStatus } from './upstream-status.js';
import { describeTerminal } from './terminal-description.js';
import { alertFor } from './alert-events.js';
import { VERSION } from './version.js';

export interface KioskOptions {
  loaded: LoadedConfig;
  logger: Logger;
  /** Folder of the built UI. */
  uiDir: string;
}

export interface RunningKiosk {
  url: string;
  stop(): Promise<void>;
}

interface StoredState {
  duty: DutyState;
}

export async function startKiosk({ loaded, logger, uiDir }: KioskOptions): Promise<RunningKiosk> {
  const { config } = loaded;
  const lifecycle = new Lifecycle(logger.child('lifecycle'));
  const fingerprintBackend = config.hardware.fingerprint.backend;

  logger.info(`kiosk ${VERSION} starting`, {
    terminal: config.terminal.id,
    site: config.terminal.site,
    role: config.terminal.role,
    config: loaded.file ?? '(built-in simulated cell terminal)',
    fingerprint: fingerprintBackend,
    broker: config.upstream.broker?.url ?? 'none',
    dataDir: config.dataDir,
  });

  // Drivers are built (not opened) first: each checks its options, and a refusal stops
  // the start before anything is touched on disk.
  const fingerprint = createFingerprint(config.hardware.fingerprint, logger.child('fingerprint'));
  const peripherals = createPeripherals(config.hardware, loaded.file ?? '(built-in)', logger);
  const devices = [fingerprint.reader, ...peripheralList(peripherals)];
  logger.info('devices', {
    list: devices.map((device) => `${device.name}:${device.health().backend}`).join(','),
  });

  try {
    // Store: the durable state file and the outbox, both under the data folder.
    await checkDataFolder(config.dataDir);
    const store = await openJsonStore<StoredState>(
      join(config.dataDir, 'state.json'),
      { duty: emptyDutyState() },
      logger.child('store'),
      (data) => dutyStateProblem((data as Partial<StoredState> | null)?.duty),
    );
    const outbox = await Outbox.open({
      dir: join(config.dataDir, 'outbox'),
      logger: logger.child('outbox'),
    });
    lifecycle.started('store', () => outbox.close());

    // Platform link, not yet connected: the data it held from the platform is needed
    // before the features start, and the first snapshot must find them running.
    let dutyData: DutyData | null = null;
    const platform = await startPlatformLink({
      broker: config.upstream.broker,
      site: config.terminal.site,
      terminalId: config.terminal.id,
      keepaliveSeconds: config.upstream.keepaliveSeconds,
      outbox,
      dataDir: config.dataDir,
      logger: logger.child('upstream'),
      describe: describeTerminal(config, devices),
      data: {
        kinds: [...DUTY_DATA_KINDS],
        apply: async (kind, snapshot) =>
          dutyData
            ? dutyData.apply(kind, snapshot)
            : { ok: false, problems: ['the terminal is still starting'] },
      },
      deferStart: true,
    });
    lifecycle.started('platform link', () => platform.stop());

    // Every event goes to the outbox; alerts are also kept retained for the platform.
    const record = async (type: string, data: Record<string, unknown>): Promise<void> => {
      await platform.recorder.record({ type, data });
      const alert = alertFor(type, data);
      if (alert?.raise) await platform.raiseAlert(alert.raise);
      if (alert?.clear) await platform.clearAlert(alert.clear);
    };

    let server: KioskServer | null = null;
    let view = (): KioskView => {
      throw new Error('view asked for before the features started');
    };
    const pushView = () => server?.pushView(view());
    const pushNotice = (notice: Notice) => server?.pushNotice(notice);

    // Features.
    const localData = startingData(
      await loadLocalData(
        config.localData,
        config.dataDir,
        systemClock.now(),
        logger.child('data'),
      ),
      { roster: platform.heldData('roster'), schedule: platform.heldData('schedule') },
      logger.child('data'),
    );
    const duty = new DutyCheckIn({
      clock: systemClock,
      state: {
        read: () => structuredClone(store.data.duty),
        // Memory follows the disk: a write that fails (disk full, I/O error) leaves the
        // state as it was, so the screen never shows what a restart would forget.
        write: async (state) => {
          const previous = store.data.duty;
          store.data.duty = state;
          try {
            await store.write();
          } catch (error) {
            store.data.duty = previous;
            throw error;
          }
        },
      },
      record,
      changed: pushView,
      logger: logger.child('duty'),
    });
    await duty.setData(localData.roster, localData.schedule);
    dutyData = new DutyData(duty, localData, (roster) => {
      fingerprint.enrol(roster.people.flatMap((person) => person.templateIds));
      pushView();
    });
    lifecycle.started('duty check-in', () => duty.stop());

    fingerprint.reader.events.on('identified', ({ result }) => {
      duty.onFinger(result).then(pushNotice, (error: unknown) => {
        logger.error('a check-in could not be stored; the person was asked to try again', {
          error,
        });
        pushNotice({ kind: 'not-stored', at: new Date().toISOString() });
      });
    });
    fingerprint.reader.events.on('fault', () =>
      pushNotice({ kind: 'reader-fault', at: new Date().toISOString() }),
    );
    fingerprint.enrol(localData.roster.people.flatMap((person) => person.templateIds));
    const unbridge = bridgeDevices(fingerprint.reader, peripherals, {
      record,
      changed: pushView,
      logger: logger.child('devices'),
    });
    lifecycle.started('device events', unbridge);
    const unwatchTemplates = watchTemplateRange(
      fingerprint.reader,
      () => localData.roster.people,
      logger.child('fingerprint'),
    );
    lifecycle.started('roster template range check', unwatchTemplates);

    // Each device starts under its own supervisor: one that is missing goes to back-off
    // and says so in health, it does not stop the terminal.
    for (const device of devices) {
      await device.start();
      lifecycle.started(`${device.kind} '${device.name}' (${device.health().backend})`, () =>
        device.stop(),
      );
    }

    // The screen shows whether the terminal is online and how much waits to be sent.
    const upstream = new UpstreamStatus(platform.link, outbox, pushView);

    view = () => ({
      terminal: {
        id: config.terminal.id,
        site: config.terminal.site,
        role: config.terminal.role,
        version: VERSION,
        simulated: fingerprintBackend === 'simulated',
        ...(fingerprint.demoFingers
          ? { demoFingers: fingerprint.demoFingers(dutyData.roster.people) }
          : {}),
      },
      upstream: upstream.view(),
      devices: devices.map((device) => ({
        name: device.name,
        kind: device.kind,
        state: device.health().state,
      })),
      duty: duty.view(),
    });

    // Server: the built UI and the local API, on loopback only.
    server = await startServer({
      port: config.http.port,
      uiDir,
      logger: logger.child('http'),
      getView: view,
      ...(fingerprint.simulate ? { onSimFinger: fingerprint.simulate } : {}),
    });
    const serverToClose = server;
    lifecycle.started(`local UI and API at ${server.url}`, () => serverToClose.close());

    platform.start();
    logger.info('kiosk ready', { ui: server.url });

    return { url: server.url, stop: () => lifecycle.stopAll() };
  } catch (error) {
    await lifecycle.stopAll();
    throw error;
  }
}
