/**
 * Platform simulator: stands in for the facility platform so a person (or a test) can
 * watch and drive a terminal without it.
 *
 *   node --import tsx hardware-tests/platform-simulator.ts --broker mqtt://127.0.0.1:1883 \
 *     [--site demo-site] [--terminal demo-cell-101] [--no-data]
 *
 * Publishes a demo roster, schedule (a shift whose check-in window is open now),
 * catalogue and bookings to the terminal, then prints one line per status, birth,
 * health, event, alert and command result of every terminal of the site. Type on stdin:
 *   cmd <name> [json args]   e.g. `cmd rebirth`, `cmd health`, `cmd data.versions`
 *   data                     publish the demo data again (new versions)
 *   quit
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { DEMO_BOOKING_CODES } from './platform/demo-data.js';
import { startPlatformSimulator, type PlatformSimulator } from './platform/simulator.js';

const { values } = parseArgs({
  options: {
    broker: { type: 'string', default: 'mqtt://127.0.0.1:1883' },
    site: { type: 'string', default: 'demo-site' },
    terminal: { type: 'string', default: 'demo-cell-101' },
    'no-data': { type: 'boolean', default: false },
  },
});
const say = (line: string) => process.stdout.write(line + '\n');

let simulator: PlatformSimulator;
try {
  simulator = await startPlatformSimulator({
    url: values.broker!, site: values.site!, terminal: values.terminal!, print: say,
  });
} catch (error) {
  process.stderr.write(`cannot reach the broker at ${values.broker}: ${String(error)}\n`);
  process.exit(1);
}
say(`platform simulator on ${values.broker}, site ${values.site}, terminal ${values.terminal}`);
if (!values['no-data']) {
  say(`published ${(await simulator.publishDemoData()).join(', ')}`);
  const codes = Object.entries(DEMO_BOOKING_CODES).map(([id, code]) => `${id}=${code}`);
  say(`booking codes: ${codes.join(' ')}`);
}
say('type: cmd <name> [json args] | data | quit');

const input = createInterface({ input: process.stdin });
input.on('line', (raw) => void handle(raw.trim()));
input.on('close', () => void stop());

async function handle(line: string): Promise<void> {
  const [word, name, ...rest] = line.split(/\s+/);
  if (word === 'quit') return stop();
  if (word === 'data') {
    say(`published ${(await simulator.publishDemoData()).join(', ')}`);
    return;
  }
  if (word !== 'cmd' || !name) {
    if (line !== '') say('unknown input; type: cmd <name> [json args] | data | quit');
    return;
  }
  let args: unknown;
  try {
    args = rest.length > 0 ? JSON.parse(rest.join(' ')) : undefined;
  } catch (error) {
    say(`args are not JSON: ${String(error)}`);
    return;
  }
  say(`sent ${name} as ${await simulator.command(name, args)}`);
}

async function stop(): Promise<void> {
  await simulator.close();
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
