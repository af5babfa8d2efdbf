/**
 * What happened after a finger, over the whole screen for a few seconds: a greeting,
 * or why it did not count. A tap closes it sooner.
 */
import type { JSX } from 'preact';
import type { Notice } from '../../kiosk/api/messages.js';
import { noticeText, useLanguage } from '../i18n.js';
import {
  ClockIcon,
  CrossIcon,
  PersonOffIcon,
  QuestionIcon,
  TickIcon,
  WrenchIcon,
} from './pictograms.js';

type Tone = 'good' | 'info' | 'bad';

const LOOK: Record<Notice['kind'], { tone: Tone; icon: (p: { class: string }) => JSX.Element }> = {
  'checked-in': { tone: 'good', icon: TickIcon },
  'already-checked-in': { tone: 'info', icon: TickIcon },
  'not-on-duty': { tone: 'info', icon: PersonOffIcon },
  'no-open-window': { tone: 'info', icon: ClockIcon },
  'unknown-finger': { tone: 'bad', icon: QuestionIcon },
  'unassigned-template': { tone: 'bad', icon: CrossIcon },
  'reader-fault': { tone: 'bad', icon: WrenchIcon },
  'not-stored': { tone: 'bad', icon: WrenchIcon },
};

export function NoticeOverlay(props: { notice: Notice; onClose(): void }) {
  const { t } = useLanguage();
  const look = LOOK[props.notice.kind];
  const text = noticeText(t, props.notice);
  const Icon = look.icon;

  return (
    <div
      class={`notice notice-${look.tone}`}
      data-testid="notice-overlay"
      data-notice-kind={props.notice.kind}
      role="alertdialog"
      aria-live="assertive"
      onClick={props.onClose}
    >
      <div class="notice-card">
        <Icon class="icon-huge" />
        <div class="notice-title">{text.title}</div>
        <div class="notice-detail">{text.detail}</div>
        <div class="notice-hint">{t.tapToClose}</div>
      </div>
    </div>
  );
}
