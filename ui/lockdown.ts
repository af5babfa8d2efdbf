/**
 * Keeps the person inside the app. The browser runs in kiosk mode, but the page also
 * refuses on its own what could lead out of it or make the screen unusable: the context
 * menu, text selection and dragging, pinch and double-tap zoom, and keyboard shortcuts
 * that navigate, reload, zoom or open tools. (styles.css adds touch-action and
 * overscroll-behavior so swipes cannot navigate back.)
 */

/** Keys that navigate or reload on their own, without a modifier. */
const NAVIGATING_KEYS = new Set(['Backspace', 'BrowserBack', 'BrowserForward', 'BrowserRefresh']);

function isBlockedKey(event: KeyboardEvent): boolean {
  if (event.ctrlKey || event.altKey || event.metaKey) return true;
  if (/^F\d{1,2}$/.test(event.key)) return true;
  return NAVIGATING_KEYS.has(event.key);
}

const stop = (event: Event) => event.preventDefault();

export function lockDown(target: Window = window): void {
  const doc = target.document;
  const active = { passive: false, capture: true } as const;

  doc.addEventListener('contextmenu', stop, active);
  doc.addEventListener('selectstart', stop, active);
  doc.addEventListener('dragstart', stop, active);
  doc.addEventListener('dblclick', stop, active);
  doc.addEventListener('gesturestart', stop, active);

  doc.addEventListener(
    'keydown',
    (event) => {
      if (isBlockedKey(event)) event.preventDefault();
    },
    active,
  );

  // Ctrl + wheel is how a touchpad or mouse zooms.
  target.addEventListener(
    'wheel',
    (event) => {
      if (event.ctrlKey) event.preventDefault();
    },
    active,
  );

  // Two fingers moving is a pinch; touch-action covers it, this covers older engines.
  doc.addEventListener(
    'touchmove',
    (event) => {
      if (event.touches.length > 1) event.preventDefault();
    },
    active,
  );
}
