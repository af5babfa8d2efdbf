/**
 * What the screen shows of duty: the shift whose window is open, else the shift running
 * now, else the next one, with who has checked in and who is missing, and the alerts
 * still standing.
 */
import type { DutyShiftView, DutyView } from '../../api/messages.js';
import type { DutyState } from './duty-state.js';
import type { Roster, Schedule, Shift } from './model.js';

export function buildDutyView(
  schedule: Schedule,
  roster: Roster,
  state: DutyState,
  now: Date,
): DutyView {
  const time = now.getTime();
  const open = schedule.shifts.find(
    (shift) => Date.parse(shift.checkIn.opens) <= time && time < Date.parse(shift.checkIn.closes),
  );
  // After its window closed, a shift still running stays on screen (with who came),
  // so the screen never says "no duty" while an alert names that very shift.
  const running = schedule.shifts.find(
    (shift) => Date.parse(shift.start) <= time && time < Date.parse(shift.end),
  );
  const next = schedule.shifts
    .filter((shift) => Date.parse(shift.checkIn.opens) > time)
    .sort((a, b) => Date.parse(a.checkIn.opens) - Date.parse(b.checkIn.opens))[0];
  const shown = open ?? running ?? next;

  return {
    shift: shown ? shiftView(shown, roster, state, shown === open) : null,
    alerts: state.alerts.map(({ id, kind, shiftId, shiftLabel, raisedAt }) => ({
      id,
      kind,
      shiftId,
      shiftLabel,
      raisedAt,
    })),
  };
}

function shiftView(
  shift: Shift,
  roster: Roster,
  state: DutyState,
  windowOpen: boolean,
): DutyShiftView {
  const names = new Map(roster.people.map((person) => [person.id, person.displayName]));
  const checkIns = state.checkIns[shift.id] ?? {};
  return {
    id: shift.id,
    label: shift.label,
    start: shift.start,
    end: shift.end,
    windowOpens: shift.checkIn.opens,
    windowCloses: shift.checkIn.closes,
    windowOpen,
    people: shift.personIds.map((personId) => ({
      personId,
      displayName: names.get(personId) ?? personId,
      checkedInAt: checkIns[personId] ?? null,
    })),
  };
}
