/**
 * Made-up platform data for the simulator: a roster, a schedule whose current shift has
 * its check-in window open now, a catalogue and bookings. People and template ids match
 * the simulated terminal's fingerprint module (slots 1-8).
 */
import { createHash } from 'node:crypto';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Booking codes a person can type at the lobby kiosk; only their digests are published. */
export const DEMO_BOOKING_CODES = { 'bk-501': 'K7Q2M9', 'bk-502': 'R4T8W1' } as const;

const digest = (code: string) => createHash('sha256').update(code).digest('hex');

export function demoData(now: Date): Record<string, object> {
  const at = (offsetMs: number) => new Date(now.getTime() + offsetMs).toISOString();
  const stamp = now.toISOString().slice(0, 16);
  return {
    roster: {
      version: `sim-roster-${stamp}`,
      people: [
        { id: 'p-1001', displayName: 'Oskar Fenwick', templateIds: [1, 2] },
        { id: 'p-1002', displayName: 'Milan Dostal', templateIds: [3, 4] },
        { id: 'p-1003', displayName: 'Rafael Ibarra', templateIds: [5, 6] },
        { id: 'p-1004', displayName: 'Teodor Lund', templateIds: [7, 8] },
      ],
    },
    schedule: {
      version: `sim-schedule-${stamp}`,
      shifts: [
        {
          id: `sim-now-${stamp}`,
          label: 'Current shift',
          start: at(-5 * MINUTE),
          end: at(8 * HOUR),
          checkIn: { opens: at(-10 * MINUTE), closes: at(20 * MINUTE) },
          personIds: ['p-1001', 'p-1002'],
        },
        {
          id: `sim-next-${stamp}`,
          label: 'Next shift',
          start: at(8 * HOUR - 5 * MINUTE),
          end: at(16 * HOUR),
          checkIn: { opens: at(8 * HOUR - 10 * MINUTE), closes: at(8 * HOUR + 20 * MINUTE) },
          personIds: ['p-1003', 'p-1004'],
        },
      ],
    },
    catalogue: {
      version: `sim-catalogue-${stamp}`,
      currency: 'EUR',
      items: [
        { id: 'soap', name: 'Soap bar', priceCents: 120, category: 'hygiene', limitPerWeek: 2 },
        { id: 'tea', name: 'Black tea, 20 bags', priceCents: 250, category: 'food' },
        { id: 'stamps', name: 'Postage stamps, 5', priceCents: 450, category: 'post' },
      ],
    },
    bookings: {
      version: `sim-bookings-${stamp}`,
      bookings: [
        { id: 'bk-501', kind: 'lawyer-visit', codeDigest: digest(DEMO_BOOKING_CODES['bk-501']),
          start: at(-15 * MINUTE), end: at(45 * MINUTE), roomKind: 'lawyer',
          visitor: 'Helga Marsh', detaineeId: 'p-1001' },
        { id: 'bk-502', kind: 'family-visit', codeDigest: digest(DEMO_BOOKING_CODES['bk-502']),
          start: at(HOUR), end: at(2 * HOUR), roomKind: 'family',
          visitor: 'Iris Calloway', detaineeId: 'p-1003' },
      ],
    },
  };
}
