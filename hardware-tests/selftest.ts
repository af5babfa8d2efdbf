/**
 * The technician's hardware self-test: `npm run selftest -- --config /etc/kiosk/kiosk.json`.
 *
 * Runs the check of every device the configuration drives with its real back-end (a
 * simulated device has nothing to test) and prints one line per step. With
 * `--interactive` it also asks the technician to touch the module, lay a card and touch
 * the screen. Exit code 0 when every step passed, 1 when any failed, 2 for a bad config.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createLogger } from '../drivers/core/logger.js';
import { ConfigError } from '../kiosk/config/errors.js';
import { loadConfig } from '../kiosk/config/load.js';
import type { KioskConfig } from '../kiosk/config/types.js';
import { checkCardReader } from './selftest-card-reader.js';
import { checkFingerprint } from './selftest-fingerprint.js';
import { checkGpio } from './selftest-gpio.js';
import { checkMcu } from './selftest-mcu.js';
import { checkScreen } from './selftest-screen.js';

type Result = { ok: boolean; steps: { name: string; ok: boolean; detail: string }[] };
type Section = Record<string, unknown> & { backend?: string };

const prompt = (message: string) => console.log(`>>> ${message}`);

/** The checks this configuration calls for, in the order a technician would walk them. */
export function plannedChecks(
  config: KioskConfig,
  interactive: boolean,
): { device: string; run: () => Promise<Result> }[] {
  const logger = createLogger('selftest', { level: 'warn' });
  const hardware = config.hardware;
  const real = (section: unknown): section is Section =>
    (section as Section | null)?.backend === 'real';
  const checks: { device: string; run: () => Promise<Result> }[] = [];

  const fingerprint = hardware.fingerprint;
  if (fingerprint.backend === 'real') {
    checks.push({
      device: `fingerprint module at ${fingerprint.port}`,
      run: () =>
        checkFingerprint({
          port: fingerprint.port,
          baudRate: fingerprint.baudRate,
          password: fingerprint.password,
          logger,
          ...(interactive ? { waitForTouchMs: 20_000 } : {}),
        }),
    });
  }
  if (real(hardware.gpio)) {
    const gpio = hardware.gpio;
    checks.push({
      device: 'GPIO pins',
      run: () =>
        checkGpio({
          ...(gpio as object),
          name: 'gpio',
          logger,
          ...(interactive
            ? { prompt: (pin: string, action: string) => prompt(`${action} ${pin}`) }
            : {}),
        } as Parameters<typeof checkGpio>[0]),
    });
  }
  if (real(hardware.cardReader)) {
    const cardReader = hardware.cardReader;
    checks.push({
      device: 'card reader',
      run: () =>
        checkCardReader({
          ...(cardReader as object),
          logger,
          ...(interactive ? { waitForCardMs: 20_000 } : {}),
        } as Parameters<typeof checkCardReader>[0]),
    });
  }
  if (real(hardware.mcu)) {
    const mcu = hardware.mcu;
    checks.push({
      device: `peripheral board at ${String(mcu.port)}`,
      run: () => checkMcu({ ...(mcu as object), logger } as Parameters<typeof checkMcu>[0]),
    });
  }
  if (real(hardware.screen)) {
    const screen = hardware.screen;
    checks.push({
      device: 'screen',
      run: () =>
        checkScreen({
          ...(screen as object),
          ...(interactive ? { touchWaitMs: 20_000, prompt } : {}),
        } as Parameters<typeof checkScreen>[0]),
    });
  }
  return checks;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { config: { type: 'string' }, interactive: { type: 'boolean' } },
  });
  if (!values.config) {
    console.error('usage: npm run selftest -- --config FILE [--interactive]');
    process.exit(2);
  }

  let config: KioskConfig;
  try {
    config = loadConfig(values.config).config;
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : String(error));
    process.exit(2);
  }

  const checks = plannedChecks(config, values.interactive === true);
  if (checks.length === 0)
    console.log('no device uses its real back-end in this configuration: nothing to test');

  let allOk = true;
  for (const { device, run } of checks) {
    console.log(`== ${device}`);
    const result = await run().catch((error: unknown) => ({
      ok: false,
      steps: [
        {
          name: 'check',
          ok: false,
          detail: error instanceof Error ? error.message : String(error),
        },
      ],
    }));
    for (const step of result.steps)
      console.log(`  ${step.ok ? 'ok  ' : 'FAIL'} ${step.name}: ${step.detail}`);
    allOk &&= result.ok;
  }
  console.log(allOk ? 'self-test passed' : 'self-test FAILED');
  process.exit(allOk ? 0 : 1);
}

const script = process.argv[1];
if (script !== undefined && import.meta.url === pathToFileURL(script).href) await main();
