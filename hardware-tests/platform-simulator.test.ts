// test-timeout: 120
/**
 * The platform simulator as a person uses it, against a real mosquitto and a terminal on
 * startPlatformLink: demo data applied, live lines, commands typed on stdin answered.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryLogger } from '../drivers/core/logger.js';
import { Outbox } from '../kiosk/upstream/outbox.js';
import { startPlatformLink, type PlatformLink } from '../kiosk/upstream/platform-link.js';
import { checkMessage, type SchemaName } from '../kiosk/upstream/protocol-schemas.js';
import { waitFor } from '../kiosk/upstream/testing/collector.js';
import { startBroker, type RunningBroker } from './rigs/mosquitto.js';

const KINDS = ['roster', 'schedule', 'catalogue', 'bookings'];
let broker: RunningBroker;
let dir = '';
let outbox: Outbox;
let terminal: PlatformLink;
let simulator: ChildProcess | null = null;
const lines: string[] = [];

test.before(async () => {
  broker = await startBroker();
  dir = await mkdtemp(join(tmpdir(), 'platform-sim-'));
  const logger = createMemoryLogger();
  outbox = await Outbox.open({ dir: join(dir, 'outbox'), logger });
  terminal = await startPlatformLink({
    broker: { url: broker.url }, site: 'demo-site', terminalId: 'demo-cell-101',
    keepaliveSeconds: 10, outbox, dataDir: dir, logger,
    backoff: { initialMs: 50, maxMs: 300 },
    describe: () => ({ version: '0.1.0', role: 'cell', configDigest: '0123abcd',
      capabilities: ['duty'], devices: [] }),
    data: { kinds: KINDS, apply: async () => ({ ok: true }) },
  });
  await waitFor('terminal online', () => terminal.link.online);
});

test.after(async () => {
  if (simulator && simulator.exitCode === null) {
    simulator.kill('SIGKILL');
    await waitFor('simulator gone', () => simulator!.exitCode !== null || !!simulator!.signalCode);
  }
  await terminal.stop();
  await outbox.close();
  await broker.stop();
  await rm(dir, { recursive: true, force: true });
});

test('publishes demo data, shows the terminal live and answers typed commands', async () => {
  const script = new URL('./platform-simulator.ts', import.meta.url).pathname;
  simulator = spawn(process.execPath, ['--import', 'tsx', script, '--broker', broker.url],
    { stdio: ['pipe', 'pipe', 'inherit'] });
  let partial = '';
  simulator.stdout!.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
  });
  const said = (pattern: RegExp) => () => lines.some((line) => pattern.test(line));

  await waitFor('demo data held by the terminal', () =>
    KINDS.every((kind) => terminal.heldData(kind) !== null), 30_000);
  for (const kind of KINDS) {
    assert.equal(checkMessage(`data-${kind}` as SchemaName, terminal.heldData(kind)), [], kind);
  }
  const schedule = terminal.heldData('schedule') as {
    shifts: Array<{ checkIn: { opens: string; closes: string } }>;
  };
  const now = Date.now();
  assert.ok(schedule.shifts.some((shift) =>
    Date.parse(shift.checkIn.opens) <= now && now <= Date.parse(shift.checkIn.closes)),
  'a shift whose check-in window is open now');
  await waitFor('retained status shown', said(/demo-site\/demo-cell-101 status online birth=\d+/));
  await waitFor('applied events shown', said(/event #\d+ data\.applied kind=schedule/));

  simulator.stdin!.write('cmd rebirth\ncmd health\ncmd fly {"high": true}\n');
  await waitFor('rebirth result', said(/result sim-\w+ rebirth ok \{/));
  await waitFor('birth shown', said(/birth #\d+ version=0\.1\.0 role=cell data=\{"roster":"sim-/));
  await waitFor('health result', said(/result sim-\w+ health ok \{"at"/));
  await waitFor('unknown command answered', said(/result sim-\w+ fly error .*unknown-command/));

  simulator.stdin!.write('quit\n');
  await waitFor('simulator quits', () => simulator!.exitCode !== null, 10_000);
  assert.is(simulator.exitCode, 0);
});

test.run();
