/**
 * The typed contract between the kiosk runtime and the touch UI.
 *
 * The UI imports only this file from kiosk/. The runtime pushes the whole `KioskView`
 * on the server-sent event stream whenever it changes (it is small), and a `Notice`
 * when something happened that the person at the screen must be told.
 */
export type Language = 'zh' | 'en';

export type Role = 'cell' | 'lobby';

export interface TerminalInfo {
  id: string;
  site: string;
  role: Role;
  version: string;
  /** True when drivers talk to emulators (demo or development). */
  simulated: boolean;
  /** Simulated mode only: fingers the demo panel can place (template id and whose it is). */
  demoFingers?: DemoFinger[];
}

export interface DemoFinger {
  templateId: number;
  label: string;
}

export interface UpstreamView {
  /** Connected to the broker and able to deliver events. */
  online: boolean;
  /** Events waiting in the outbox for the broker's acknowledgement. */
  pendingEvents: number;
  /** ISO time of the last change between online and offline. */
  since: string | null;
}

export interface DeviceView {
  name: string;
  kind: string;
  state: 'stopped' | 'starting' | 'ready' | 'lost' | 'backoff';
}

export interface DutyPersonView {
  personId: string;
  displayName: string;
  checkedInAt: string | null;
}

export interface DutyShiftView {
  id: string;
  label: string;
  start: string;
  end: string;
  windowOpens: string;
  windowCloses: string;
  windowOpen: boolean;
  people: DutyPersonView[];
}

export type DutyAlertKind = 'one-on-duty' | 'none-on-duty';

export interface DutyAlertView {
  id: string;
  kind: DutyAlertKind;
  shiftId: string;
  shiftLabel: string;
  raisedAt: string;
}

export interface DutyView {
  /** The shift whose check-in window is open, or the next one, or null. */
  shift: DutyShiftView | null;
  alerts: DutyAlertView[];
}

export interface KioskView {
  terminal: TerminalInfo;
  upstream: UpstreamView;
  devices: DeviceView[];
  duty: DutyView;
}

/** Something the person at the screen must be told now; shown for a few seconds. */
export type Notice =
  | { kind: 'checked-in'; personName: string; shiftLabel: string; at: string }
  | { kind: 'already-checked-in'; personName: string; at: string }
  | { kind: 'not-on-duty'; personName: string; at: string }
  | { kind: 'no-open-window'; personName: string; at: string }
  | { kind: 'unknown-finger'; at: string }
  | { kind: 'unassigned-template'; templateId: number; at: string }
  | { kind: 'reader-fault'; at: string }
  /** The terminal could not store what happened (disk full, I/O error): try again. */
  | { kind: 'not-stored'; at: string };

/** Server-sent events on GET /api/stream. */
export interface PushMessages {
  view: KioskView;
  notice: Notice;
}

/** Body of POST /api/sim/finger (simulated mode only). */
export type SimFingerRequest = { templateId: number } | { unknown: true };

export const API_PATHS = {
  view: '/api/view',
  stream: '/api/stream',
  simFinger: '/api/sim/finger',
  health: '/api/health',
} as const;
