/**
 * A made-up cell terminal view for the UI tests and screenshots.
 */
import type { DutyPersonView, KioskView } from '../../kiosk/api/messages.js';

export const PEOPLE: DutyPersonView[] = [
  { personId: 'p-101', displayName: '张伟', checkedInAt: '2026-03-02T21:52:00.000Z' },
  { personId: 'p-102', displayName: '李强', checkedInAt: null },
  { personId: 'p-103', displayName: '王建军', checkedInAt: null },
];

export function sampleView(): KioskView {
  return {
    terminal: {
      id: 'T-0412',
      site: 'Demo facility',
      role: 'cell',
      version: '0.1.0',
      simulated: true,
      demoFingers: [
        { templateId: 11, label: '张伟' },
        { templateId: 12, label: '李强' },
        { templateId: 13, label: '王建军' },
      ],
    },
    upstream: { online: true, pendingEvents: 0, since: '2026-03-02T20:00:00.000Z' },
    devices: [{ name: 'fingerprint', kind: 'fingerprint', state: 'ready' }],
    duty: {
      shift: {
        id: 's-night',
        label: '夜班',
        start: '2026-03-02T22:00:00.000Z',
        end: '2026-03-03T06:00:00.000Z',
        windowOpens: '2026-03-02T21:45:00.000Z',
        windowCloses: '2026-03-02T22:15:00.000Z',
        windowOpen: true,
        people: PEOPLE.map((person) => ({ ...person })),
      },
      alerts: [],
    },
  };
}
