/**
 * Test helper: a plain MQTT subscriber that records what reaches the broker, and a
 * condition wait with a generous deadline (no fixed sleeps).
 */
import mqtt, { type MqttClient } from 'mqtt';

export interface Received {
  topic: string;
  text: string;
  retain: boolean;
}

export interface Collector {
  messages: Received[];
  /** JSON payloads on `topic`, in arrival order. */
  json(topic: string): Array<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function collect(
  url: string,
  filter: string,
  options: mqtt.IClientOptions = {},
): Promise<Collector> {
  const client: MqttClient = await mqtt.connectAsync(url, {
    reconnectPeriod: 500,
    clientId: `collector-${process.pid}-${Math.random().toString(16).slice(2, 8)}`,
    ...options,
  });
  const messages: Received[] = [];
  client.on('message', (topic, payload, packet) => {
    messages.push({ topic, text: payload.toString(), retain: packet.retain });
  });
  // Resubscribe after the broker restarts (a clean session forgets subscriptions).
  client.on('connect', () => void client.subscribeAsync(filter, { qos: 1 }));
  await client.subscribeAsync(filter, { qos: 1 });

  return {
    messages,
    json: (topic) =>
      messages
        .filter((message) => message.topic === topic && message.text !== '')
        .map((message) => JSON.parse(message.text) as Record<string, unknown>),
    close: () => client.endAsync(true),
  };
}

export async function waitFor(
  what: string,
  condition: () => boolean,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
