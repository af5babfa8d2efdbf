/**
 * Where the roster and the duty schedule come from until the platform sends them: the
 * built-in demo, or a JSON file named in the configuration. Bad data is logged with what
 * was wrong and never stops the terminal: a refused file leaves it with no shifts.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage } from '../drivers/core/errors.js';
import type { Logger } from '../drivers/core/logger.js';
import { readJsonFile } from './config/json-text.js';
import { DEMO_ROSTER, demoSchedule } from './features/duty/demo-data.js';
import { checkLocalData, type CheckedLocalData } from './features/duty/local-data.js';
import type { Schedule } from './features/duty/model.js';
import { writeFileDurably } from './store/durable-file.js';

/** Room for a large facility's roster and a month of shifts, not for a runaway export. */
const LOCAL_DATA_LIMITS = { maxBytes: 16 << 20, maxDepth: 16 } as const;

const EMPTY: CheckedLocalData = {
  roster: { version: 'none', people: [] },
  schedule: { version: 'none', shifts: [] },
  problems: [],
};

/**
 * The demo's schedule is made once and kept in the data folder while its shift runs, so
 * a restart shows the same shift with the check-ins already made.
 */
async function demoData(dataDir: string, now: Date): Promise<unknown> {
  const file = join(dataDir, 'demo-schedule.json');
  try {
    const kept = JSON.parse(await readFile(file, 'utf8')) as Schedule;
    const running = kept.shifts.some((shift) => Date.parse(shift.end) > now.getTime());
    if (running) return { roster: DEMO_ROSTER, schedule: kept };
  } catch {
    // None kept yet, or unreadable: make a new one.
  }
  const schedule = demoSchedule(now);
  await writeFileDurably(file, JSON.stringify(schedule, null, 2));
  return { roster: DEMO_ROSTER, schedule };
}

export async function loadLocalData(
  source: string,
  dataDir: string,
  now: Date,
  logger: Logger,
): Promise<CheckedLocalData> {
  let checked: CheckedLocalData;
  try {
    const raw: unknown = source === 'demo'
      ? await demoData(dataDir, now)
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
