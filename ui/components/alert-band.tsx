/**
 * The red band of open duty alerts ("only one person on duty", "nobody on duty").
 */
import type { DutyAlertView } from '../../kiosk/api/messages.js';
import { useLanguage } from '../i18n.js';
import { formatClock } from '../time-format.js';
import { WarningIcon } from './pictograms.js';

export function AlertBand(props: { alerts: DutyAlertView[] }) {
  const { lang, t } = useLanguage();
  if (props.alerts.length === 0) return null;

  return (
    <section class="alert-band" data-testid="alert-band" role="alert">
      {props.alerts.map((alert) => (
        <div class="alert" key={alert.id} data-alert-kind={alert.kind}>
          <WarningIcon class="icon-medium" />
          <span class="alert-text">{t.alert[alert.kind]}</span>
          <span class="alert-meta">
            {alert.shiftLabel} · {formatClock(alert.raisedAt, lang)}
          </span>
        </div>
      ))}
    </section>
  );
}
