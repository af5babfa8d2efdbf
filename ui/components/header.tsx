/**
 * Top bar: which terminal this is, whether events reach the facility, whether a device
 * is down, the time, and the language switch.
 */
import { useEffect, useState } from 'preact/hooks';
import type { DeviceView, TerminalInfo, UpstreamView } from '../../kiosk/api/messages.js';
import { useLanguage } from '../i18n.js';
import { formatClock, formatDay } from '../time-format.js';
import { CloudIcon, CloudOffIcon, GlobeIcon, WrenchIcon } from './pictograms.js';

function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

function UpstreamBadge(props: { upstream: UpstreamView; linked: boolean }) {
  const { t } = useLanguage();
  if (!props.linked) {
    return (
      <div class="badge badge-offline" data-testid="link-lost">
        <CloudOffIcon class="icon-small" />
        <span>{t.linkLost}</span>
      </div>
    );
  }
  if (props.upstream.online) {
    return (
      <div class="badge badge-online" data-testid="online-badge">
        <CloudIcon class="icon-small" />
        <span>{t.online}</span>
      </div>
    );
  }
  return (
    <div class="badge badge-offline" data-testid="offline-badge">
      <CloudOffIcon class="icon-small" />
      <span>{t.offline}</span>
      {props.upstream.pendingEvents > 0 && (
        <span class="badge-count" data-testid="pending-count">
          {t.pending(props.upstream.pendingEvents)}
        </span>
      )}
    </div>
  );
}

/** Shown only while a device is not ready, so an officer passing by sees it. */
function DeviceBadge(props: { devices: DeviceView[] }) {
  const { t } = useLanguage();
  const down = props.devices.filter((device) => device.state !== 'ready');
  if (down.length === 0) return null;
  return (
    <div
      class="badge badge-offline"
      data-testid="device-fault"
      role="status"
      aria-label={t.devicesDown(down.length)}
      title={`${t.devicesDown(down.length)}: ${down.map((device) => device.name).join(', ')}`}
    >
      <WrenchIcon class="icon-small" />
      <span>{down.length}</span>
    </div>
  );
}

export function Header(props: {
  terminal: TerminalInfo | null;
  upstream: UpstreamView | null;
  devices: DeviceView[];
  linked: boolean;
  onSwitchLanguage(): void;
}) {
  const { lang, t } = useLanguage();
  const now = useNow();

  return (
    <header class="header">
      <div class="header-title">
        <span class="title">{t.appTitle}</span>
        {props.terminal && (
          <span class="terminal-id" data-testid="terminal-id">
            {t.terminal} {props.terminal.id}
          </span>
        )}
      </div>
      <DeviceBadge devices={props.devices} />
      {props.upstream && <UpstreamBadge upstream={props.upstream} linked={props.linked} />}
      <div class="clock" data-testid="clock">
        <span class="clock-time">{formatClock(now.toISOString(), lang)}</span>
        <span class="clock-day">{formatDay(now, lang)}</span>
      </div>
      <button
        type="button"
        class="lang-switch"
        data-testid="lang-switch"
        lang={lang === 'zh' ? 'en' : 'zh-CN'}
        onClick={props.onSwitchLanguage}
      >
        <GlobeIcon class="icon-small" />
        <span>{t.otherLanguage}</span>
      </button>
    </header>
  );
}
