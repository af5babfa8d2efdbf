/**
 * Card emulator process for the PC/SC rig, run inside the rig's network namespace:
 *
 *   ip netns exec NS node --import tsx hardware-tests/card-reader/card-emulator.ts --port 35963
 *
 * Commands on stdin, one per line: `insert {"uid":"04A1B2C3"}` (a SimulatedCardSpec as
 * JSON), `remove`, `quit`. Every happening is one JSON line on stdout ({"event": …}).
 */
import { createInterface } from 'node:readline';
import type { SimulatedCardSpec } from '../../drivers/card-reader/simulated-card.js';
import { normalizeUid } from '../../drivers/card-reader/uid.js';
import { VpcdCard } from './vpcd-card.js';

function say(event: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(JSON.stringify({ event, ...fields }) + '\n');
}

function portArgument(): number {
  const index = process.argv.indexOf('--port');
  const port = Number(index >= 0 ? process.argv[index + 1] : 35963);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    say('error', { message: `--port must be a TCP port, got ${process.argv[index + 1]}` });
    process.exit(2);
  }
  return port;
}

function parseSpec(text: string): SimulatedCardSpec {
  const spec = JSON.parse(text) as SimulatedCardSpec;
  if (typeof spec?.uid !== 'string') throw new Error('insert needs a JSON object with a "uid"');
  normalizeUid(spec.uid);
  return spec;
}

const card = new VpcdCard({ port: portArgument() });
for (const event of ['connected', 'disconnected', 'control', 'apdu', 'fault', 'pulled'] as const) {
  card.events.on(event, (payload) => say(event, payload as Record<string, unknown>));
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const [command = '', ...rest] = line.trim().split(' ');
  try {
    if (command === 'insert') {
      card.insert(parseSpec(rest.join(' ')));
      say('inserted');
    } else if (command === 'remove') {
      card.remove();
      say('removed');
    } else if (command === 'quit') {
      card.remove();
      process.exit(0);
    } else if (command !== '') {
      say('error', { message: `unknown command ${JSON.stringify(command)}` });
    }
  } catch (error) {
    say('error', { message: error instanceof Error ? error.message : String(error) });
  }
});
lines.on('close', () => {
  card.remove();
  process.exit(0);
});
say('ready', { pid: process.pid });
