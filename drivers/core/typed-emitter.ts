/**
 * A small typed event emitter.
 *
 * Unlike Node's EventEmitter, a listener that throws never reaches the emitter: the
 * error is handed to `onListenerError` (logged by the owner) and the other listeners
 * still run. There is no special 'error' event, so a missing listener cannot kill the
 * process. Listeners may be registered with an owner key so that one call removes all
 * listeners of a part being stopped.
 */
export type EventMap = Record<string, unknown>;

type Listener<T> = (payload: T) => void;

interface Entry<T> {
  listener: Listener<T>;
  owner: unknown;
}

export class TypedEmitter<Events extends EventMap> {
  readonly #listeners = new Map<keyof Events, Entry<never>[]>();

  constructor(
    private readonly onListenerError: (event: string, error: unknown) => void = (event, error) => {
      console.error(`listener for '${event}' threw`, error);
    },
  ) {}

  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>, owner?: unknown): () => void {
    const entries = this.#listeners.get(event) ?? [];
    const entry = { listener, owner } as Entry<never>;
    entries.push(entry);
    this.#listeners.set(event, entries);
    return () => this.#remove(event, entry);
  }

  once<K extends keyof Events>(event: K, listener: Listener<Events[K]>, owner?: unknown): () => void {
    const off = this.on(
      event,
      (payload) => {
        off();
        listener(payload);
      },
      owner,
    );
    return off;
  }

  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    const entries = this.#listeners.get(event);
    if (!entries) return;

    // Copy first: a listener may remove itself or others while we iterate.
    for (const { listener } of [...entries]) {
      try {
        (listener as Listener<Events[K]>)(payload);
      } catch (error) {
        this.onListenerError(String(event), error);
      }
    }
  }

  /** Removes every listener registered with this owner, on every event. */
  removeOwner(owner: unknown): void {
    for (const [event, entries] of this.#listeners) {
      this.#listeners.set(
        event,
        entries.filter((entry) => entry.owner !== owner),
      );
    }
  }

  listenerCount(event: keyof Events): number {
    return this.#listeners.get(event)?.length ?? 0;
  }

  #remove(event: keyof Events, entry: Entry<never>): void {
    const entries = this.#listeners.get(event);
    if (!entries) return;
    const index = entries.indexOf(entry);
    if (index >= 0) entries.splice(index, 1);
  }
}
