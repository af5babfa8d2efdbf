/**
 * Bad local data (roster and duty schedule): wrong shapes, huge, missing fields, times in
 * odd formats, duplicate ids, template ids out of range, bad bytes. A refused file leaves
 * the terminal running with no shifts and an error line naming the file and the fault;
 * a bad shift or person inside a good file is left out with a line naming it.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMemoryLogger } from '../../drivers/core/logger.js';
import { loadLocalData } from '../../kiosk/local-data-source.js';
import { tempDir } from './support.js';

const NOW = new Date('2026-12-04T10:00:00Z');

function goodData(): Record<string, any> {
  return {
    roster: {
      version: 'r-1',
      people: [
        { id: 'p-1', displayName: 'Lin Bo', templateIds: [1] },
        { id: 'p-2', displayName: 'Wu Jie', templateIds: [2] },
      ],
    },
    schedule: {
      version: 's-1',
      shifts: [
        {
          id: 'day',
          label: 'Day',
          start: '2026-12-04T08:00:00Z',
          end: '2026-12-04T20:00:00Z',
          checkIn: { opens: '2026-12-04T07:50:00Z', closes: '2026-12-04T10:10:00+00:00' },
          personIds: ['p-1', 'p-2'],
        },
      ],
    },
  };
}

async function load(content: string | Buffer | null, setup?: (path: string) => void) {
  const path = join(tempDir('kiosk-local-'), 'local-data.json');
  if (content !== null) writeFileSync(path, content);
  setup?.(path);
  const logger = createMemoryLogger('data');
  const data = await loadLocalData(path, tempDir('kiosk-data-'), NOW, logger);
  return { data, log: logger.lines.join('\n') };
}

async function loadEdited(edit: (data: Record<string, any>) => void) {
  const data = goodData();
  edit(data);
  return load(JSON.stringify(data, null, 2));
}

const whole = suite('a local data file refused whole');

const REFUSED: [string, string | Buffer | null, RegExp, ((path: string) => void)?][] = [
  ['a folder', null, /is a folder, not a file/, (path) => mkdirSync(path)],
  ['missing', null, /file does not exist/],
  ['not JSON', '{"roster": ', /not valid JSON/],
  ['a list', '[]', /\(top level\) must be object/],
  ['without a schedule', JSON.stringify({ roster: goodData().roster }),
    /must have required property 'schedule'/],
  ['people as an object', JSON.stringify({ ...goodData(), roster: { version: 'r', people: {} } }),
    /\/roster\/people must be array/],
  ['a key twice', '{"roster": {"version": "a", "version": "b", "people": []}, "schedule": {}}',
    /roster\.version: is given twice/],
  ['bytes that are not UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    /is not UTF-8 text/],
  ['huge', `{"pad": "${'x'.repeat(17 << 20)}"}`, /bytes; at most 16777216 are accepted/],
];

for (const [what, content, expected, setup] of REFUSED) {
  whole(`a file that is ${what} is refused with a named reason; no shifts are used`, async () => {
    const { data, log } = await load(content, setup);
    assert.match(log, /ERROR.*roster and schedule from .*local-data\.json refused/);
    assert.match(log, expected);
    assert.is(data.schedule.shifts.length, 0);
  });
}

whole('a person without a display name refuses the file and names the person', async () => {
  const { log } = await loadEdited((data) => delete data.roster.people[1].displayName);
  assert.match(log, /\/roster\/people\/1 must have required property 'displayName'/);
});

whole('a template id beyond 16 bits refuses the file and names it', async () => {
  const { log } = await loadEdited((data) => (data.roster.people[0].templateIds = [70000]));
  assert.match(log, /\/roster\/people\/0\/templateIds\/0 must be <= 65535/);
});

whole('a negative template id refuses the file and names it', async () => {
  const { log } = await loadEdited((data) => (data.roster.people[0].templateIds = [-1]));
  assert.match(log, /\/roster\/people\/0\/templateIds\/0 must be >= 0/);
});

const parts = suite('a bad shift or person inside a good file');

const ODD_TIMES = [
  '1',
  '12/04/2026 10:00',
  '2026-12-04 10:00',
  '2026-12-04',
  'Fri Dec 04 2026',
  '',
  '2026-02-30T10:00:00Z',
  '2026-12-04T25:00:00Z',
];

for (const odd of ODD_TIMES) {
  parts(`a start time of ${JSON.stringify(odd)} leaves the shift out and says why`, async () => {
    const { data, log } = await loadEdited((file) => (file.schedule.shifts[0].start = odd));
    assert.is(data.schedule.shifts.length, 0);
    assert.match(log, /shift day has start .* not an ISO 8601 time with a zone/);
  });
}

parts('a closing time with a zone offset is accepted', async () => {
  const { data, log } = await loadEdited(() => undefined);
  assert.is(data.schedule.shifts.length, 1, log);
});

parts('a shift id given twice keeps the first and names the second', async () => {
  const { data, log } = await loadEdited((file) => {
    file.schedule.shifts.push({ ...file.schedule.shifts[0], label: 'Copy' });
  });
  assert.equal(data.schedule.shifts.map((shift) => shift.label), ['Day']);
  assert.match(log, /shift day appears twice; the second entry is ignored/);
});

parts('a person id given twice keeps the first and names the second', async () => {
  const { data, log } = await loadEdited((file) => {
    file.roster.people.push({ id: 'p-1', displayName: 'Other', templateIds: [9] });
  });
  assert.is(data.roster.people.length, 2);
  assert.match(log, /person p-1 appears twice/);
});

parts('one template given to two people is taken from the second', async () => {
  const { data, log } = await loadEdited((file) => (file.roster.people[1].templateIds = [1, 2]));
  assert.equal(data.roster.people[1]?.templateIds, [2]);
  assert.match(log, /template 1 is given to both p-1 and p-2/);
});

parts('a shift naming someone not in the roster is left out', async () => {
  const { data, log } = await loadEdited((file) => file.schedule.shifts[0].personIds.push('p-9'));
  assert.is(data.schedule.shifts.length, 0);
  assert.match(log, /shift day names p-9, not in the roster/);
});

parts('a shift that ends before it starts is left out', async () => {
  const early = '2026-12-04T07:00:00Z';
  const { data, log } = await loadEdited((file) => (file.schedule.shifts[0].end = early));
  assert.is(data.schedule.shifts.length, 0);
  assert.match(log, /shift day ends before it starts/);
});

whole.run();
parts.run();
