/**
 * Data from the platform: a retained, versioned snapshot per kind on `…/data/<kind>`, and
 * deltas on `…/data/<kind>/delta` (roster only: people added, replaced or removed).
 *
 * Each snapshot is checked against its schema, then handed to the feature's `apply`
 * (which owns the semantic checks). Only what was applied is kept, durably, in
 * `<dataDir>/data/<kind>.json`; a refused snapshot leaves the previous one in use and is
 * reported with a `data.rejected` event; an applied one with `data.applied`. The broker
 * sends retained snapshots again on every connect: a version already held is skipped.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage } from '../../drivers/core/errors.js';
import type { Logger } from '../../drivers/core/logger.js';
import { writeFileDurably } from '../store/durable-file.js';
import { applyRosterDelta } from './data-delta.js';
import type { EventRecorder } from './events.js';
import { checkMessage, isSchemaName, type SchemaName } from './protocol-schemas.js';

export type ApplyOutcome = { ok: true } | { ok: false; problems: string[] };

export interface DataSyncOptions {
  dataDir: string;
  logger: Logger;
  recorder: EventRecorder;
  kinds: string[];
  apply(kind: string, snapshot: unknown): Promise<ApplyOutcome>;
}

interface Snapshot {
  version: string;
}

/** A data kind the protocol does not define (no `schemas/data-<kind>.json`). */
export class UnknownDataKindError extends Error {
  readonly code = 'unknown-data-kind';

  constructor(readonly kind: string) {
    super(
      `data kind ${JSON.stringify(kind)} is not in the protocol (no schemas/data-${kind}.json)`,
    );
    this.name = 'UnknownDataKindError';
  }
}

export class DataSync {
  readonly #held = new Map<string, Snapshot>();
  readonly #queues = new Map<string, Promise<void>>();
  readonly #folder: string;
  /** Called after a snapshot was applied and stored. */
  onApplied: ((kind: string, version: string) => void) | null = null;

  private constructor(private readonly options: DataSyncOptions) {
    this.#folder = join(options.dataDir, 'data');
  }

  /** Loads the last good snapshot of each kind from disk. */
  static async open(options: DataSyncOptions): Promise<DataSync> {
    for (const kind of options.kinds) {
      if (!isSchemaName(`data-${kind}`)) throw new UnknownDataKindError(kind);
    }
    const sync = new DataSync(options);
    await mkdir(sync.#folder, { recursive: true });
    for (const kind of options.kinds) await sync.#load(kind);
    return sync;
  }

  get kinds(): readonly string[] {
    return this.options.kinds;
  }

  held(kind: string): unknown {
    return this.#held.get(kind) ?? null;
  }

  versions(): Record<string, string | null> {
    const held = (kind: string) => this.#held.get(kind)?.version ?? null;
    return Object.fromEntries(this.options.kinds.map((kind) => [kind, held(kind)]));
  }

  /** Handles a message on `data/<kind>` or `data/<kind>/delta`; never throws. */
  receive(kind: string, delta: boolean, payload: Buffer): Promise<void> {
    const previous = this.#queues.get(kind) ?? Promise.resolve();
    const next = previous.then(() => this.#receive(kind, delta, payload)).catch((error) =>
      this.options.logger.error('data message not handled', { kind, reason: errorMessage(error) }),
    );
    this.#queues.set(kind, next);
    return next;
  }

  async #receive(kind: string, delta: boolean, payload: Buffer): Promise<void> {
    if (!this.options.kinds.includes(kind)) {
      this.options.logger.warn('data of a kind this terminal does not use ignored', { kind });
      return;
    }
    // An empty retained message only clears the broker's copy; the terminal keeps its data.
    if (payload.length === 0) return;

    let body: unknown;
    try {
      body = JSON.parse(payload.toString('utf8'));
    } catch (error) {
      return this.#reject(kind, undefined, [`payload is not JSON: ${errorMessage(error)}`]);
    }
    const version = versionOf(body);

    let snapshot: unknown = body;
    if (delta) {
      const made = this.#fromDelta(kind, body);
      if (!made.ok) return this.#reject(kind, version, made.problems);
      snapshot = made.snapshot;
    }

    const problems = checkMessage(`data-${kind}` as SchemaName, snapshot);
    if (problems.length > 0) return this.#reject(kind, version, problems);
    const checked = snapshot as Snapshot;
    if (this.#held.get(kind)?.version === checked.version) {
      this.options.logger.debug('data version already held', { kind, version: checked.version });
      return;
    }

    const outcome = await this.#apply(kind, checked);
    if (!outcome.ok) return this.#reject(kind, checked.version, outcome.problems);
    await writeFileDurably(this.#file(kind), JSON.stringify(checked));
    this.#held.set(kind, checked);
    this.options.logger.info('data applied', { kind, version: checked.version });
    const data = { kind, version: checked.version };
    await this.options.recorder.record({ type: 'data.applied', data });
    this.onApplied?.(kind, checked.version);
  }

  #fromDelta(kind: string, body: unknown) {
    if (kind !== 'roster') {
      const problems = [`deltas are not supported for ${kind}; publish a whole snapshot`];
      return { ok: false as const, problems };
    }
    const problems = checkMessage('data-roster-delta', body);
    if (problems.length > 0) return { ok: false as const, problems };
    return applyRosterDelta(this.#held.get('roster') ?? null, body as never);
  }

  async #apply(kind: string, snapshot: Snapshot): Promise<ApplyOutcome> {
    try {
      const outcome = await this.options.apply(kind, snapshot);
      if (!outcome.ok && outcome.problems.length === 0) {
        return { ok: false, problems: ['refused by the terminal without a reason'] };
      }
      return outcome;
    } catch (error) {
      return { ok: false, problems: [`could not be applied: ${errorMessage(error)}`] };
    }
  }

  async #reject(kind: string, version: string | undefined, problems: string[]): Promise<void> {
    const held = this.#held.get(kind)?.version ?? null;
    this.options.logger.warn('data refused; previous version stays in use', {
      kind, version, held, problems: problems.join('; '),
    });
    const data = version === undefined ? { kind, problems } : { kind, version, problems };
    await this.options.recorder.record({ type: 'data.rejected', data });
  }

  #file(kind: string): string {
    return join(this.#folder, `${kind}.json`);
  }

  async #load(kind: string): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.#file(kind), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    try {
      const snapshot: unknown = JSON.parse(text);
      const problems = checkMessage(`data-${kind}` as SchemaName, snapshot);
      if (problems.length > 0) throw new Error(problems.join('; '));
      this.#held.set(kind, snapshot as Snapshot);
    } catch (error) {
      // Written only after validation: a bad file means damage; wait for the next snapshot.
      this.options.logger.error('held data file unreadable; waiting for a new snapshot', {
        file: this.#file(kind), reason: errorMessage(error),
      });
    }
  }
}

function versionOf(body: unknown): string | undefined {
  const version = (body as { version?: unknown } | null)?.version;
  return typeof version === 'string' ? version : undefined;
}
