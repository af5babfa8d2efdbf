import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { SCHEMA_FILES } from './schema-files.js';
import { checkMessage, eventTypes, isSchemaName, type SchemaName } from './protocol-schemas.js';
import { BAD, GOOD } from './testing/examples.js';

const names = Object.keys(SCHEMA_FILES) as SchemaName[];

test('every schema accepts its good example', () => {
  for (const name of names) {
    assert.equal(checkMessage(name, GOOD[name]), [], `good example of ${name}`);
  }
});

test('every schema refuses a bad example and names the field', () => {
  for (const name of names) {
    assert.ok(BAD.some((bad) => bad.schema === name), `a bad example for ${name}`);
  }
  for (const bad of BAD) {
    const problems = checkMessage(bad.schema, bad.value);
    assert.ok(problems.length > 0, `${bad.schema} refuses ${JSON.stringify(bad.value)}`);
    assert.match(problems.join('; '), bad.problem, `${bad.schema}: ${problems.join('; ')}`);
  }
});

test('roster and schedule schemas keep the duty feature contract', () => {
  const roster = SCHEMA_FILES['data-roster'].properties.people.items;
  assert.equal(roster.required, ['id', 'displayName', 'templateIds']);
  const shift = SCHEMA_FILES['data-schedule'].properties.shifts.items;
  assert.equal(shift.required, ['id', 'label', 'start', 'end', 'checkIn', 'personIds']);
  assert.ok(eventTypes().includes('duty.check-in'));
});

test('every example in docs/protocol.md names its schema and validates', () => {
  const doc = readFileSync(new URL('../../docs/protocol.md', import.meta.url), 'utf8');
  const blocks = [...doc.matchAll(/(<!-- schema: ([\w.-]+) -->\n)?```json\n([\s\S]*?)```/g)];
  assert.ok(blocks.length >= 20, `found ${blocks.length} JSON examples`);

  const covered = new Set<string>();
  for (const [, , name, body] of blocks) {
    assert.ok(name, `example without a schema marker:\n${body}`);
    assert.ok(isSchemaName(name!), `unknown schema ${name}`);
    const value: unknown = JSON.parse(body!);
    assert.equal(checkMessage(name as SchemaName, value), [], `docs example of ${name}`);
    covered.add(name!);
  }
  for (const name of names) assert.ok(covered.has(name), `docs show an example of ${name}`);
});

test.run();
