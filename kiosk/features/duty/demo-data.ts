/**
 * Made-up people and a schedule for the simulated terminal. The current shift's check-in
 * window is open from a few minutes before `now`, so a demo always has something to do.
 */
import type { Roster, Schedule, Shift } from './model.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;

export const DEMO_ROSTER: Roster = {
  version: 'demo-1',
  people: [
    { id: 'p-1001', displayName: '陈一鸣', templateIds: [1, 2] },
    { id: 'p-1002', displayName: '林子航', templateIds: [3, 4] },
    { id: 'p-1003', displayName: '周文博', templateIds: [5, 6] },
    { id: 'p-1004', displayName: '吴嘉树', templateIds: [7, 8] },
  ],
};

function shift(id: string, label: string, start: number, windowMinutes: number, personIds: string[]): Shift {
  return {
    id,
    label,
    start: new Date(start).toISOString(),
    end: new Date(start + 8 * HOUR).toISOString(),
    checkIn: {
      opens: new Date(start - 5 * MINUTE).toISOString(),
      closes: new Date(start + windowMinutes * MINUTE).toISOString(),
    },
    personIds,
  };
}

export function demoSchedule(now: Date): Schedule {
  // Start the current shift on the minute so labels read well; its window lasts 30 minutes.
  const start = Math.floor(now.getTime() / MINUTE) * MINUTE;
  // Ids carry the start, so check-ins kept from an earlier demo run do not carry over.
  const stamp = new Date(start).toISOString().slice(0, 16).replace(/[-:T]/g, '');
  return {
    version: `demo-${start}`,
    shifts: [
      shift(`demo-${stamp}-a`, '甲班', start, 30, ['p-1001', 'p-1002']),
      shift(`demo-${stamp}-b`, '乙班', start + 8 * HOUR, 30, ['p-1003', 'p-1004']),
    ],
  };
}
