/**
 * Bad configuration files, one fault at a time: every field wrong in turn, and the file
 * itself unreadable, a folder, a symlink loop, huge, not UTF-8, with a key twice. Each is
 * refused with a line naming the field (or "(file)") and what was wrong; the command
 * exits 2 with that line and no stack trace.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../kiosk/config/errors.js';
import { loadConfig } from '../../kiosk/config/load.js';
import { spawnKiosk } from '../support/kiosk-process.js';
import { tempDir } from './support.js';

function validConfig(): Record<string, any> {
  return {
    terminal: { id: 'cell-7', site: 'north-wing', role: 'cell' },
    hardware: { fingerprint: { backend: 'simulated' } },
    upstream: { broker: { url: 'mqtt://127.0.0.1:1883' }, keepaliveSeconds: 30 },
    dataDir: './data',
    http: { port: 0 },
    localData: 'demo',
  };
}

/** Writes `content` as a config file and returns the problems loadConfig names. */
function problemsOf(content: string | Buffer, name = 'kiosk.json'): string[] {
  const dir = tempDir('kiosk-config-');
  const file = join(dir, name);
  writeFileSync(file, content);
  return problemsAt(file);
}

function problemsAt(file: string): string[] {
  try {
    loadConfig(file);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw new Error(`loadConfig threw ${String(error)} instead of a ConfigError`);
  }
  throw new Error(`loadConfig accepted ${file}`);
}

const fields = suite('every field wrong in turn');

fields('the valid base configuration loads', () => {
  const dir = tempDir('kiosk-config-');
  writeFileSync(join(dir, 'kiosk.json'), JSON.stringify(validConfig()));
  assert.is(loadConfig(join(dir, 'kiosk.json')).config.terminal.id, 'cell-7');
});

const WRONG_FIELDS: [string, (config: Record<string, any>) => void, RegExp][] = [
  [
    'terminal.id with a topic wildcard',
    (c) => (c.terminal.id = 'cell/#'),
    /^terminal\.id: "cell\/#" has the wrong form/,
  ],
  [
    'terminal.id empty',
    (c) => (c.terminal.id = ''),
    /^terminal\.id: "" has the wrong form/,
  ],
  [
    'terminal.site a number',
    (c) => (c.terminal.site = 7),
    /^terminal\.site: must be string \(got 7\)/,
  ],
  [
    'terminal.role unknown',
    (c) => (c.terminal.role = 'kitchen'),
    /^terminal\.role: must be one of "cell", "lobby" \(got "kitchen"\)/,
  ],
  [
    'terminal a list',
    (c) => (c.terminal = []),
    /^terminal: must be object \(got \[\]\)/,
  ],
  [
    'hardware missing',
    (c) => delete c.hardware,
    /^hardware: is missing/,
  ],
  [
    'hardware.fingerprint.backend unknown',
    (c) => (c.hardware.fingerprint.backend = 'usb'),
    /^hardware\.fingerprint\.backend: must be one of/,
  ],
  [
    'a real module without a port',
    (c) => (c.hardware.fingerprint = { backend: 'real' }),
    /^hardware\.fingerprint\.port: is missing/,
  ],
  [
    'a real module on a regular file',
    (c) => (c.hardware.fingerprint = { backend: 'real', port: '/etc/hostname' }),
    /^hardware\.fingerprint\.port: \/etc\/hostname is a regular file, not a serial device/,
  ],
  [
    'a baud rate no module speaks',
    (c) => (c.hardware.fingerprint = { backend: 'real', port: '/dev/null', baudRate: 12345 }),
    /^hardware\.fingerprint\.baudRate: must be one of 9600/,
  ],
  [
    'a module password over 32 bits',
    (c) => (c.hardware.fingerprint = { backend: 'real', port: '/dev/null', password: 2 ** 33 }),
    /^hardware\.fingerprint\.password: must be <= 4294967295/,
  ],
  [
    'hardware.gpio a string',
    (c) => (c.hardware.gpio = 'on'),
    /^hardware\.gpio: must be object or null \(got "on"\)/,
  ],
  [
    'a misspelt hardware key',
    (c) => (c.hardware.fingerprnt = {}),
    /^hardware\.fingerprnt: is not a known field/,
  ],
  [
    'upstream.broker.url of another scheme',
    (c) => (c.upstream.broker.url = 'http://x'),
    /^upstream\.broker\.url: "http:\/\/x" has the wrong form/,
  ],
  [
    'upstream.broker.url without a host',
    (c) => (c.upstream.broker.url = 'mqtt://'),
    /^upstream\.broker\.url: "mqtt:\/\/" names no broker host/,
  ],
  [
    'upstream.broker.url unparsable',
    (c) => (c.upstream.broker.url = 'mqtt://[::1'),
    /^upstream\.broker\.url: "mqtt:\/\/\[::1" is not a valid URL/,
  ],
  [
    'upstream.broker.url with a password in it',
    (c) => (c.upstream.broker.url = 'mqtt://kiosk:s3cret@broker.example'),
    /^upstream\.broker\.url: holds a user name or password; put them in upstream\.broker\.username/,
  ],
  [
    'upstream.broker.caFile missing',
    (c) => (c.upstream.broker.caFile = './nope.pem'),
    /^upstream\.broker\.caFile: .*nope\.pem does not exist/,
  ],
  [
    'upstream.broker.certFile a folder',
    (c) => (c.upstream.broker.certFile = '/tmp'),
    /^upstream\.broker\.certFile: \/tmp is a folder, not a file/,
  ],
  [
    'upstream.keepaliveSeconds zero',
    (c) => (c.upstream.keepaliveSeconds = 0),
    /^upstream\.keepaliveSeconds: must be >= 1 \(got 0\)/,
  ],
  [
    'upstream.keepaliveSeconds text',
    (c) => (c.upstream.keepaliveSeconds = '30'),
    /^upstream\.keepaliveSeconds: must be integer \(got "30"\)/,
  ],
  [
    'dataDir a regular file',
    (c) => (c.dataDir = '/etc/hostname'),
    /^dataDir: \/etc\/hostname is a regular file, not a folder/,
  ],
  [
    'dataDir empty',
    (c) => (c.dataDir = ''),
    /^dataDir: must NOT have fewer than 1 characters/,
  ],
  [
    'http.port out of range',
    (c) => (c.http.port = 70000),
    /^http\.port: must be <= 65535 \(got 70000\)/,
  ],
  [
    'http.port fractional',
    (c) => (c.http.port = 80.5),
    /^http\.port: must be integer \(got 80\.5\)/,
  ],
  [
    'http with an unknown key',
    (c) => (c.http.host = '0.0.0.0'),
    /^http\.host: is not a known field/,
  ],
  [
    'localData a folder',
    (c) => (c.localData = '/tmp'),
    /^localData: \/tmp is a folder, not a file/,
  ],
  [
    'localData missing file',
    (c) => (c.localData = './roster.json'),
    /^localData: .*roster\.json does not exist/,
  ],
  [
    'an unknown top-level key',
    (c) => (c.debug = true),
    /^debug: is not a known field/,
  ],
];

for (const [what, edit, expected] of WRONG_FIELDS) {
  fields(`${what} is refused and named`, () => {
    const config = validConfig();
    edit(config);
    const problems = problemsOf(JSON.stringify(config, null, 2));
    assert.ok(problems.some((line) => expected.test(line)), `got: ${problems.join(' | ')}`);
  });
}

const files = suite('the configuration file itself');

files('a folder in place of the file', () => {
  const dir = tempDir('kiosk-config-');
  mkdirSync(join(dir, 'kiosk.json'));
  assert.equal(problemsAt(join(dir, 'kiosk.json')), ['(file): is a folder, not a file']);
});

files('a symbolic link loop', () => {
  const dir = tempDir('kiosk-config-');
  symlinkSync(join(dir, 'b.json'), join(dir, 'a.json'));
  symlinkSync(join(dir, 'a.json'), join(dir, 'b.json'));
  assert.equal(problemsAt(join(dir, 'a.json')), [
    '(file): is a symbolic link that loops back on itself',
  ]);
});

files('a file that does not exist', () => {
  const file = join(tempDir('kiosk-config-'), 'none.json');
  assert.equal(problemsAt(file), ['(file): file does not exist']);
});

files('a huge file is refused before it is read', () => {
  const problems = problemsOf(`{"pad": "${'x'.repeat(3 << 20)}"}`);
  assert.match(problems[0] ?? '', /^\(file\): is \d+ bytes; at most 1048576 are accepted/);
});

files('bytes that are not UTF-8 are refused, not turned into U+FFFD', () => {
  // Two Latin-1 bytes (ä ü) dropped in on line 3, as an old editor would save them.
  const text = JSON.stringify(validConfig(), null, 2);
  const [head, tail] = [text.slice(0, 20), text.slice(20)];
  const bytes = Buffer.concat([Buffer.from(head), Buffer.from([0xe4, 0xfc]), Buffer.from(tail)]);
  assert.equal(problemsOf(bytes), [
    '(file): is not UTF-8 text (first bad byte on line 3); save it as UTF-8',
  ]);
});

files('a key given twice is refused with its path, not silently the last one', () => {
  const text = '{"terminal": {"id": "cell-7", "site": "s", "role": "cell",\n "id": "cell-8"}}';
  assert.equal(problemsOf(text), ['terminal.id: is given twice (second on line 2); keep one']);
});

files('a key twice inside a list item is named by its index', () => {
  const config = validConfig();
  const text = JSON.stringify(config).replace('"http":{"port":0}', '"http":{"port":0,"port":1}');
  assert.equal(problemsOf(text), ['http.port: is given twice (second on line 1); keep one']);
});

files('nesting past the limit is refused without a stack overflow', () => {
  const problems = problemsOf(`{"terminal": ${'['.repeat(50_000)}${']'.repeat(50_000)}}`);
  assert.match(problems[0] ?? '', /^terminal\[0\]\[0\].*: nested deeper than 16 levels/);
});

files('a byte order mark from an editor is accepted', () => {
  const dir = tempDir('kiosk-config-');
  writeFileSync(join(dir, 'kiosk.json'), '\ufeff' + JSON.stringify(validConfig()));
  assert.is(loadConfig(join(dir, 'kiosk.json')).config.terminal.id, 'cell-7');
});

files('a file the service user may not read is named as such', () => {
  const dir = tempDir('kiosk-config-');
  chmodSync(dir, 0o755);
  const file = join(dir, 'kiosk.json');
  writeFileSync(file, JSON.stringify(validConfig()), { mode: 0o600 });
  // The check runs as user nobody, as a service user that does not own the file would.
  const asNobody = ['--reuid=65534', '--regid=65534', '--clear-groups'];
  const command = [process.execPath, 'bin/kiosk.js', 'check-config', file];
  const result = spawnSync('setpriv', [...asNobody, ...command], {
    cwd: new URL('../..', import.meta.url),
    encoding: 'utf8',
    env: { ...process.env, HOME: '/tmp' },
  });
  assert.is(result.status, 2, result.stderr);
  assert.match(result.stderr, /\(file\): cannot be read: permission denied/);
});

files('the command exits 2 with the named problem and no stack trace', async () => {
  const dir = tempDir('kiosk-config-');
  const file = join(dir, 'kiosk.json');
  writeFileSync(file, '{"terminal": {"id": "a", "id": "b"}}');
  const { lines, exited } = spawnKiosk(['run', '--config', file], { KIOSK_SKIP_UI_BUILD: '1' });
  assert.is(await exited, 2);
  const output = lines.join('\n');
  assert.match(output, /terminal\.id: is given twice/);
  assert.not.match(output, /\n\s+at /);
});

fields.run();
files.run();
