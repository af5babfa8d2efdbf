/**
 * A fingerprint module emulator on a serial port, for a technician's bench or a CI rig:
 *
 *   node --import tsx hardware-tests/fingerprint-emulator.ts --port /tmp/pty/tty-module \
 *     [--baud 57600] [--enrol 1,2,3] [--password 0] [--realistic]
 *
 * Give it one end of a socat pty pair and the driver the other. It prints `ready` once
 * it listens, then takes one command per stdin line and answers `ok …` or `error …`:
 *   finger N    place the finger enrolled at template N until `lift`
 *   touch N     that finger for one capture only
 *   unknown     an unknown finger until `lift`   (`touch unknown` for one capture)
 *   lift        take the finger off
 *   enrol N     store a template for a new finger at N
 *   status      list enrolled templates and the finger on the glass
 *   quit        close the port and exit
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { SerialPort } from 'serialport';
import { FingerprintEmulator, type EmulatorOptions } from '../drivers/fingerprint/emulator.js';

/** Module timings of the R30x datasheets, for a bench that should feel like the part. */
const REALISTIC_DELAYS: EmulatorOptions['delays'] = {
  default: 5,
  GenImg: 300,
  Img2Tz: 250,
  Search: 300,
  RegModel: 200,
  Store: 50,
};

function fail(message: string): never {
  console.error(`fingerprint-emulator: ${message}`);
  process.exit(2);
}

function parseTemplateId(text: string | undefined): number {
  const id = Number(text);
  if (text === undefined || !Number.isInteger(id) || id < 0 || id > 0xffff) {
    throw new Error(`template id must be an integer 0 … 65535, got ${JSON.stringify(text)}`);
  }
  return id;
}

function handleLine(emulator: FingerprintEmulator, line: string): string {
  const [command, argument] = line.trim().split(/\s+/);
  switch (command) {
    case 'finger':
      emulator.placeFinger(parseTemplateId(argument));
      return `ok finger ${argument}`;
    case 'touch':
      emulator.touch(argument === 'unknown' ? 'unknown' : parseTemplateId(argument));
      return `ok touch ${argument}`;
    case 'unknown':
      emulator.placeUnknownFinger();
      return 'ok unknown';
    case 'lift':
      emulator.liftFinger();
      return 'ok lift';
    case 'enrol':
      return `ok enrol ${argument} ${emulator.enrol(parseTemplateId(argument))}`;
    case 'status': {
      const templates = [...emulator.enrolled.keys()].sort((a, b) => a - b).join(',') || '-';
      return `ok status templates=${templates} finger=${emulator.state.finger?.fingerId ?? '-'}`;
    }
    default:
      throw new Error(
        `unknown command ${JSON.stringify(command ?? '')}; try finger N, touch N, unknown, lift`,
      );
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      baud: { type: 'string', default: '57600' },
      enrol: { type: 'string', default: '' },
      password: { type: 'string', default: '0' },
      realistic: { type: 'boolean', default: false },
    },
  });
  if (!values.port) fail('--port <path> is required (one end of a socat pty pair)');
  const baudRate = Number(values.baud);
  const password = Number(values.password);
  if (!Number.isInteger(baudRate) || baudRate <= 0) {
    fail(`--baud must be a positive integer, got ${values.baud}`);
  }
  if (!Number.isInteger(password) || password < 0 || password > 0xffffffff) {
    fail(`--password is not a 32-bit number`);
  }

  const emulator = new FingerprintEmulator({
    baudRate,
    password,
    delays: values.realistic ? REALISTIC_DELAYS : undefined,
  });
  for (const id of values.enrol.split(',').filter(Boolean)) {
    try {
      emulator.enrol(parseTemplateId(id));
    } catch (error) {
      fail(`--enrol: ${(error as Error).message}`);
    }
  }

  const port = new SerialPort({ path: values.port, baudRate, autoOpen: false });
  port.on('error', (error: Error) => {
    console.error(`fingerprint-emulator: port error: ${error.message}`);
  });
  await new Promise<void>((resolve) =>
    port.open((error) => {
      if (error) fail(`cannot open ${values.port}: ${error.message}`);
      resolve();
    }),
  );
  port.on('close', () => {
    console.log('closed');
    process.exit(0);
  });
  emulator.attach(port);
  console.log('ready');

  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    if (line.trim() === '') return;
    if (line.trim() === 'quit') {
      port.close();
      return;
    }
    try {
      console.log(handleLine(emulator, line));
    } catch (error) {
      console.log(`error ${(error as Error).message}`);
    }
  });
  lines.on('close', () => port.isOpen && port.close());
}

await main();
