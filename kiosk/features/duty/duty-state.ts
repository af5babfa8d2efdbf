/**
 * What the duty feature remembers across restarts: who checked in for which shift, which
 * check-in windows have been judged, and the alerts still standing.
 */
import type { DutyAlertKind } from '../../api/messages.js';

export interface DutyAlert {
  id: string;
  kind: DutyAlertKind;
  shiftId: string;
  shiftLabel: string;
  raisedAt: string;
  /** The alert stands until the shift ends. */
  clearsAt: string;
}

export interface DutyState {
  /** shift id → person id → ISO time of the check-in. */
  checkIns: Record<string, Record<string, string>>;
  /** Shifts whose check-in window has closed and been judged. */
  judgedShifts: string[];
  alerts: DutyAlert[];
}

export function emptyDutyState(): DutyState {
  return { checkIns: {}, judgedShifts: [], alerts: [] };
}

/** How the feature reads and keeps its state; the runtime backs it with the store. */
export interface DutyStatePort {
  read(): DutyState;
  write(state: DutyState): Promise<void>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Names the first part of a stored duty state that has the wrong shape, or null. */
export function dutyStateProblem(value: unknown): string | null {
  if (!isRecord(value)) return 'duty: must be an object';
  const { checkIns, judgedShifts, alerts } = value;

  if (!isRecord(checkIns)) return 'duty.checkIns: must be an object';
  for (const [shiftId, people] of Object.entries(checkIns)) {
    if (!isRecord(people) || Object.values(people).some((at) => typeof at !== 'string')) {
      return `duty.checkIns.${shiftId}: must map person ids to times`;
    }
  }

  if (!Array.isArray(judgedShifts) || judgedShifts.some((id) => typeof id !== 'string')) {
    return 'duty.judgedShifts: must be a list of shift ids';
  }
  if (!Array.isArray(alerts)) return 'duty.alerts: must be a list';
  const fields = ['id', 'kind', 'shiftId', 'shiftLabel', 'raisedAt', 'clearsAt'];
  const bad = alerts.findIndex(
    (alert) => !isRecord(alert) || fields.some((field) => typeof alert[field] !== 'string'),
  );
  return bad === -1 ? null : `duty.alerts[${bad}]: must have ${fields.join(', ')} as text`;
}
