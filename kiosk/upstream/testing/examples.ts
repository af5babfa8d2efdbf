/**
 * Test fixtures: one good message per protocol schema and a few bad ones, each bad one
 * with the part of the problem text it must produce.
 */
import type { SchemaName } from '../protocol-schemas.js';

const at = '2026-03-02T06:00:00.000Z';
const digest = 'a'.repeat(64);
const device = { name: 'finger', kind: 'fingerprint', state: 'ready', lastSuccessAt: at };

export const GOOD: Record<SchemaName, unknown> = {
  status: { state: 'online', birth: 7, at },
  birth: {
    protocol: 'kiosk/v1', site: 'north-wing', terminal: 'cell-0142', birth: 7, at,
    startedAt: at, version: '0.1.0', role: 'cell', configDigest: 'ab12cd34',
    capabilities: ['duty', 'rebirth'], devices: [device], data: { roster: 'r1', schedule: null },
  },
  health: {
    at, uptimeSeconds: 3600, memory: { rssBytes: 80_000_000, heapUsedBytes: 20_000_000 },
    diskFreeBytes: 1_000_000_000,
    outbox: { depth: 0, oldestStoredAt: null, oldestAgeSeconds: null },
    roundTripMs: 4, devices: [device],
  },
  alert: { id: 'duty-night-1', kind: 'duty.one-on-duty', severity: 'critical', text: 'One on duty',
    raisedAt: at },
  'command-request': { requestId: 'req-1', args: { level: 3 } },
  'command-result': { requestId: 'req-1', command: 'health', at, ok: true, data: null },
  'event-envelope': {
    id: '0f8fad5b-d9cb-469f-a165-70867728950e', terminal: 'cell-0142', site: 'north-wing',
    type: 'duty.check-in', time: at, seq: 1, replayed: false, data: {},
  },
  'data-roster': {
    version: 'r1',
    people: [{ id: 'p1', displayName: 'Ada Brook', templateIds: [1, 2] }],
  },
  'data-schedule': {
    version: 's1',
    shifts: [{ id: 'night', label: 'Night', start: at, end: at, checkIn: { opens: at, closes: at },
      personIds: ['p1', 'p2'] }],
  },
  'data-roster-delta': { baseVersion: 'r1', version: 'r2', add: [], remove: ['p1'] },
  'data-catalogue': { version: 'c1', currency: 'EUR',
    items: [{ id: 'soap', name: 'Soap', priceCents: 120 }] },
  'data-balances': { version: 'b1', accounts: [{ personId: 'p1', balanceCents: 1500 }] },
  'data-bookings': {
    version: 'k1',
    bookings: [{ id: 'bk1', kind: 'lawyer-visit', codeDigest: digest, start: at, end: at,
      roomKind: 'lawyer', visitor: 'M. Lindqvist' }],
  },
  'data-rooms': { version: 'm1', rooms: [{ id: 'r1', label: 'Room 1', kind: 'lawyer' }] },
  'data-notices': {
    version: 'n1',
    notices: [{ id: 'n1', title: 'Visiting hours', body: '9 to 5' }],
  },
  'event.duty.check-in': { shiftId: 'night', personId: 'p1', templateId: 3, score: 120 },
  'event.duty.check-in-refused': { reason: 'unknown-finger' },
  'event.duty.window-closed': { shiftId: 'night', present: ['p1'], missing: ['p2'] },
  'event.duty.alert': { alertId: 'duty-night', kind: 'one-on-duty', shiftId: 'night',
    present: ['p1'], missing: ['p2'] },
  'event.duty.alert-cleared': { alertId: 'duty-night', shiftId: 'night', reason: 'shift-ended' },
  'event.device.state': { device: 'finger', kind: 'fingerprint', state: 'lost',
    error: { code: 'timeout', message: 'no answer' } },
  'event.device.input': { device: 'gpio', pin: 17, value: true },
  'event.device.card': { device: 'cards', reader: 'Virtual PCD 00 00', uidDigest: digest },
  'event.device.button': { device: 'mcu', button: 'call', pressed: true },
  'event.data.rejected': { kind: 'roster', version: 'r9', problems: ['/people must be array'] },
  'event.data.applied': { kind: 'roster', version: 'r2' },
  'event.upstream.session-taken-over': { clientId: 'kiosk-north-wing-cell-0142', quickCloses: 3,
    retryInMs: 120_000 },
};

export const BAD: Array<{ schema: SchemaName; value: unknown; problem: string }> = [
  { schema: 'status', value: { state: 'maybe', birth: 1, at }, problem: '/state must be equal' },
  { schema: 'birth', value: { ...(GOOD.birth as object), birth: 0 }, problem: '/birth must be >=' },
  { schema: 'health', value: { ...(GOOD.health as object), memory: {} }, problem: '/memory must' },
  { schema: 'alert', value: { ...(GOOD.alert as object), severity: 'loud' }, problem: '/severity' },
  { schema: 'command-request', value: { requestId: 'a b' }, problem: '/requestId must match' },
  { schema: 'command-result', value: { requestId: 'r', command: null, at, ok: false },
    problem: "must have required property 'error'" },
  { schema: 'event-envelope', value: { ...(GOOD['event-envelope'] as object), seq: 0 },
    problem: '/seq must be >=' },
  { schema: 'data-roster', value: { version: 'r1', people: [{ id: 'p1', displayName: 'A',
    templateIds: ['x'] }] }, problem: '/people/0/templateIds/0 must be integer' },
  { schema: 'data-schedule', value: { version: 's1', shifts: [{ id: 'n' }] },
    problem: "/shifts/0 must have required property 'label'" },
  { schema: 'data-roster-delta', value: { version: 'r2' }, problem: "'baseVersion'" },
  { schema: 'data-catalogue', value: { version: 'c', currency: 'euro', items: [] },
    problem: '/currency must match' },
  { schema: 'data-balances', value: { version: 'b', accounts: [{ personId: 'p1' }] },
    problem: "'balanceCents'" },
  { schema: 'data-bookings', value: { version: 'k', bookings: [{ ...(GOOD['data-bookings'] as {
    bookings: object[] }).bookings[0], codeDigest: '1234' }] }, problem: '/codeDigest must match' },
  { schema: 'data-rooms', value: { version: 'm', rooms: [{ id: 'r1', label: 'R' }] },
    problem: "'kind'" },
  { schema: 'data-notices', value: { version: 'n', notices: [{ id: 'n', title: '', body: 'b' }] },
    problem: '/notices/0/title must NOT have fewer' },
  { schema: 'event.duty.check-in', value: { shiftId: 5, personId: 'p1', templateId: 3, score: 1 },
    problem: '/shiftId must be string' },
  { schema: 'event.duty.check-in-refused', value: { reason: 'tired' }, problem: '/reason' },
  { schema: 'event.duty.window-closed', value: { shiftId: 'n', present: [] },
    problem: "'missing'" },
  { schema: 'event.duty.alert', value: { ...(GOOD['event.duty.alert'] as object), kind: 'two' },
    problem: '/kind' },
  { schema: 'event.duty.alert-cleared', value: { alertId: 'a', shiftId: 'n' },
    problem: "'reason'" },
  { schema: 'event.device.state', value: { device: 'd', kind: 'k', state: 's', error: {} },
    problem: "/error must have required property 'code'" },
  { schema: 'event.device.input', value: { device: 'gpio', pin: 17, value: 1 },
    problem: '/value must be boolean' },
  { schema: 'event.device.card', value: { device: 'c', reader: 'r', uid: '04a1b2' },
    problem: '(uid)' },
  { schema: 'event.device.button', value: { device: 'mcu', button: 'call' }, problem: "'pressed'" },
  { schema: 'event.data.rejected', value: { kind: 'roster', problems: [] },
    problem: '/problems must NOT have fewer' },
  { schema: 'event.data.applied', value: { kind: 'roster' }, problem: "'version'" },
  { schema: 'event.upstream.session-taken-over', value: { clientId: 'k', quickCloses: 0,
    retryInMs: 1 }, problem: '/quickCloses must be >=' },
];
