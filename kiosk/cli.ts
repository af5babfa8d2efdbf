/**
 * The `kiosk` command.
 *
 *   kiosk run [--config FILE]     start the terminal (no file: the simulated cell terminal)
 *   kiosk check-config FILE       validate a configuration and exit
 *   kiosk --version
 *
 * Exit codes: 0 clean stop, 2 configuration refused, 1 failed to start.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../drivers/core/logger.js';
import { errorMessage } from '../drivers/core/errors.js';
import { ConfigError } from './config/errors.js';
import { loadConfig } from './config/load.js';
import { createPeripherals } from './devices/peripherals.js';
import { startKiosk } from './main.js';
import { VERSION } from './version.js';

const USAGE = `usage:
  kiosk run [--config FILE]   start the terminal (without a file: simulated cell terminal)
  kiosk check-config FILE     check a configuration file and exit
  kiosk --version`;

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function option(args: string[], name: string): string | null {
  const index = args.indexOf(name);
  if (index < 0) return null;
  const value = args[index + 1];
  if (value === undefined || value.startsWith('--')) {
    console.error(`${name} needs a value\n${USAGE}`);
    process.exit(2);
  }
  return value;
}

/** In a checkout the UI is built from source at start (under a second); a bundle ships it. */
async function prepareUi(): Promise<string> {
  const uiDir = `${ROOT}dist/ui`;
  if (existsSync(`${ROOT}ui/main.tsx`) && process.env.KIOSK_SKIP_UI_BUILD !== '1') {
    const { buildUi } = await import('../scripts/build.js');
    await buildUi(uiDir);
  }
  return uiDir;
}

async function run(args: string[]): Promise<void> {
  const logger = createLogger('kiosk');
  const configFile = option(args, '--config') ?? process.env.KIOSK_CONFIG ?? null;
  const loaded = loadConfig(configFile);
  const kiosk = await startKiosk({ loaded, logger, uiDir: await prepareUi() });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal} received; stopping`);
    kiosk.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  // A fault in one part is logged and the terminal keeps serving; the watchdog of the
  // service manager restarts it if it stops making progress.
  process.on('unhandledRejection', (reason) =>
    logger.error('unhandled rejection', { reason: errorMessage(reason) }),
  );
  process.on('uncaughtException', (error) =>
    logger.error('uncaught exception', { reason: errorMessage(error), stack: error.stack }),
  );
}

async function main(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'run':
        await run(args);
        return;
      case 'check-config': {
        const file = args[0];
        if (!file) throw new ConfigError('(none)', ['check-config needs a FILE']);
        const { config, file: path } = loadConfig(file);
        // The drivers check their own sections, as they will at start: "ok" means it starts.
        createPeripherals(config.hardware, path ?? file, createLogger('check-config', { level: 'error' }));
        console.log(`${file}: ok (terminal ${config.terminal.id}, role ${config.terminal.role})`);
        return;
      }
      case '--version':
        console.log(VERSION);
        return;
      default:
        console.error(USAGE);
        process.exit(command === undefined || command === '--help' ? 0 : 2);
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`kiosk: ${error.message}`);
      process.exit(2);
    }
    console.error(`kiosk: could not start: ${errorMessage(error)}`);
    if (error instanceof Error && error.cause)
      console.error(`  cause: ${errorMessage(error.cause)}`);
    process.exit(1);
  }
}

await main(process.argv.slice(2));
