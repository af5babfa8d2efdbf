/**
 * Who is on the shift and who has checked in: a green tick and the time, or a dashed
 * clock for someone still missing.
 */
import type { DutyPersonView, DutyShiftView } from '../../kiosk/api/messages.js';
import { useLanguage } from '../i18n.js';
import { formatClock } from '../time-format.js';
import { TickIcon, WaitingIcon } from './pictograms.js';

function PersonRow(props: { person: DutyPersonView }) {
  const { lang, t } = useLanguage();
  const { person } = props;
  const checkedIn = person.checkedInAt !== null;

  return (
    <li
      class={checkedIn ? 'person person-in' : 'person person-missing'}
      data-testid="duty-person"
      data-person-id={person.personId}
      data-checked-in={String(checkedIn)}
    >
      {checkedIn ? <TickIcon class="icon-medium" /> : <WaitingIcon class="icon-medium" />}
      <span class="person-name">{person.displayName}</span>
      <span class="person-status">
        {checkedIn ? t.checkedInAt(formatClock(person.checkedInAt, lang)) : t.notYet}
      </span>
    </li>
  );
}

export function ShiftPanel(props: { shift: DutyShiftView }) {
  const { lang, t } = useLanguage();
  const { shift } = props;
  const done = shift.people.filter((person) => person.checkedInAt !== null).length;

  return (
    <section class="shift-panel" data-testid="shift-panel" data-shift-id={shift.id}>
      <div class="shift-heading">
        <span class="shift-kind">{shift.windowOpen ? t.currentShift : t.nextShift}</span>
        <span class="shift-label">{shift.label}</span>
        <span class="shift-hours">
          {t.shiftHours(formatClock(shift.start, lang), formatClock(shift.end, lang))}
        </span>
        {shift.people.length > 0 && (
          <span class="shift-count" data-testid="checked-in-count">
            {t.checkedInCount(done, shift.people.length)}
          </span>
        )}
      </div>
      {shift.people.length > 0 ? (
        <ul class="people">
          {shift.people.map((person) => (
            <PersonRow key={person.personId} person={person} />
          ))}
        </ul>
      ) : (
        <div class="shift-empty">{t.nobodyScheduled}</div>
      )}
    </section>
  );
}
