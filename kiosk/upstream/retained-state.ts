/**
 * The terminal's retained state on the broker (alerts, health, birth): the latest value
 * per topic is kept here and published again on every connect, so a broker that lost its
 * retained store (restart without persistence) is repaired as soon as the link is back.
 */
import type { MqttClient } from 'mqtt';
import { errorMessage } from '../../drivers/core/errors.js';
import type { Logger } from '../../drivers/core/logger.js';

export class RetainedState {
  readonly #latest = new Map<string, Buffer>();
  /** The client each topic was last published on, so a connect does not send it twice. */
  readonly #sentOn = new Map<string, MqttClient>();

  constructor(private readonly logger: Logger) {}

  /** Remembers the value and, when a client is given, publishes it now (QoS 1). */
  async set(client: MqttClient | null, topic: string, payload: Buffer): Promise<void> {
    this.#latest.set(topic, payload);
    if (client) await this.#publish(client, topic, payload);
  }

  /** Publishes every kept value not yet sent on this client. */
  republish(client: MqttClient): void {
    for (const [topic, payload] of this.#latest) {
      if (this.#sentOn.get(topic) !== client) void this.#publish(client, topic, payload);
    }
  }

  async #publish(client: MqttClient, topic: string, payload: Buffer): Promise<void> {
    this.#sentOn.set(topic, client);
    try {
      await client.publishAsync(topic, payload, { qos: 1, retain: true });
      // An empty retained message clears the topic; nothing to repeat after that.
      if (payload.length === 0 && this.#latest.get(topic) === payload) this.#latest.delete(topic);
    } catch (error) {
      this.logger.debug('retained publish not confirmed; will repeat on reconnect', {
        topic,
        reason: errorMessage(error),
      });
    }
  }
}
