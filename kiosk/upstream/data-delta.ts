/**
 * Roster deltas: people added (or replaced, same id) and removed, applied to the roster
 * version they were made for. A delta for another version is refused: the platform then
 * publishes a whole snapshot, which is always the source of truth.
 */
interface Person {
  id: string;
  displayName: string;
  templateIds: number[];
}

export interface RosterDelta {
  baseVersion: string;
  version: string;
  add?: Person[];
  remove?: string[];
}

export type DeltaOutcome =
  | { ok: true; snapshot: { version: string; people: Person[] } }
  | { ok: false; problems: string[] };

export function applyRosterDelta(held: unknown, delta: RosterDelta): DeltaOutcome {
  const roster = held as { version: string; people: Person[] } | null;
  if (roster === null) {
    return { ok: false, problems: ['no roster held to apply a delta to; publish a snapshot'] };
  }
  if (roster.version !== delta.baseVersion) {
    const problems = [
      `delta is for roster ${delta.baseVersion} but ${roster.version} is held; publish a snapshot`,
    ];
    return { ok: false, problems };
  }

  const removed = new Set(delta.remove ?? []);
  const unknown = [...removed].filter((id) => !roster.people.some((person) => person.id === id));
  if (unknown.length > 0) {
    const problem = `remove names people not in the roster: ${unknown.join(', ')}`;
    return { ok: false, problems: [problem] };
  }
  const added = new Map((delta.add ?? []).map((person) => [person.id, person]));
  const people = roster.people
    .filter((person) => !removed.has(person.id) && !added.has(person.id))
    .concat([...added.values()]);
  return { ok: true, snapshot: { version: delta.version, people } };
}
