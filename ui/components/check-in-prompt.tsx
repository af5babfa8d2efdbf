/**
 * The large right-hand side: the finger pictogram while check-in is open, otherwise a
 * clock and when check-in opens next. While the fingerprint reader is down, the open
 * window says so instead of asking for a finger that nothing would read.
 */
import type { DutyShiftView } from '../../kiosk/api/messages.js';
import { useLanguage } from '../i18n.js';
import { formatClock } from '../time-format.js';
import { ClockIcon, FingerprintIcon, TickIcon, WrenchIcon } from './pictograms.js';

export function CheckInPrompt(props: { shift: DutyShiftView | null; readerReady: boolean }) {
  const { lang, t } = useLanguage();
  const { shift } = props;

  if (shift?.windowOpen && !props.readerReady) {
    return (
      <section class="prompt prompt-closed" data-testid="reader-unavailable">
        <WrenchIcon class="icon-huge" />
        <div class="prompt-text">{t.readerUnavailable}</div>
        <div class="prompt-detail">{t.readerUnavailableDetail}</div>
      </section>
    );
  }

  if (shift?.windowOpen && shift.people.every((person) => person.checkedInAt !== null)) {
    return (
      <section class="prompt prompt-closed" data-testid="everyone-in">
        <TickIcon class="icon-huge" />
        <div class="prompt-text">{t.everyoneIn}</div>
      </section>
    );
  }

  if (shift?.windowOpen) {
    return (
      <section class="prompt prompt-open" data-testid="finger-prompt">
        <FingerprintIcon class="icon-huge finger-pulse" />
        <div class="prompt-text">{t.placeFinger}</div>
        <div class="prompt-detail">{t.windowCloses(formatClock(shift.windowCloses, lang))}</div>
      </section>
    );
  }

  if (shift && Date.parse(shift.windowCloses) <= Date.now()) {
    return (
      <section class="prompt prompt-closed" data-testid="window-ended">
        <ClockIcon class="icon-huge" />
        <div class="prompt-text">{t.windowEnded}</div>
        <div class="prompt-detail">{t.windowEndedAt(formatClock(shift.windowCloses, lang))}</div>
      </section>
    );
  }

  return (
    <section class="prompt prompt-closed" data-testid="window-closed">
      <ClockIcon class="icon-huge" />
      <div class="prompt-text">{shift ? t.windowClosed : t.noShift}</div>
      {shift && (
        <div class="prompt-detail" data-testid="next-window">
          {t.windowOpensAt(shift.label, formatClock(shift.windowOpens, lang))}
        </div>
      )}
    </section>
  );
}
