// test-timeout: 120
/**
 * Bad configuration stops the start with a message naming the field or path; bad data
 * (a template that maps to nobody, a one-person shift) gives a clear message and a log
 * line while the terminal keeps running.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { startPtyPair } from '../../hardware-tests/rigs/socat.js';
import { PEOPLE, makeTerminal } from '../support/fixtures.js';
import { spawnKiosk, startKioskProcess } from '../support/kiosk-process.js';
import { attachModule } from '../support/module-on-pty.js';
import { waitFor } from '../support/wait-for.js';

const badConfig = suite('bad configuration');

async function refusedWith(edit: (config: Record<string, any>) => void): Promise<string> {
  const terminal = makeTerminal({ brokerUrl: null, serialPort: null });
  const config = JSON.parse(readFileSync(terminal.configFile, 'utf8')) as Record<string, any>;
  edit(config);
  writeFileSync(terminal.configFile, JSON.stringify(config));

  const { lines, exited } = spawnKiosk(['run', '--config', terminal.configFile], {
    KIOSK_SKIP_UI_BUILD: '1',
  });
  const code = await exited;
  assert.equal(code, 2, `exit code (log: ${lines.join(' | ')})`);
  return lines.join('\n');
}

badConfig('a missing field stops the start and is named', async () => {
  const output = await refusedWith((config) => delete config.terminal.id);
  assert.match(output, /terminal\.id: is missing/);
});

badConfig('a wrong type stops the start and is named', async () => {
  const output = await refusedWith((config) => (config.http.port = 'eighty'));
  assert.match(output, /http\.port: must be integer \(got "eighty"\)/);
});

badConfig('a device path that does not exist stops the start and is named', async () => {
  const output = await refusedWith((config) => {
    config.hardware.fingerprint = { backend: 'real', port: '/dev/ttyNOTHERE7' };
  });
  assert.match(output, /hardware\.fingerprint\.port: \/dev\/ttyNOTHERE7 does not exist/);
});

badConfig('check-config refuses what run would refuse, device sections included', async () => {
  const terminal = makeTerminal({ brokerUrl: null, serialPort: null });
  const config = JSON.parse(readFileSync(terminal.configFile, 'utf8')) as Record<string, any>;
  config.hardware.gpio = {
    backend: 'simulated',
    pins: { door: { chip: 'pinctrl-bcm2711', line: -3, direction: 'sideways' } },
  };
  writeFileSync(terminal.configFile, JSON.stringify(config));

  const { lines, exited } = spawnKiosk(['check-config', terminal.configFile]);
  assert.is(await exited, 2);
  assert.match(lines.join('\n'), /hardware\.gpio: pins\.door\.direction/);
});

const badData = suite('bad data');

badData('a one-person shift and an unassigned template are reported, not fatal', async () => {
  const pair = await startPtyPair(mkdtempSync(join(tmpdir(), 'kiosk-pty-')));
  const module = await attachModule(pair.b, [...PEOPLE.ana.templateIds, 99]);
  const terminal = makeTerminal({ brokerUrl: null, serialPort: pair.a });

  const dataFile = terminal.configFile.replace('kiosk.json', 'local-data.json');
  const data = JSON.parse(readFileSync(dataFile, 'utf8'));
  data.schedule.shifts.push({
    ...data.schedule.shifts[0],
    id: 'lonely-shift',
    personIds: [PEOPLE.dan.id],
  });
  writeFileSync(dataFile, JSON.stringify(data));

  const kiosk = await startKioskProcess(terminal.configFile);
  try {
    await kiosk.waitForLine(
      /ERROR.*shift lonely-shift has 1 person\(s\) on duty; at least 2 are required/,
    );

    module.emulator.touch(99);
    await kiosk.waitForLine(/WARN.*template 99 matched but belongs to nobody/);

    // Still serving, and a known person still checks in afterwards.
    module.emulator.touch(PEOPLE.ana.templateIds[0]);
    await waitFor('Ana checked in after the bad template', async () => {
      const view = (await (await fetch(`${kiosk.url}/api/view`)).json()) as any;
      return view.duty.shift.people.find((person: any) => person.personId === PEOPLE.ana.id)
        ?.checkedInAt;
    });
  } finally {
    await kiosk.kill('SIGTERM');
    await module.close();
    await pair.stop();
  }
});

badConfig.run();
badData.run();
