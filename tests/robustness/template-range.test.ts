// test-timeout: 120
/**
 * Roster template ids past the fingerprint module's library: the roster file accepts any
 * 16-bit id, but the module (200 slots here) can never match one past its capacity. The
 * running kiosk names each such template and its owner once the module is up, and the
 * people whose templates fit still check in.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { startPtyPair } from '../../hardware-tests/rigs/socat.js';
import { templatesOutOfRange } from '../../kiosk/devices/template-range.js';
import { startKioskProcess } from '../support/kiosk-process.js';
import { attachModule } from '../support/module-on-pty.js';
import { waitFor } from '../support/wait-for.js';
import { makeCrowdTerminal, tempDir, watchNotices } from './support.js';

const range = suite('roster templates past the module library');

range('each person with a template past the capacity is named', () => {
  const people = [
    { id: 'p-1', displayName: 'A', templateIds: [3] },
    { id: 'p-2', displayName: 'B', templateIds: [200, 7] },
    { id: 'p-3', displayName: 'C', templateIds: [250, 65535] },
  ];
  assert.equal(templatesOutOfRange(people, 200), [
    "roster: template 200 of p-2 is past the fingerprint module's library (0..199); " +
      'p-2 keeps 1 usable template(s) until re-enrolled',
    "roster: template 250, 65535 of p-3 is past the fingerprint module's library (0..199); " +
      'p-3 cannot check in by finger until re-enrolled',
  ]);
});

range('a running kiosk names the template when the module comes up', async () => {
  const pair = await startPtyPair(tempDir('kiosk-range-'));
  const module = await attachModule(pair.b, [101, 102]);
  const terminal = makeCrowdTerminal({ count: 3, serialPort: pair.a });
  const data = JSON.parse(readFileSync(terminal.localDataFile, 'utf8'));
  data.roster.people[2].templateIds = [250];
  writeFileSync(terminal.localDataFile, JSON.stringify(data));

  const kiosk = await startKioskProcess(terminal.configFile, { KIOSK_SKIP_UI_BUILD: '1' });
  try {
    await kiosk.waitForLine(/ERROR.*template 250 of p-3002 is past the fingerprint module's/);
    const named = /library \(0\.\.199\); p-3002 cannot check in/;
    assert.ok(kiosk.lines.some((line) => named.test(line)));
    const watch = await watchNotices(kiosk.url);
    module.emulator.touch(101);
    await waitFor('p-3000 checked in', () => watch.notices.some((n) => n.kind === 'checked-in'));
    watch.close();
  } finally {
    await kiosk.kill('SIGTERM');
    await module.close();
    await pair.stop();
  }
});

range.run();
