/**
 * The UI's only link to the runtime: one EventSource for the view and notices (the UI
 * never polls), and a POST for the demo panel's simulated finger.
 */
import {
  API_PATHS,
  type KioskView,
  type Notice,
  type SimFingerRequest,
} from '../kiosk/api/messages.js';

export interface KioskLinkHandlers {
  onView(view: KioskView): void;
  onNotice(notice: Notice): void;
  /** True once the stream is open; false while the browser is reconnecting. */
  onLink(connected: boolean): void;
}

/** How long to wait before reopening a stream the browser gave up on (a 5xx answer). */
const REOPEN_MS = 3000;

function parse(event: Event, check: (value: unknown) => boolean): unknown {
  try {
    const value: unknown = JSON.parse((event as MessageEvent<string>).data);
    if (check(value)) return value;
  } catch {
    // Reported below like any other malformed message.
  }
  console.warn(`ignored a malformed '${event.type}' message from the kiosk`);
  return undefined;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

const looksLikeView = (value: unknown): boolean =>
  isObject(value) && isObject(value.terminal) && isObject(value.upstream) && isObject(value.duty);

const looksLikeNotice = (value: unknown): boolean =>
  isObject(value) && typeof value.kind === 'string';

/** Opens the stream; returns a function that closes it for good. */
export function connectKiosk(handlers: KioskLinkHandlers): () => void {
  let source: EventSource | null = null;
  let reopenTimer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const open = () => {
    source = new EventSource(API_PATHS.stream);
    source.addEventListener('open', () => handlers.onLink(true));
    source.addEventListener('view', (event) => {
      const view = parse(event, looksLikeView);
      if (view !== undefined) handlers.onView(view as KioskView);
    });
    source.addEventListener('notice', (event) => {
      const notice = parse(event, looksLikeNotice);
      if (notice !== undefined) handlers.onNotice(notice as Notice);
    });
    source.addEventListener('error', () => {
      handlers.onLink(false);
      // The browser retries a dropped stream itself, but not one refused with an error.
      if (source?.readyState === EventSource.CLOSED && !closed) {
        reopenTimer = setTimeout(open, REOPEN_MS);
      }
    });
  };
  open();

  return () => {
    closed = true;
    clearTimeout(reopenTimer);
    source?.close();
  };
}

export async function sendSimFinger(request: SimFingerRequest): Promise<void> {
  const response = await fetch(API_PATHS.simFinger, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(request),
  });
  if (response.ok) return;

  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  const reason = body?.error?.message ?? response.statusText;
  throw new Error(`simulated finger refused (${response.status}): ${reason}`);
}
