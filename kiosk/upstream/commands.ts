/**
 * Commands from the platform: `…/cmd/<name>` carrying `{ "requestId": "…", "args": {…} }`.
 *
 * Each command is checked (JSON, request id, known name, args against the handler's
 * JSON schema), run, and answered on `…/result/<requestId>` through the outbox, so a
 * reply survives a disconnect or restart like any event. A request id seen before gets
 * the first result again without running the handler twice; malformed messages without
 * a usable request id are answered on `…/result/invalid`.
 */
import { randomUUID } from 'node:crypto';
import type { MqttClient } from 'mqtt';
import { errorMessage } from '../../drivers/core/errors.js';
import type { Logger } from '../../drivers/core/logger.js';
import { checkCommand, type CommandSpec, type CommandRequest } from './command-check.js';
import { CommandResults, type CommandResult } from './command-results.js';
import type { UpstreamLink } from './link.js';
import type { Outbox } from './outbox.js';
import { checkSegment } from './topics.js';

export type { CommandSpec } from './command-check.js';
export type { CommandResult } from './command-results.js';

export interface CommandRouterOptions {
  link: UpstreamLink;
  outbox: Outbox;
  logger: Logger;
  /** Folder for remembered results (`command-results.json`). */
  dataDir: string;
  /** How many results to remember for repeated request ids (default 500). */
  remember?: number;
}

export class CommandRouter {
  readonly #specs = new Map<string, CommandSpec>();
  readonly #owner = {};
  #results: CommandResults | null = null;

  constructor(private readonly options: CommandRouterOptions) {}

  /** Adds a command; `run` returns the result data or throws to report failure. */
  register(spec: CommandSpec): void {
    checkSegment('command name', spec.name);
    this.#specs.set(spec.name, spec);
  }

  async start(): Promise<void> {
    const { dataDir, logger, remember } = this.options;
    this.#results = await CommandResults.open(dataDir, logger, remember);
    this.options.link.events.on('online', () => this.#subscribe(), this.#owner);
    if (this.options.link.online) this.#subscribe();
  }

  stop(): void {
    this.options.link.events.removeOwner(this.#owner);
  }

  /** Handles one command message; public so features can be tested without a broker. */
  async handle(topic: string, payload: Buffer): Promise<CommandResult> {
    const checked = checkCommand(topic, payload, this.options.link.topics, this.#specs);
    if (!checked.ok) {
      const { error } = checked;
      const details = { topic, code: error.code, reason: error.message };
      this.options.logger.warn('command refused', details);
      return this.#reply(checked.requestId ?? 'invalid', checked.name, { ok: false, error });
    }
    const { requestId } = checked.request;
    const { result, repeated } = await this.#results!.once(requestId, () =>
      this.#run(checked.request, checked.spec),
    );
    if (repeated) {
      this.options.logger.info('repeated command answered with its first result', { requestId });
      await this.#publish(result);
    }
    return result;
  }

  async #run(request: CommandRequest, spec: CommandSpec): Promise<CommandResult> {
    const { name, requestId } = request;
    this.options.logger.info('command received', { command: name, requestId });
    try {
      const data = await spec.run(request.args);
      return await this.#reply(request.requestId, request.name, { ok: true, data: data ?? null });
    } catch (error) {
      const failure = { code: 'failed', message: errorMessage(error) };
      this.options.logger.warn('command failed', { command: name, reason: failure.message });
      return this.#reply(request.requestId, request.name, { ok: false, error: failure });
    }
  }

  async #reply(
    requestId: string,
    command: string | null,
    outcome: { ok: true; data: unknown } | { ok: false; error: { code: string; message: string } },
  ): Promise<CommandResult> {
    const result: CommandResult = { requestId, command, at: new Date().toISOString(), ...outcome };
    await this.#publish(result);
    return result;
  }

  async #publish(result: CommandResult): Promise<void> {
    await this.options.outbox.append({
      id: randomUUID(),
      topic: this.options.link.topics.result(result.requestId),
      payload: Buffer.from(JSON.stringify(result)),
    });
  }

  #subscribe(): void {
    const client: MqttClient | null = this.options.link.client;
    if (!client) return;
    client.on('message', (topic, payload) => {
      if (!topic.startsWith(`${this.options.link.topics.base}/cmd/`)) return;
      this.handle(topic, payload).catch((error: unknown) =>
        this.options.logger.error('command not answered', { topic, reason: errorMessage(error) }),
      );
    });
    client.subscribe(this.options.link.topics.commands, { qos: 1 }, (error) => {
      if (error) this.options.logger.warn('command subscription failed', { reason: error.message });
    });
  }
}
