// test-timeout: 180
/**
 * The fingerprint module's serial line misbehaving under a running kiosk: garbage bytes,
 * half frames, wrong checksums, unknown confirmation codes, a module that goes silent,
 * and the cable pulled mid-identification. After each, the kiosk is still serving and the
 * next person's finger checks them in; nothing reaches the process as an uncaught error.
 * A touch that the fault itself swallowed may be retried once, only if the screen said
 * "try again".
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { randomBytes } from 'node:crypto';
import { SerialPort } from 'serialport';
import { FingerprintEmulator } from '../../drivers/fingerprint/emulator.js';
import { startPtyPair, type PtyPair } from '../../hardware-tests/rigs/socat.js';
import { startKioskProcess, type KioskProcess } from '../support/kiosk-process.js';
import { waitFor } from '../support/wait-for.js';
import { makeCrowdTerminal, tempDir, watchNotices, type NoticeWatch } from './support.js';

const line = suite('fingerprint line faults');
const PEOPLE = 8;
const emulator = new FingerprintEmulator();
let dir = '';
let pair: PtyPair;
let port: SerialPort | null = null;
let detach: () => void = () => {};
let kiosk: KioskProcess;
let watch: NoticeWatch;
let nextPerson = 0;

async function plugModule(): Promise<void> {
  pair = await startPtyPair(dir);
  const opened = new SerialPort({ path: pair.b, baudRate: 57600, autoOpen: false });
  opened.on('error', () => undefined);
  await new Promise<void>((resolve, reject) =>
    opened.open((error) => (error ? reject(error) : resolve())),
  );
  port = opened;
  detach = emulator.attach(opened);
}

async function unplugModule(): Promise<void> {
  detach();
  await pair.stop();
  if (port?.isOpen) await new Promise<void>((resolve) => port?.close(() => resolve()));
  port = null;
}

let faultsAtCaseStart = 0;
const faults = () => watch.notices.filter((notice) => notice.kind === 'reader-fault').length;
const glassEmpty = () => emulator.state.finger === null && emulator.state.nextTouch === null;

/**
 * The next person touches the glass until the screen says they checked in. A touch lost
 * to line noise is allowed one retry, and only if the screen said "try again" (a
 * reader-fault notice) since the case began: as at the real terminal, the person lifts
 * and touches again.
 * The emulator's touch lasts one capture, so "lifted" is the glass seen empty again.
 */
async function nextPersonChecksIn(): Promise<void> {
  nextPerson += 1;
  assert.ok(nextPerson <= PEOPLE, 'enough people for every case');
  const name = `Person ${nextPerson}`;
  const checkedIn = () =>
    watch.notices.some((notice) => notice.kind === 'checked-in' && notice.personName === name);

  for (let attempt = 1; attempt <= 2; attempt += 1) {
    await waitFor('the glass empty before the touch', glassEmpty, 20_000);
    emulator.touch(100 + nextPerson);
    // Spent: the module took the image, and the host has since polled the empty glass a
    // few times (its search and result are long over by then).
    await waitFor(`${name}'s finger taken`, glassEmpty, 20_000);
    const answered = emulator.commandsAnswered;
    await waitFor(
      `${name} checked in, or the touch spent`,
      () => checkedIn() || emulator.commandsAnswered >= answered + 8,
      20_000,
    );
    if (checkedIn()) return;
    assert.ok(faults() > faultsAtCaseStart, `${name}'s touch was lost with no "try again" shown`);
  }
  assert.unreachable(`${name} could not check in after a retry`);
}

function isFingerprintProblem(text: string): boolean {
  return / (WARN|ERROR) +\[kiosk:fingerprint\]/.test(text);
}

/** A well-formed packet (an ack with code 0) from the module, as bytes on the line. */
function ackFrame(): Buffer {
  const body = Buffer.from([0x07, 0x00, 0x03, 0x00]);
  const sum = body.reduce((total, byte) => total + byte, 0);
  const checksum = Buffer.from([(sum >> 8) & 0xff, sum & 0xff]);
  return Buffer.concat([Buffer.from([0xef, 0x01, 0xff, 0xff, 0xff, 0xff]), body, checksum]);
}

line.before(async () => {
  dir = tempDir('kiosk-fp-line-');
  await plugModule();
  const terminal = makeCrowdTerminal({ count: PEOPLE, serialPort: pair.a });
  for (let i = 1; i <= PEOPLE; i += 1) emulator.enrol(100 + i);
  kiosk = await startKioskProcess(terminal.configFile, { KIOSK_SKIP_UI_BUILD: '1' });
  watch = await watchNotices(kiosk.url);
});

line.before.each(() => {
  faultsAtCaseStart = watch ? faults() : 0;
});

line.after(async () => {
  watch?.close();
  const code = await kiosk?.kill('SIGTERM');
  await unplugModule().catch(() => undefined);
  assert.is(code, 0, 'the kiosk stopped cleanly');
  const crashes = kiosk.lines.filter((text) => /uncaught|unhandled/i.test(text));
  assert.equal(crashes, []);
});

line('a working line checks a person in', nextPersonChecksIn);

line('garbage bytes on the line', async () => {
  emulator.sendRaw(randomBytes(700));
  await nextPersonChecksIn();
});

line('half a frame, then nothing more of it', async () => {
  emulator.sendRaw(ackFrame().subarray(0, 7));
  await nextPersonChecksIn();
});

line('a frame with a wrong checksum', async () => {
  const frame = ackFrame();
  frame[frame.length - 1] = (frame[frame.length - 1]! + 1) & 0xff;
  emulator.sendRaw(frame);
  await nextPersonChecksIn();
});

line('an answer with a confirmation code the protocol does not know', async () => {
  emulator.injectConfirmation('GenImg', 0x77, 3);
  await kiosk.waitForLine(/0x77/, 20_000);
  await nextPersonChecksIn();
});

line('an unknown code in answer to the search itself', async () => {
  emulator.injectConfirmation('Search', 0xee);
  await nextPersonChecksIn();
  await kiosk.waitForLine(/answered 0xEE .* to Search/);
});

line('a module that goes silent and comes back', async () => {
  const before = kiosk.lines.length;
  emulator.silent = true;
  await waitFor(
    'the silence noticed in the log',
    () => kiosk.lines.slice(before).some(isFingerprintProblem),
    20_000,
  );
  emulator.silent = false;
  await nextPersonChecksIn();
});

line('the cable pulled mid-identification and plugged back in', async () => {
  // A finger of someone not on duty stays on the glass; the search is made slow so the
  // cable goes while it runs.
  emulator.enrol(199);
  emulator.setDelay('Search', 400);
  const answered = emulator.commandsAnswered;
  emulator.placeFinger(199);
  await waitFor('the search under way', () => emulator.commandsAnswered >= answered + 2, 10_000);
  const before = kiosk.lines.length;
  await unplugModule();
  emulator.liftFinger();
  await waitFor(
    'the lost module noticed',
    () => kiosk.lines.slice(before).some(isFingerprintProblem),
    20_000,
  );
  emulator.setDelay('Search', 10);
  await plugModule();
  await nextPersonChecksIn();
});

line.run();
