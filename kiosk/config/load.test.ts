import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './errors.js';
import { loadConfig } from './load.js';

const dir = mkdtempSync(join(tmpdir(), 'kiosk-config-'));

const good = {
  terminal: { id: 'cell-b-204', site: 'north-wing', role: 'cell' },
  hardware: { fingerprint: { backend: 'simulated' } },
  upstream: { broker: { url: 'mqtt://127.0.0.1:1883' } },
};

function write(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function problemsOf(file: string): string[] {
  try {
    loadConfig(file);
  } catch (error) {
    assert.instance(error, ConfigError);
    return (error as ConfigError).problems;
  }
  assert.unreachable('the configuration was accepted');
  return [];
}

test('a minimal file is completed with defaults and paths made absolute', () => {
  const { config } = loadConfig(write('good.json', good));
  assert.equal(config.http.port, 8080);
  assert.equal(config.upstream.keepaliveSeconds, 30);
  assert.equal(config.dataDir, join(dir, 'data'));
  assert.equal(config.localData, 'demo');
});

test('no file gives the simulated cell terminal', () => {
  const { config, file } = loadConfig(null);
  assert.equal(file, null);
  assert.equal(config.hardware.fingerprint.backend, 'simulated');
  assert.equal(config.terminal.role, 'cell');
});

test('a missing field is named', () => {
  const { terminal, ...rest } = good;
  const { id, ...terminalWithoutId } = terminal;
  void id;
  assert.equal(problemsOf(write('no-id.json', { ...rest, terminal: terminalWithoutId })), [
    'terminal.id: is missing',
  ]);
});

test('a wrong type is named with the value found', () => {
  const problems = problemsOf(write('bad-port.json', { ...good, http: { port: '80' } }));
  assert.equal(problems, ['http.port: must be integer (got "80")']);
});

test('a misspelt key is reported instead of ignored', () => {
  const problems = problemsOf(write('typo.json', { ...good, dataDirectory: '/tmp/x' }));
  assert.equal(problems, ['dataDirectory: is not a known field']);
});

test('a wrong enum value lists the allowed ones', () => {
  const problems = problemsOf(
    write('role.json', { ...good, terminal: { ...good.terminal, role: 'hall' } }),
  );
  assert.equal(problems, ['terminal.role: must be one of "cell", "lobby" (got "hall")']);
});

test('a real fingerprint module needs a port', () => {
  const problems = problemsOf(
    write('no-port.json', { ...good, hardware: { fingerprint: { backend: 'real' } } }),
  );
  assert.equal(problems, ['hardware.fingerprint.port: is missing']);
});

test('a device path that does not exist is named', () => {
  const config = { ...good, hardware: { fingerprint: { backend: 'real', port: '/dev/ttyNOPE9' } } };
  assert.equal(problemsOf(write('no-device.json', config)), [
    'hardware.fingerprint.port: /dev/ttyNOPE9 does not exist',
  ]);
});

test('all problems are reported at once', () => {
  const problems = problemsOf(
    write('many.json', { terminal: { id: 'X Y', site: 's', role: 'cell' }, http: { port: -1 } }),
  );
  assert.ok(problems.length >= 4, problems.join('\n'));
  assert.ok(problems.includes('hardware: is missing'));
  assert.ok(problems.includes('upstream: is missing'));
  assert.ok(problems.some((line) => line.startsWith('terminal.id: "X Y" has the wrong form')));
  assert.ok(problems.some((line) => line.startsWith('http.port: must be >= 0')));
});

test('a file that is not JSON names the file and the parse error', () => {
  const file = write('broken.json', '{ "terminal": ');
  const problems = problemsOf(file);
  assert.match(problems[0]!, /^\(file\): not valid JSON/);
});

test('a file that does not exist is named', () => {
  try {
    loadConfig(join(dir, 'absent.json'));
    assert.unreachable();
  } catch (error) {
    assert.match((error as Error).message, /absent\.json/);
    assert.match((error as Error).message, /does not exist/);
  }
});

test('a password file is made absolute and must exist', () => {
  const broker = { url: 'mqtt://127.0.0.1:1883', passwordFile: './secret/broker-password' };
  const problems = problemsOf(write('pw.json', { ...good, upstream: { broker } }));
  assert.equal(problems, [
    `upstream.broker.passwordFile: ${join(dir, 'secret/broker-password')} does not exist`,
  ]);
});

test.run();
