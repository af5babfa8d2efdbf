/**
 * The upstream MQTT link: keeps one connection to the platform's broker, delivers the
 * outbox over it and keeps this terminal's retained state (status, alerts) on the broker.
 *
 * Reconnects are ours, not MQTT.js': every failure (refused socket, CONNACK refusal,
 * keepalive timeout, broker gone) ends in the client's `close`, after which a fresh
 * client is made after a jittered exponential back-off. The broker publishes a retained
 * `offline` status when the connection dies (last will); the link publishes a retained
 * `online` after each connect and `offline` on a clean stop. All three carry the birth
 * counter of the connection (schemas/status.json). A session that another client with the
 * same client id keeps taking is recognised (takeover-watch.ts) and backed off for minutes.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { Backoff, type BackoffOptions } from '../../drivers/core/backoff.js';
import { errorMessage } from '../../drivers/core/errors.js';
import type { Logger } from '../../drivers/core/logger.js';
import { TypedEmitter } from '../../drivers/core/typed-emitter.js';
import { memoryBirthCounter, type BirthCounter } from './birth-counter.js';
import { clientOptionsFor, describeConnectError, type BrokerConfig } from './connection.js';
import { Delivery } from './delivery.js';
import type { Outbox } from './outbox.js';
import { RetainedState } from './retained-state.js';
import { TakeoverWatch, type TakeoverOptions } from './takeover-watch.js';
import { clientIdFor, terminalTopics, type TerminalTopics } from './topics.js';

export type { BrokerConfig } from './connection.js';

export interface UpstreamLinkOptions {
  broker: BrokerConfig | null;
  site: string;
  terminalId: string;
  outbox: Outbox;
  logger: Logger;
  /** MQTT keepalive; a silent broker is noticed after 1.5 × this (default 30). */
  keepaliveSeconds?: number;
  backoff?: BackoffOptions;
  /** Most messages awaiting PUBACK at once (default 16). */
  window?: number;
  /** Times a message may lose the connection alone before it is dead-lettered (default 5). */
  maxTries?: number;
  /** Numbers each connection for status, last will and birth (default: in memory). */
  birthCounter?: BirthCounter;
  takeover?: TakeoverOptions;
}

/** The retained status payload (schemas/status.json). */
export interface StatusMessage {
  state: 'online' | 'offline';
  birth: number;
  at: string;
  reason?: 'stopped' | 'lost';
}

export type UpstreamLinkEvents = {
  online: { at: string };
  offline: { at: string; reason: string };
  delivered: { seq: number; id: string };
  /** Another client with this client id keeps taking the session; the link waits long. */
  'session-taken-over': { clientId: string; quickCloses: number; retryInMs: number };
};

export interface UpstreamLink {
  readonly online: boolean;
  readonly events: TypedEmitter<UpstreamLinkEvents>;
  readonly topics: TerminalTopics;
  /** Birth counter of the current (or last) connection attempt; 0 before the first. */
  readonly birth: number;
  /** The client of the live connection, or null; for parts that subscribe (commands). */
  readonly client: MqttClient | null;
  start(): void;
  /** Publishes a retained `offline` and disconnects cleanly (no last will). */
  stop(): Promise<void>;
  /**
   * Sets retained state under the terminal's topic (`alerts/<id>`, `health`, …). Kept and
   * published again on every connect; while offline it resolves at once and goes out on
   * the next connect.
   */
  publishRetained(subtopic: string, payload: object): Promise<void>;
  /** Removes retained state (publishes an empty retained message). */
  clearRetained(subtopic: string): Promise<void>;
}

export function createUpstreamLink(options: UpstreamLinkOptions): UpstreamLink {
  return new MqttUpstreamLink(options);
}

class MqttUpstreamLink implements UpstreamLink {
  readonly events: TypedEmitter<UpstreamLinkEvents>;
  readonly topics: TerminalTopics;
  #client: MqttClient | null = null;
  #online = false;
  #stopped = true;
  #timer: NodeJS.Timeout | null = null;
  #saidNoBroker = false;
  readonly #backoff: Backoff;
  readonly #delivery: Delivery;
  readonly #retained: RetainedState;
  readonly #clientId: string;
  readonly #logger: Logger;
  readonly #counter: BirthCounter;
  readonly #takeover: TakeoverWatch;
  #birth = 0;

  constructor(private readonly options: UpstreamLinkOptions) {
    this.#logger = options.logger;
    this.events = new TypedEmitter((event, error) =>
      this.#logger.error('upstream listener threw', { event, reason: errorMessage(error) }),
    );
    this.topics = terminalTopics(options.site, options.terminalId);
    this.#clientId = clientIdFor(options.site, options.terminalId);
    this.#backoff = new Backoff(options.backoff ?? { initialMs: 500, maxMs: 30_000 });
    this.#delivery = new Delivery(options.outbox, this.#logger, {
      window: options.window,
      maxTries: options.maxTries,
      onDelivered: (entry) => this.events.emit('delivered', { seq: entry.seq, id: entry.id }),
    });
    this.#retained = new RetainedState(this.#logger);
    this.#counter = options.birthCounter ?? memoryBirthCounter();
    this.#takeover = new TakeoverWatch(options.takeover);
  }

  get birth(): number {
    return this.#birth;
  }

  get online(): boolean {
    return this.#online;
  }

  get client(): MqttClient | null {
    return this.#online ? this.#client : null;
  }

  start(): void {
    if (!this.#stopped) return;
    if (this.options.broker === null) {
      if (this.#saidNoBroker) return;
      this.#saidNoBroker = true;
      this.#logger.info(
        'no broker configured; upstream stays offline and events wait in the outbox',
      );
      return;
    }
    this.#stopped = false;
    const { url } = this.options.broker;
    this.#logger.info('upstream starting', { url, clientId: this.#clientId });
    void this.#attempt(this.options.broker);
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#delivery.stop();

    const client = this.#client;
    this.#client = null;
    if (client && this.#online) {
      await this.#publishOffline(client);
      // A graceful end waits for the socket; a dead one would make it wait forever.
      await withTimeout(client.endAsync(false), 3000).catch(() => client.end(true));
    } else {
      client?.end(true);
    }
    this.#setOffline('stopped');
    this.#logger.info('upstream stopped');
  }

  async publishRetained(subtopic: string, payload: object): Promise<void> {
    const topic = this.topics.sub(subtopic);
    await this.#retained.set(this.client, topic, Buffer.from(JSON.stringify(payload)));
  }

  async clearRetained(subtopic: string): Promise<void> {
    await this.#retained.set(this.client, this.topics.sub(subtopic), Buffer.alloc(0));
  }

  async #attempt(broker: BrokerConfig): Promise<void> {
    let client: MqttClient;
    try {
      // Numbered before connecting: the last will must already carry this connection's birth.
      this.#birth = await this.#counter.next();
      if (this.#stopped) return;
      const clientOptions = clientOptionsFor({
        broker,
        clientId: this.#clientId,
        statusTopic: this.topics.status,
        will: this.#status('offline', 'lost'),
        keepaliveSeconds: this.options.keepaliveSeconds ?? 30,
      });
      client = mqtt.connect(broker.url, clientOptions);
    } catch (error) {
      const reason = errorMessage(error);
      this.#logger.error('cannot connect to the broker as configured', { reason });
      this.#retry(broker, error);
      return;
    }

    this.#client = client;
    let lastError: unknown = null;
    let reasonCode: number | null = null;
    client.on('error', (error) => {
      lastError = error;
      this.#logger.debug('mqtt client error', { reason: errorMessage(error) });
    });
    // Only MQTT 5 brokers send DISCONNECT; its reason code tells a takeover apart.
    client.on('disconnect', (packet) => (reasonCode = packet.reasonCode ?? null));
    client.on('connect', () => this.#connected(client));
    client.on('close', () => this.#closed(client, broker, lastError, reasonCode));
  }

  #status(state: 'online' | 'offline', reason?: 'stopped' | 'lost'): Buffer {
    const message: StatusMessage = { state, birth: this.#birth, at: new Date().toISOString() };
    if (reason) message.reason = reason;
    return Buffer.from(JSON.stringify(message));
  }

  #connected(client: MqttClient): void {
    if (client !== this.#client) return;
    const connectedAtMs = Date.now();
    this.#backoff.reset();
    this.#takeover.connected(connectedAtMs);
    this.#online = true;

    client.publish(this.topics.status, this.#status('online'), { qos: 1, retain: true });
    this.#logger.info('upstream online', { waiting: this.options.outbox.depth });

    // Listeners publish fresh state (birth, health) first; older retained values follow.
    this.events.emit('online', { at: new Date(connectedAtMs).toISOString() });
    this.#retained.republish(client);
    this.#delivery.attach(client, connectedAtMs);
  }

  #closed(client: MqttClient, broker: BrokerConfig, error: unknown, code: number | null): void {
    if (client !== this.#client) return;
    this.#client = null;

    // Detach first: ending the client fails its pending callbacks, which are not refusals.
    const reason = error === null ? 'connection closed' : describeConnectError(error);
    const inFlight = this.#delivery.inFlight > 0;
    this.#delivery.detach(reason);
    client.end(true);
    const wasOnline = this.#online;
    if (wasOnline) this.#setOffline(reason);
    if (this.#stopped) return;

    const takeoverDelay = wasOnline ? this.#takeover.closed(Date.now(), code, inFlight) : null;
    if (takeoverDelay === null) return this.#retry(broker, reason);
    const quickCloses = this.#takeover.quickCloses;
    this.#logger.error(
      `another client keeps taking over session ${this.#clientId}; two boards may share ` +
        `terminal id ${this.options.terminalId}: check their provisioning`,
      { quickCloses, retryInMs: takeoverDelay },
    );
    this.events.emit('session-taken-over', {
      clientId: this.#clientId,
      quickCloses,
      retryInMs: takeoverDelay,
    });
    this.#retry(broker, 'session taken over', takeoverDelay);
  }

  #retry(broker: BrokerConfig, reason: unknown, wait?: number): void {
    const delay = wait ?? this.#backoff.next();
    this.#logger.warn(`upstream unavailable; retrying in ${delay} ms`, {
      attempt: this.#backoff.attempts,
      reason: typeof reason === 'string' ? reason : errorMessage(reason),
      waiting: this.options.outbox.depth,
    });
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (!this.#stopped) void this.#attempt(broker);
    }, delay);
  }

  #setOffline(reason: string): void {
    if (!this.#online) return;
    this.#online = false;
    this.#logger.warn('upstream offline', { reason, waiting: this.options.outbox.depth });
    this.events.emit('offline', { at: new Date().toISOString(), reason });
  }

  async #publishOffline(client: MqttClient): Promise<void> {
    try {
      const payload = this.#status('offline', 'stopped');
      const sent = client.publishAsync(this.topics.status, payload, { qos: 1, retain: true });
      await withTimeout(sent, 3000);
    } catch (error) {
      // The broker's last will says the same if this did not reach it.
      this.#logger.debug('clean offline not confirmed', { reason: errorMessage(error) });
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
