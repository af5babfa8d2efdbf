/**
 * Which events stand as alerts on the platform until cleared: a shift with fewer than
 * two people checked in, a device that went away. Each is raised on its retained alert
 * topic with the event, and cleared by the event that ends it.
 */
import type { AlertInput } from './upstream/alerts.js';

export interface AlertChange {
  raise?: AlertInput;
  clear?: string;
}

const DUTY_TEXT: Record<string, string> = {
  'one-on-duty': 'only one person checked in for the shift',
  'none-on-duty': 'nobody checked in for the shift',
};

export function alertFor(type: string, data: Record<string, unknown>): AlertChange | null {
  switch (type) {
    case 'duty.alert': {
      const kind = String(data.kind);
      return {
        raise: {
          id: `duty-${String(data.alertId)}`,
          kind: `duty.${kind}`,
          severity: 'critical',
          text: `${DUTY_TEXT[kind] ?? kind} ${String(data.shiftId)}`,
          data: { shiftId: data.shiftId, present: data.present, missing: data.missing },
        },
      };
    }
    case 'duty.alert-cleared':
      return { clear: `duty-${String(data.alertId)}` };
    case 'device.state': {
      const id = `device-${String(data.device)}`;
      if (data.state === 'ready') return { clear: id };
      return {
        raise: {
          id,
          kind: 'device.lost',
          severity: 'warning',
          text: `${String(data.kind)} '${String(data.device)}' is not answering`,
          data: { device: data.device, kind: data.kind, ...(data.error ? { error: data.error } : {}) },
        },
      };
    }
    default:
      return null;
  }
}
