/**
 * Every JSON Schema of protocol v1, by file name (kiosk/upstream/schemas/<name>.json).
 * Imported rather than read at run time so a bundled runtime carries them.
 */
import alert from './schemas/alert.json' with { type: 'json' };
import birth from './schemas/birth.json' with { type: 'json' };
import commandRequest from './schemas/command-request.json' with { type: 'json' };
import commandResult from './schemas/command-result.json' with { type: 'json' };
import dataBalances from './schemas/data-balances.json' with { type: 'json' };
import dataBookings from './schemas/data-bookings.json' with { type: 'json' };
import dataCatalogue from './schemas/data-catalogue.json' with { type: 'json' };
import dataNotices from './schemas/data-notices.json' with { type: 'json' };
import dataRooms from './schemas/data-rooms.json' with { type: 'json' };
import dataRoster from './schemas/data-roster.json' with { type: 'json' };
import dataRosterDelta from './schemas/data-roster-delta.json' with { type: 'json' };
import dataSchedule from './schemas/data-schedule.json' with { type: 'json' };
import eventEnvelope from './schemas/event-envelope.json' with { type: 'json' };
import eventDataApplied from './schemas/event.data.applied.json' with { type: 'json' };
import eventDataRejected from './schemas/event.data.rejected.json' with { type: 'json' };
import eventDeviceButton from './schemas/event.device.button.json' with { type: 'json' };
import eventDeviceCard from './schemas/event.device.card.json' with { type: 'json' };
import eventDeviceInput from './schemas/event.device.input.json' with { type: 'json' };
import eventDeviceState from './schemas/event.device.state.json' with { type: 'json' };
import eventDutyAlert from './schemas/event.duty.alert.json' with { type: 'json' };
import eventDutyAlertCleared from './schemas/event.duty.alert-cleared.json' with { type: 'json' };
import eventDutyCheckIn from './schemas/event.duty.check-in.json' with { type: 'json' };
import eventDutyCheckInRefused from
  './schemas/event.duty.check-in-refused.json' with { type: 'json' };
import eventDutyWindowClosed from './schemas/event.duty.window-closed.json' with { type: 'json' };
import eventUpstreamSessionTakenOver from
  './schemas/event.upstream.session-taken-over.json' with { type: 'json' };
import health from './schemas/health.json' with { type: 'json' };
import status from './schemas/status.json' with { type: 'json' };

export const SCHEMA_FILES = {
  'alert': alert,
  'birth': birth,
  'command-request': commandRequest,
  'command-result': commandResult,
  'data-balances': dataBalances,
  'data-bookings': dataBookings,
  'data-catalogue': dataCatalogue,
  'data-notices': dataNotices,
  'data-rooms': dataRooms,
  'data-roster': dataRoster,
  'data-roster-delta': dataRosterDelta,
  'data-schedule': dataSchedule,
  'event-envelope': eventEnvelope,
  'event.data.applied': eventDataApplied,
  'event.data.rejected': eventDataRejected,
  'event.device.button': eventDeviceButton,
  'event.device.card': eventDeviceCard,
  'event.device.input': eventDeviceInput,
  'event.device.state': eventDeviceState,
  'event.duty.alert': eventDutyAlert,
  'event.duty.alert-cleared': eventDutyAlertCleared,
  'event.duty.check-in': eventDutyCheckIn,
  'event.duty.check-in-refused': eventDutyCheckInRefused,
  'event.duty.window-closed': eventDutyWindowClosed,
  'event.upstream.session-taken-over': eventUpstreamSessionTakenOver,
  'health': health,
  'status': status,
} as const;

export type SchemaName = keyof typeof SCHEMA_FILES;
