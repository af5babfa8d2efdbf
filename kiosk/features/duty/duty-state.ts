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
