// test-timeout: 180
/**
 * Power cut in the middle of a burst of check-ins: the kiosk is killed with SIGKILL while
 * fingers keep coming. Every check-in the screen confirmed must be in the outbox on disk
 * (no broker here, so nothing was delivered), and the restarted terminal must still show
 * each confirmed person as checked in.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startKioskProcess, type KioskProcess } from '../support/kiosk-process.js';
import { waitFor } from '../support/wait-for.js';
import { makeCrowdTerminal, outboxEvents, simFinger, watchNotices } from './support.js';

const powerCut = suite('power cut during a burst of check-ins');
const running: KioskProcess[] = [];

powerCut.after.each(async () => {
  for (const kiosk of running.splice(0)) await kiosk.kill('SIGKILL');
});

const BURST = 24;
const KILL_AFTER = 10;

powerCut('every check-in the screen confirmed is in the outbox after SIGKILL', async () => {
  const terminal = makeCrowdTerminal({ count: BURST });
  const env = { KIOSK_SKIP_UI_BUILD: '1' };
  const kiosk = await startKioskProcess(terminal.configFile, env);
  running.push(kiosk);
  const watch = await watchNotices(kiosk.url);

  // Fingers one after another, each sent as soon as the previous one was answered on
  // screen; the kill falls while the next one is being stored.
  const confirmed = () => watch.notices.filter((notice) => notice.kind === 'checked-in');
  const people = [...terminal.templates.entries()];
  let killed = false;
  for (const [, templateId] of people) {
    const before = watch.notices.length;
    if (confirmed().length === KILL_AFTER) {
      void simFinger(kiosk.url, templateId).catch(() => undefined);
      await kiosk.kill('SIGKILL');
      killed = true;
      break;
    }
    assert.is(await simFinger(kiosk.url, templateId), 200);
    await waitFor(`notice for template ${templateId}`, () => watch.notices.length > before, 15_000);
  }
  watch.close();
  assert.ok(killed, 'the kiosk was killed mid-burst');

  // What the screen confirmed, by name → person id.
  const names = new Set(confirmed().map((notice) => notice.personName));
  assert.is(names.size, KILL_AFTER);
  const events = await outboxEvents(terminal.dataDir);
  const stored = events.filter((event) => event.type === 'duty.check-in');
  const storedPeople = new Set(stored.map((event) => event.data.personId));
  for (const name of names) {
    const index = Number(/Person (\d+)/.exec(name ?? '')?.[1]) - 1;
    const personId = people[index]![0];
    assert.ok(storedPeople.has(personId), `confirmed check-in of ${name} is in the outbox`);
  }

  // The screen confirms only after the state file is written, so after the restart every
  // confirmed person still shows as checked in, and each one shown has its event stored.
  const again = await startKioskProcess(terminal.configFile, env);
  running.push(again);
  const view = (await (await fetch(`${again.url}/api/view`)).json()) as {
    duty: { shift: { people: { personId: string; checkedInAt: string | null }[] } };
  };
  const shown = new Set(
    view.duty.shift.people.filter((person) => person.checkedInAt !== null).map((p) => p.personId),
  );
  for (const name of names) {
    const index = Number(/Person (\d+)/.exec(name ?? '')?.[1]) - 1;
    assert.ok(shown.has(people[index]![0]), `${name} still shows as checked in`);
  }
  for (const personId of shown) assert.ok(storedPeople.has(personId), `${personId} is stored`);
});

powerCut.run();
