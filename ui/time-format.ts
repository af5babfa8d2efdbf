/**
 * Clock times on screen: 24-hour HH:MM in the terminal's own time zone.
 */
import type { Language } from '../kiosk/api/messages.js';

const LOCALES: Record<Language, string> = { zh: 'zh-CN', en: 'en-GB' };
const formatters = new Map<Language, Intl.DateTimeFormat>();

/** "21:45"; an absent or unreadable time shows as "--:--" rather than "Invalid Date". */
export function formatClock(iso: string | null | undefined, lang: Language): string {
  if (!iso) return '--:--';
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return '--:--';

  let formatter = formatters.get(lang);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat(LOCALES[lang], {
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(lang, formatter);
  }
  return formatter.format(time);
}

/** "12月4日 星期五" / "Fri 4 Dec" for the header. */
export function formatDay(time: Date, lang: Language): string {
  return time.toLocaleDateString(LOCALES[lang], {
    weekday: lang === 'zh' ? 'long' : 'short',
    day: 'numeric',
    month: lang === 'zh' ? 'long' : 'short',
  });
}
