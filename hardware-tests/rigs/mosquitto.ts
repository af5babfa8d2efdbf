/**
 * A real mosquitto broker for tests: its own config in a temp folder, a free port on
 * 127.0.0.1, no persistence. Readiness is a TCP connect loop. `restart()` brings it back
 * on the same port (retained messages are gone, as after a real broker restart without
 * persistence). With `tls`, a CA, a server certificate for localhost/127.0.0.1 and a
 * client certificate are made with openssl and the listener speaks TLS.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BrokerTlsFiles {
  caFile: string;
  certFile: string;
  keyFile: string;
}

export interface StartBrokerOptions {
  /** Serve TLS; with `requireClientCert` the broker also demands a client certificate. */
  tls?: { requireClientCert?: boolean };
  /** Lines added to the listener's section (e.g. `max_packet_size 2048`). */
  extraConfig?: string[];
}

export interface RunningBroker {
  url: string;
  port: number;
  readonly pid: number;
  /** Client certificate files signed by the broker's CA (only with `tls`). */
  clientTls: BrokerTlsFiles | null;
  /** What the broker printed so far; helps when a test fails. */
  log(): string;
  /** Stops the broker and removes its folder. */
  stop(): Promise<void>;
  /** Stops the broker but keeps its config, for a later `restart()`. */
  halt(): Promise<void>;
  /** (Re)starts the broker on the same port; also after `halt()`. */
  restart(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function openssl(dir: string, args: string[]): void {
  const result = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`openssl ${args[0]} failed: ${result.stderr}`);
}

function makeCertificates(dir: string): { server: BrokerTlsFiles; client: BrokerTlsFiles } {
  const subject = (cn: string) => ['-subj', `/CN=${cn}`];
  openssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-keyout',
    'ca.key', '-out', 'ca.crt', ...subject('Test Facility CA')]);
  for (const name of ['server', 'client']) {
    openssl(dir, ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out',
      `${name}.csr`, ...subject(name === 'server' ? 'localhost' : 'kiosk-test-client')]);
  }
  openssl(dir, ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key',
    '-CAcreateserial', '-days', '2', '-out', 'server.crt', '-extfile', 'server.ext']);
  openssl(dir, ['x509', '-req', '-in', 'client.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key',
    '-CAcreateserial', '-days', '2', '-out', 'client.crt']);
  const file = (name: string) => join(dir, name);
  return {
    server: { caFile: file('ca.crt'), certFile: file('server.crt'), keyFile: file('server.key') },
    client: { caFile: file('ca.crt'), certFile: file('client.crt'), keyFile: file('client.key') },
  };
}

async function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export async function startBroker(options: StartBrokerOptions = {}): Promise<RunningBroker> {
  const dir = await mkdtemp(join(tmpdir(), 'mosquitto-rig-'));
  const port = await freePort();
  let certs: ReturnType<typeof makeCertificates> | null = null;
  if (options.tls) {
    await writeFile(join(dir, 'server.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
    certs = makeCertificates(dir);
  }

  const lines = [
    // Started as root, mosquitto would drop to user mosquitto and lose access to its files.
    'user root',
    'persistence false',
    // stderr is unbuffered: the log can be read while the broker runs (connect counts).
    'log_dest stderr',
    // One type per line: mosquitto reads only the first word of a log_type line.
    'log_type error',
    'log_type warning',
    'log_type notice',
    'log_type information',
    `listener ${port} 127.0.0.1`,
    'allow_anonymous true',
  ];
  if (certs) {
    lines.push(`cafile ${certs.server.caFile}`, `certfile ${certs.server.certFile}`);
    lines.push(`keyfile ${certs.server.keyFile}`);
    if (options.tls?.requireClientCert) lines.push('require_certificate true');
  }
  lines.push(...(options.extraConfig ?? []));
  const configFile = join(dir, 'mosquitto.conf');
  await writeFile(configFile, lines.join('\n') + '\n');

  let output = '';
  let child: ChildProcess;

  const launch = async (): Promise<void> => {
    child = spawn('mosquitto', ['-c', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 10_000;
    while (!(await canConnect(port))) {
      if (child.exitCode !== null) throw new Error(`mosquitto exited at start:\n${output}`);
      if (Date.now() > deadline) throw new Error(`mosquitto not listening on ${port}:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  const kill = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    if (!(await waitExit(child, 5000))) {
      child.kill('SIGKILL');
      await waitExit(child, 5000);
    }
  };

  await launch();
  return {
    url: `${certs ? 'mqtts' : 'mqtt'}://127.0.0.1:${port}`,
    port,
    get pid() {
      return child.pid ?? -1;
    },
    clientTls: certs?.client ?? null,
    log: () => output,
    stop: async () => {
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
    halt: kill,
    restart: async () => {
      await kill();
      await launch();
    },
  };
}
