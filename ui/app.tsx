/**
 * The duty check-in screen. It holds no rules: it shows the last view the runtime
 * pushed, a notice for a few seconds, and the language the person chose.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { KioskView, Language, Notice } from '../kiosk/api/messages.js';
import { connectKiosk, sendSimFinger } from './api-client.js';
import { AlertBand } from './components/alert-band.js';
import { CheckInPrompt } from './components/check-in-prompt.js';
import { DemoPanel } from './components/demo-panel.js';
import { Header } from './components/header.js';
import { NoticeOverlay } from './components/notice-overlay.js';
import { ShiftPanel } from './components/shift-panel.js';
import { DEFAULT_LANGUAGE, LanguageContext, STRINGS } from './i18n.js';

const NOTICE_MS = 5000;
/** The next person at the terminal should find it in the default language again. */
const LANGUAGE_IDLE_MS = 120_000;

function useNotice(): [Notice | null, (notice: Notice | null) => void] {
  const [notice, setNotice] = useState<Notice | null>(null);
  useEffect(() => {
    if (notice === null) return;
    const timer = setTimeout(() => setNotice(null), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);
  return [notice, setNotice];
}

function useLanguageChoice(): [Language, () => void] {
  const [lang, setLang] = useState<Language>(DEFAULT_LANGUAGE);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = STRINGS[lang].appTitle;
    if (lang === DEFAULT_LANGUAGE) return;

    let timer = setTimeout(() => setLang(DEFAULT_LANGUAGE), LANGUAGE_IDLE_MS);
    const touched = () => {
      clearTimeout(timer);
      timer = setTimeout(() => setLang(DEFAULT_LANGUAGE), LANGUAGE_IDLE_MS);
    };
    window.addEventListener('pointerdown', touched);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('pointerdown', touched);
    };
  }, [lang]);
  const toggle = useCallback(() => setLang((now) => (now === 'zh' ? 'en' : 'zh')), []);
  return [lang, toggle];
}

export function App() {
  const [view, setView] = useState<KioskView | null>(null);
  const [linked, setLinked] = useState(false);
  const [notice, setNotice] = useNotice();
  const [lang, toggleLanguage] = useLanguageChoice();

  useEffect(
    () => connectKiosk({ onView: setView, onNotice: setNotice, onLink: setLinked }),
    [setNotice],
  );

  const terminal = view?.terminal ?? null;
  const demoFingers = terminal?.simulated ? (terminal.demoFingers ?? []) : null;

  return (
    <LanguageContext.Provider value={lang}>
      <div class="screen">
        <Header
          terminal={terminal}
          upstream={view?.upstream ?? null}
          devices={view?.devices ?? []}
          linked={linked}
          onSwitchLanguage={toggleLanguage}
        />
        {view === null ? (
          <main class="loading" data-testid="loading">
            {STRINGS[lang].loading}
          </main>
        ) : (
          <>
            <AlertBand alerts={view.duty.alerts} />
            <main class="duty">
              {view.duty.shift && <ShiftPanel shift={view.duty.shift} />}
              <CheckInPrompt
                shift={view.duty.shift}
                readerReady={view.devices.some(
                  (device) => device.kind === 'fingerprint' && device.state === 'ready',
                )}
              />
            </main>
          </>
        )}
        {demoFingers && <DemoPanel fingers={demoFingers} onFinger={sendSimFinger} />}
        {notice && <NoticeOverlay notice={notice} onClose={() => setNotice(null)} />}
      </div>
    </LanguageContext.Provider>
  );
}
