/**
 * Reads /proc/bus/input/devices and picks the touchscreen.
 *
 * Each device is a block of `X: ...` lines separated by a blank line: N: gives the
 * name, H: the handlers (eventN is the /dev/input node) and B: the capability bitmaps
 * as hex words, most significant first, leading zero words left out.
 */
import { ABS_MT_POSITION_X, ABS_MT_POSITION_Y, ABS_X, ABS_Y } from './input-event.js';

export interface InputDeviceEntry {
  name: string;
  handlers: string[];
  /** Absolute-axis bitmap (ABS=), bit n set when axis n is reported. */
  abs: bigint;
  /** Input properties bitmap (PROP=). */
  props: bigint;
}

/** Moves a pointer (a touchpad), as opposed to touching the screen itself. */
const INPUT_PROP_POINTER = 0;
/** The panel sits on the display, so touches map to screen points. */
const INPUT_PROP_DIRECT = 1;

/**
 * The ABS and PROP bitmaps have 64 bits or fewer. A 64-bit kernel prints them as one
 * word; a 32-bit kernel as up to two, so several words can only be 32-bit ones. A
 * malformed bitmap reads as empty: the device is then simply not a touchscreen.
 */
function parseSmallBitmap(text: string): bigint {
  const words = text.trim().split(/\s+/).filter((word) => word.length > 0);
  if (words.length === 1 && /^[0-9a-f]{1,16}$/i.test(words[0] ?? '')) {
    return BigInt('0x' + words[0]);
  }
  if (words.length !== 2 || !words.every((word) => /^[0-9a-f]{1,8}$/i.test(word))) return 0n;
  return words.reduce((bits, word) => (bits << 32n) | BigInt('0x' + word), 0n);
}

function parseBlock(lines: string[]): InputDeviceEntry | null {
  const entry: InputDeviceEntry = { name: '', handlers: [], abs: 0n, props: 0n };
  let named = false;
  for (const line of lines) {
    const name = /^N:\s*Name="(.*)"\s*$/.exec(line);
    if (name) {
      entry.name = name[1] ?? '';
      named = true;
    }
    const handlers = /^H:\s*Handlers=(.*)$/.exec(line);
    if (handlers) entry.handlers = (handlers[1] ?? '').trim().split(/\s+/).filter(Boolean);
    const abs = /^B:\s*ABS=(.*)$/.exec(line);
    if (abs) entry.abs = parseSmallBitmap(abs[1] ?? '');
    const props = /^B:\s*PROP=(.*)$/.exec(line);
    if (props) entry.props = parseSmallBitmap(props[1] ?? '');
  }
  return named ? entry : null;
}

/** Parses the whole file; blocks without a name line are skipped, never thrown on. */
export function parseInputDevices(text: string): InputDeviceEntry[] {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((block) => block.split(/\r?\n/).map((line) => line.trim()))
    .map(parseBlock)
    .filter((entry): entry is InputDeviceEntry => entry !== null);
}

function hasBit(bits: bigint, bit: number): boolean {
  return ((bits >> BigInt(bit)) & 1n) === 1n;
}

/**
 * A touchscreen reports positions and the direct property. Older panel drivers set no
 * properties at all, so multi-touch positions without the pointer property (a
 * touchpad's) count too.
 */
export function isTouchscreen(entry: InputDeviceEntry): boolean {
  const multiTouch = hasBit(entry.abs, ABS_MT_POSITION_X) && hasBit(entry.abs, ABS_MT_POSITION_Y);
  const singleTouch = hasBit(entry.abs, ABS_X) && hasBit(entry.abs, ABS_Y);
  if (hasBit(entry.props, INPUT_PROP_DIRECT)) return multiTouch || singleTouch;
  return multiTouch && !hasBit(entry.props, INPUT_PROP_POINTER);
}

export function eventNode(entry: InputDeviceEntry): string | null {
  return entry.handlers.find((handler) => /^event\d+$/.test(handler)) ?? null;
}

/** The named device (exact name) if given, otherwise the first touchscreen listed. */
export function pickTouchscreen(
  entries: InputDeviceEntry[],
  wantedName?: string,
): InputDeviceEntry | null {
  if (wantedName !== undefined) return entries.find((entry) => entry.name === wantedName) ?? null;
  return entries.find(isTouchscreen) ?? null;
}
