/**
 * Made-up events of the size a terminal records (a duty check-in, ~280 bytes as an
 * envelope), shared by the outbox and event benchmarks.
 */
import { encodeRecord } from '../kiosk/upstream/journal-codec.js';

export const EVENTS_TOPIC = 'kiosk/v1/demo-site/cell-0412/events';

/** Data of a `duty.check-in` event, as its protocol schema defines it. */
export function checkInData(index: number): Record<string, unknown> {
  return {
    shiftId: 's-night-2026-03-02',
    personId: `p-${100 + (index % 40)}`,
    templateId: 11 + (index % 3),
    score: 120 + (index % 80),
  };
}

/** An envelope-shaped payload, as the event recorder would store it. */
export function eventPayload(index: number): Buffer {
  return Buffer.from(
    JSON.stringify({
      id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
      terminal: 'cell-0412',
      site: 'demo-site',
      type: 'duty.check-in',
      time: new Date(1_772_488_320_000 + index * 1000).toISOString(),
      seq: index + 1,
      replayed: false,
      data: checkInData(index),
    }),
  );
}

export function eventMessage(index: number): { id: string; topic: string; payload: Buffer } {
  return { id: `ev-${index}`, topic: EVENTS_TOPIC, payload: eventPayload(index) };
}

/** The journal frame the outbox writes for this message, for a baseline to write. */
export function journalFrame(index: number): Buffer {
  const message = eventMessage(index);
  return encodeRecord({ type: 'put', seq: index + 1, storedAtMs: Date.now(), ...message });
}
