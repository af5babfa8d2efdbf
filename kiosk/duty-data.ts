/**
 * The roster and duty schedule the duty feature works from, and how a new one is taken.
 *
 * At start the last good snapshots from the platform win over the local file; after
 * that each snapshot the platform sends is checked with the same rules as local data
 * and taken whole, or refused whole with the problems named (the platform then sees a
 * `data.rejected` event and the terminal keeps what it had).
 */
import type { Logger } from '../drivers/core/logger.js';
import type { DutyCheckIn } from './features/duty/duty-check-in.js';
import {
  checkLocalData,
  LocalDataError,
  type CheckedLocalData,
} from './features/duty/local-data.js';
import type { Roster, Schedule } from './features/duty/model.js';

export type ApplyOutcome = { ok: true } | { ok: false; problems: string[] };

export const DUTY_DATA_KINDS = ['roster', 'schedule'] as const;

function check(roster: unknown, schedule: unknown, source: string): CheckedLocalData {
  return checkLocalData({ roster, schedule }, source);
}

/** Held platform data if it passes the rules, else the local data; says which in the log. */
export function startingData(
  local: { roster: Roster; schedule: Schedule },
  held: { roster: unknown | null; schedule: unknown | null },
  logger: Logger,
): { roster: Roster; schedule: Schedule } {
  if (held.roster === null && held.schedule === null) return local;
  try {
    const checked = check(
      held.roster ?? local.roster,
      held.schedule ?? local.schedule,
      'held platform data',
    );
    if (checked.problems.length === 0) {
      logger.info('using roster and schedule held from the platform', {
        roster: checked.roster.version,
        schedule: checked.schedule.version,
      });
      return checked;
    }
    logger.error('held platform data breaks the duty rules; using local data', {
      problems: checked.problems,
    });
  } catch (error) {
    logger.error('held platform data unreadable; using local data', {
      reason: (error as Error).message,
    });
  }
  return local;
}

export class DutyData {
  #roster: Roster;
  #schedule: Schedule;

  constructor(
    private readonly duty: DutyCheckIn,
    initial: { roster: Roster; schedule: Schedule },
    private readonly rosterChanged: (roster: Roster) => void,
  ) {
    this.#roster = initial.roster;
    this.#schedule = initial.schedule;
  }

  get roster(): Roster {
    return this.#roster;
  }

  async apply(kind: string, snapshot: unknown): Promise<ApplyOutcome> {
    const roster = kind === 'roster' ? snapshot : this.#roster;
    const schedule = kind === 'schedule' ? snapshot : this.#schedule;
    let checked: CheckedLocalData;
    try {
      checked = check(roster, schedule, `platform ${kind}`);
    } catch (error) {
      return {
        ok: false,
        problems: error instanceof LocalDataError ? error.problems : [(error as Error).message],
      };
    }
    // A snapshot that breaks a rule is refused whole: half a schedule is worse than the old one.
    if (checked.problems.length > 0) return { ok: false, problems: checked.problems };

    this.#roster = checked.roster;
    this.#schedule = checked.schedule;
    await this.duty.setData(checked.roster, checked.schedule);
    if (kind === 'roster') this.rosterChanged(checked.roster);
    return { ok: true };
  }
}
