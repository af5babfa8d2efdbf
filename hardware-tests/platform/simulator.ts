/**
 * The platform simulator's core: publishes demo data (retained) to one terminal, prints a
 * line for everything terminals publish, and sends commands.
 */
import { randomUUID } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { demoData } from './demo-data.js';
import { describeMessage } from './describe-message.js';

const ROOT = 'kiosk/v1';

export interface SimulatorOptions {
  url: string;
  site: string;
  terminal: string;
  print(line: string): void;
}

export interface PlatformSimulator {
  publishDemoData(): Promise<string[]>;
  /** Sends a command; returns its request id. */
  command(name: string, args?: unknown): Promise<string>;
  close(): Promise<void>;
}

export async function startPlatformSimulator(
  options: SimulatorOptions,
): Promise<PlatformSimulator> {
  const { site, terminal, print } = options;
  const base = `${ROOT}/${site}/${terminal}`;
  const client: MqttClient = await mqtt.connectAsync(options.url, {
    clientId: `platform-simulator-${randomUUID().slice(0, 8)}`,
    reconnectPeriod: 1000,
  });
  client.on('message', (topic, payload) => {
    const line = describeMessage(ROOT, topic, payload);
    if (line) print(line);
  });
  client.on('error', (error) => print(`broker error: ${error.message}`));
  const filters = ['status', 'birth', 'health', 'events', 'alerts/#', 'result/#']
    .map((sub) => `${ROOT}/${site}/+/${sub}`);
  await client.subscribeAsync(filters, { qos: 1 });

  return {
    publishDemoData: async () => {
      const kinds: string[] = [];
      for (const [kind, snapshot] of Object.entries(demoData(new Date()))) {
        await client.publishAsync(`${base}/data/${kind}`, JSON.stringify(snapshot),
          { qos: 1, retain: true });
        kinds.push(`${kind}@${(snapshot as { version: string }).version}`);
      }
      return kinds;
    },
    command: async (name, args) => {
      const requestId = `sim-${randomUUID().slice(0, 8)}`;
      const request = args === undefined ? { requestId } : { requestId, args };
      await client.publishAsync(`${base}/cmd/${name}`, JSON.stringify(request), { qos: 1 });
      return requestId;
    },
    close: () => client.endAsync(),
  };
}
