/**
 * `npm run rigs`: brings every stand-in for the terminal's hardware up on this Linux
 * machine, behind the same operating-system interfaces as on a board, and writes a
 * kiosk configuration that uses the real back-ends against them.
 *
 *   npm run rigs              start them and take commands on stdin until `quit`
 *   npm run rigs -- --check   start each, check it answers, stop it; exit 1 if any failed
 *
 * Rigs: mosquitto on a free loopback port; a socat pty pair with the fingerprint module
 * emulator on the far end; the peripheral board's firmware under simavr; pcscd with the
 * vpcd virtual readers in a private network namespace (root); and, with --check, the
 * sysfs-shaped GPIO file system in a private mount namespace (root).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { SerialPort } from 'serialport';
import { FingerprintEmulator } from '../../drivers/fingerprint/emulator.js';
import { ensureSystemParts } from '../../scripts/system-parts.js';
import { startMcuRig, type McuRig } from './mcu.js';
import { startBroker, type RunningBroker } from './mosquitto.js';
import { startPcscRig, type PcscRig } from './pcsc.js';
import { startPtyPair, type PtyPair } from './socat.js';

interface Rigs {
  broker?: RunningBroker;
  pair?: PtyPair;
  module?: { emulator: FingerprintEmulator; port: SerialPort };
  board?: McuRig;
  pcsc?: PcscRig;
}

type Step = { name: string; ok: boolean; detail: string };

const DEMO_TEMPLATES = [1, 2, 3, 4, 5, 6, 7, 8];

async function step(steps: Step[], name: string, run: () => Promise<string>): Promise<void> {
  try {
    steps.push({ name, ok: true, detail: await run() });
  } catch (error) {
    steps.push({ name, ok: false, detail: error instanceof Error ? error.message : String(error) });
  }
}

async function openModule(
  path: string,
): Promise<{ emulator: FingerprintEmulator; port: SerialPort }> {
  const emulator = new FingerprintEmulator();
  DEMO_TEMPLATES.forEach((templateId) => emulator.enrol(templateId));
  const port = new SerialPort({ path, baudRate: 57600, autoOpen: false });
  port.on('error', () => {});
  await new Promise<void>((resolve, reject) =>
    port.open((error) => (error ? reject(error) : resolve())),
  );
  emulator.attach(port);
  return { emulator, port };
}

async function startAll(rigs: Rigs, steps: Step[], dir: string): Promise<void> {
  await step(steps, 'mqtt broker (mosquitto)', async () => {
    rigs.broker = await startBroker();
    return rigs.broker.url;
  });
  await step(steps, 'fingerprint module (socat pty + emulator)', async () => {
    rigs.pair = await startPtyPair(dir);
    rigs.module = await openModule(rigs.pair.b);
    return `kiosk side ${rigs.pair.a}`;
  });
  await step(steps, 'peripheral board (firmware under simavr)', async () => {
    rigs.board = await startMcuRig();
    return rigs.board.portPath;
  });
  await step(steps, 'card reader (pcscd + vpcd, own network namespace)', async () => {
    rigs.pcsc = await startPcscRig();
    await rigs.pcsc.startPcscd();
    return `socket ${rigs.pcsc.socketPath}`;
  });
}

async function stopAll(rigs: Rigs): Promise<void> {
  rigs.module?.port.close(() => {});
  await rigs.pcsc?.stop().catch(() => {});
  await rigs.board?.stop().catch(() => {});
  await rigs.pair?.stop().catch(() => {});
  await rigs.broker?.stop().catch(() => {});
}

/** The GPIO rig has to live in a mount namespace of its own: its self-test runs it there. */
function checkGpio(steps: Step[]): void {
  const test = new URL('../gpio/selftest.test.ts', import.meta.url).pathname;
  const run = spawnSync(process.execPath, ['--import', 'tsx', test], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  const passed = /Passed:\s+(\d+)/.exec(run.stdout ?? '')?.[1];
  const total = /Total:\s+(\d+)/.exec(run.stdout ?? '')?.[1];
  const ok = run.status === 0 && passed !== undefined && passed === total;
  steps.push({
    name: 'GPIO (FUSE sysfs, own mount namespace)',
    ok,
    detail: ok
      ? `self-test ${passed}/${total} on the rig`
      : (run.stderr || run.stdout || 'no output').slice(-400),
  });
}

function kioskConfig(rigs: Rigs, dir: string): string {
  const config = {
    terminal: { id: 'rig-cell-1', site: 'rig-site', role: 'cell' },
    hardware: {
      fingerprint: rigs.pair ? { backend: 'real', port: rigs.pair.a } : { backend: 'simulated' },
      cardReader: rigs.pcsc
        ? { backend: 'real', socketPath: rigs.pcsc.socketPath }
        : { backend: 'simulated' },
      mcu: rigs.board
        ? {
            backend: 'real',
            port: rigs.board.portPath,
            lights: { red: 'D5', amber: 'D6', green: 'D7' },
            buzzer: 'D8',
            buttons: { 'emergency-call': { pin: 'D2', activeLow: true } },
          }
        : { backend: 'simulated' },
      screen: { backend: 'simulated' },
    },
    upstream: { broker: rigs.broker ? { url: rigs.broker.url } : null, keepaliveSeconds: 10 },
    dataDir: join(dir, 'data'),
    // Beside a demo on 8080, not on top of it.
    http: { port: 8090 },
    localData: 'demo',
  };
  const file = join(dir, 'kiosk.json');
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

function printSteps(steps: Step[]): void {
  for (const { name, ok, detail } of steps)
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}: ${detail}`);
}

const BUTTON_HOLD_MS = 300;

const HELP = `commands: touch N | unknown | card HEXUID | nocard | button | quit`;

async function interactive(rigs: Rigs): Promise<void> {
  let card: Awaited<ReturnType<PcscRig['startEmulator']>> | null = null;
  const lines = createInterface({ input: process.stdin });
  console.log(HELP);
  for await (const line of lines) {
    const [command, argument] = line.trim().split(/\s+/);
    try {
      if (command === 'touch' && argument) rigs.module?.emulator.touch(Number(argument));
      else if (command === 'unknown') rigs.module?.emulator.touch('unknown');
      else if (command === 'card' && argument && rigs.pcsc) {
        card ??= await rigs.pcsc.startEmulator('Virtual PCD 00 00');
        card.insert({ uid: argument });
      } else if (command === 'nocard') card?.remove();
      else if (command === 'button' && rigs.board) {
        // Held long enough to pass the driver's debounce, as a finger would.
        await rigs.board.drivePin(2, 0);
        await new Promise((resolve) => setTimeout(resolve, BUTTON_HOLD_MS));
        await rigs.board.drivePin(2, 1);
      } else if (command === 'quit') break;
      else {
        console.log(HELP);
        continue;
      }
      console.log(`ok ${line.trim()}`);
    } catch (error) {
      console.log(`error: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  await card?.stop();
}

async function main(): Promise<void> {
  if (process.argv.includes('--help')) {
    console.log(
      'usage: npm run rigs [-- --check]\n' +
        '  no option: start every rig and take commands on stdin\n' +
        '  --check:   start each rig, check it answers, stop it',
    );
    console.log(HELP);
    return;
  }
  ensureSystemParts();
  const check = process.argv.includes('--check');
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-rigs-'));
  const rigs: Rigs = {};
  const steps: Step[] = [];

  await startAll(rigs, steps, dir);
  if (check) {
    await stopAll(rigs);
    rmSync(dir, { recursive: true, force: true });
    checkGpio(steps);
    printSteps(steps);
    process.exit(steps.every((entry) => entry.ok) ? 0 : 1);
  }

  printSteps(steps);
  const file = kioskConfig(rigs, dir);
  console.log(`\nkiosk configuration for these rigs: ${file}`);
  console.log(`start the kiosk in another shell:  node bin/kiosk.js run --config ${file}`);
  if (rigs.broker)
    console.log(
      `watch events:  mosquitto_sub -h 127.0.0.1 -p ${rigs.broker.port} -t 'kiosk/v1/#' -v`,
    );

  const stop = async () => {
    await stopAll(rigs);
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  await interactive(rigs);
  await stop();
}

await main();
