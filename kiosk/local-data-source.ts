/**
 * Where the roster and the duty schedule come from until the platform sends them: the
 * built-in demo, or a JSON file named in the configuration. Bad data is logged with what
 * was wrong and never stops the terminal: a refused file leaves it with no shifts.
 */
import { errorMessage } from '../drivers/core/errors.js';
import type { Logger } from '../drivers/core/logger.js';
import { readJsonFile } from './config/json-text.js';
import { DEMO_ROSTER, demoSchedule } from './features/duty/demo-data.js';
import { checkLocalData, type CheckedLocalData } from './features/duty/local-data.js';

/** Room for a large facility's roster and a month of shifts, not for a runaway export. */
const LOCAL_DATA_LIMITS = { maxBytes: 16 << 20, maxDepth: 16 } as const;

const EMPTY: CheckedLocalData = {
  roster: { version: 'none', people: [] },
  schedule: { version: 'none', shifts: [] },
  problems: [],
};

export async function loadLocalData(source: string, now: Date, logger: Logger): Promise<CheckedLocalData> {
  let checked: CheckedLocalData;
  try {
    const raw: unknown = source === 'demo'
      ? { roster: DEMO_ROSTER, schedule: demoSchedule(now) }
      : readJsonFile(source, LOCAL_DATA_LIMITS);
    checked = checkLocalData(raw, source);
  } catch (error) {
    logger.error(`roster and schedule from ${source} refused; running with no shifts until fixed`, {
      reason: errorMessage(error),
    });
    return EMPTY;
  }

  for (const problem of checked.problems) logger.error(problem, { source });
  logger.info('roster and schedule loaded', {
    source,
    people: checked.roster.people.length,
    shifts: checked.schedule.shifts.length,
    refused: checked.problems.length,
  });
  return checked;
}
