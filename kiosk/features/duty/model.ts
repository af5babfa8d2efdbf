/**
 * The people of a cell and who is on duty when. Both come from the platform (for now
 * from a local file); template ids are the slots of the fingerprint module.
 */
export interface Person {
  id: string;
  displayName: string;
  /** Fingerprint module slots enrolled for this person (usually two fingers). */
  templateIds: number[];
}

export interface Shift {
  id: string;
  label: string;
  start: string;
  end: string;
  /** When the people on duty must check in by fingerprint. */
  checkIn: { opens: string; closes: string };
  personIds: string[];
}

export interface Roster {
  version: string;
  people: Person[];
}

export interface Schedule {
  version: string;
  shifts: Shift[];
}

/** The rule of the house: never one person on duty, never none. */
export const MIN_ON_DUTY = 2;

/** What the fingerprint module said, as the feature needs it. */
export type FingerResult =
  | { kind: 'match'; templateId: number; score: number }
  | { kind: 'no-match' };
