import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { eventNode, isTouchscreen, parseInputDevices, pickTouchscreen } from './input-devices.js';

const KEYBOARD = `I: Bus=0011 Vendor=0001 Product=0001 Version=ab41
N: Name="AT Translated Set 2 keyboard"
H: Handlers=sysrq kbd event0 leds
B: PROP=0
B: EV=120013
B: KEY=402000000 3803078f800d001 feffffdfffefffff fffffffffffffffe
`;

// A 64-bit kernel prints the ABS bitmap as one word.
const PANEL_64 = `I: Bus=0018 Vendor=0000 Product=0000 Version=0000
N: Name="Demo FT5406 memory based driver"
P: Phys=
H: Handlers=mouse0 event4
B: PROP=2
B: EV=b
B: KEY=400 0 0 0 0 0
B: ABS=260800000000003
`;

// A 32-bit kernel prints it as two 32-bit words, high word first.
const PANEL_32 = `N: Name="Demo ADS7846 Touchscreen"
H: Handlers=event2 mouse1
B: PROP=0
B: ABS=2608000 3
`;

const TOUCHPAD = `N: Name="Demo Touchpad"
H: Handlers=event5
B: PROP=5
B: ABS=260800011000003
`;

const RESISTIVE = `N: Name="Demo Resistive Panel"
H: Handlers=event6
B: PROP=2
B: ABS=3
`;

test('finds the panel among other devices and its event node (64-bit bitmap)', () => {
  const entries = parseInputDevices([KEYBOARD, PANEL_64].join('\n'));
  assert.equal(entries.map((entry) => entry.name), [
    'AT Translated Set 2 keyboard',
    'Demo FT5406 memory based driver',
  ]);
  const panel = pickTouchscreen(entries);
  assert.is(panel?.name, 'Demo FT5406 memory based driver');
  assert.is(panel && eventNode(panel), 'event4');
});

test('reads the 32-bit form of the ABS bitmap the same way', () => {
  const [entry] = parseInputDevices(PANEL_32);
  const [wide] = parseInputDevices(PANEL_64);
  assert.is(entry?.abs, wide?.abs);
  assert.ok(entry && isTouchscreen(entry));
  assert.is(entry && eventNode(entry), 'event2');
});

test('a touchpad is not a touchscreen; a single-touch direct panel is', () => {
  const [touchpad, resistive] = parseInputDevices([TOUCHPAD, RESISTIVE].join('\n'));
  assert.ok(touchpad && !isTouchscreen(touchpad));
  assert.ok(resistive && isTouchscreen(resistive));
  assert.is(pickTouchscreen(parseInputDevices([TOUCHPAD, KEYBOARD].join('\n'))), null);
});

test('a named device is picked by exact name only', () => {
  const entries = parseInputDevices([PANEL_64, PANEL_32].join('\n'));
  assert.is(pickTouchscreen(entries, 'Demo ADS7846 Touchscreen')?.name, 'Demo ADS7846 Touchscreen');
  assert.is(pickTouchscreen(entries, 'Demo ADS7846'), null);
});

test('garbage, blocks without names and bad bitmaps never throw', () => {
  const text = [
    '\u0000\u0001 binary junk',
    'H: Handlers=event9\nB: ABS=zz',
    'N: Name="Bad Bitmap"\nH: Handlers=event1\nB: ABS=ffffffffff 3',
    'N: Name="No Handlers"\nB: ABS=260800000000003',
    '',
  ].join('\n\n');
  const entries = parseInputDevices(text);
  assert.equal(entries.map((entry) => entry.name), ['Bad Bitmap', 'No Handlers']);
  assert.is(entries[0]?.abs, 0n);
  const noHandlers = entries[1];
  assert.ok(noHandlers && isTouchscreen(noHandlers));
  assert.is(noHandlers && eventNode(noHandlers), null);
  assert.equal(parseInputDevices(''), []);
});

test.run();
