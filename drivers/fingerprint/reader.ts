/**
 * The fingerprint driver: opens the module through its transport, checks the password,
 * reads the system parameters and runs the identification loop while ready. Every error
 * path ends in the DeviceSupervisor, which reopens with back-off.
 */
import type { DeviceHealth } from '../core/device.js';
import { DeviceTimeoutError, DriverError, errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { DeviceSupervisor } from '../core/supervisor.js';
import { TypedEmitter } from '../core/typed-emitter.js';
import { ModuleCommands, type SystemParameters } from './commands.js';
import { DEFAULT_ADDRESS, DEFAULT_PASSWORD } from './constants.js';
import { enrolFinger, exportTemplate, importTemplate } from './enrolment.js';
import type {
  EnrolOptions,
  FingerprintEvents,
  FingerprintReader,
  FingerprintTransport,
  TransportConnection,
} from './fingerprint.js';
import { FingerprintLink } from './protocol.js';
import { ScanLoop } from './scan-loop.js';

export interface FingerprintReaderOptions {
  /** Name from the hardware profile, used in logs and health. */
  name: string;
  /** How to reach the module: `serialTransport(path)` or `memoryTransport(emulator)`. */
  transport: FingerprintTransport;
  logger: Logger;
  /** Time between two GenImg polls while waiting for a finger (default 150 ms). */
  pollIntervalMs?: number;
  /** Time allowed for the module's answer to one command (default 1000 ms). */
  commandTimeoutMs?: number;
  /** Module password checked with VfyPwd on open (default 0). */
  password?: number;
  /** Module address (default 0xFFFFFFFF). */
  address?: number;
}

interface Session {
  connection: TransportConnection;
  link: FingerprintLink;
  commands: ModuleCommands;
  /** Both set once the module answered; a half-open session has neither. */
  parameters?: SystemParameters;
  loop?: ScanLoop;
}

type ReadySession = Required<Session>;

const CAPABILITIES = [
  'identify',
  'enrol',
  'delete',
  'empty',
  'count',
  'system-parameters',
  'template-transfer',
];

export function createFingerprintReader(options: FingerprintReaderOptions): FingerprintReader {
  checkOptions(options);
  return new Reader(options);
}

/** Refuses settings that cannot work, naming the option, before anything opens. */
function checkOptions(options: FingerprintReaderOptions): void {
  const where = `fingerprint reader ${JSON.stringify(options.name)}`;
  const positive = (key: 'pollIntervalMs' | 'commandTimeoutMs') => {
    const value = options[key];
    if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
      throw new TypeError(`${where}: ${key} must be a positive number of ms, got ${value}`);
    }
  };
  const u32 = (key: 'password' | 'address') => {
    const value = options[key];
    if (value !== undefined && !(Number.isInteger(value) && value >= 0 && value <= 0xffffffff)) {
      throw new TypeError(`${where}: ${key} must be an integer 0 … 0xFFFFFFFF, got ${value}`);
    }
  };

  if (typeof options.name !== 'string' || options.name === '') {
    throw new TypeError('fingerprint reader: name must be a non-empty string');
  }
  positive('pollIntervalMs');
  positive('commandTimeoutMs');
  u32('password');
  u32('address');
}

class Reader implements FingerprintReader {
  readonly kind = 'fingerprint' as const;
  readonly name: string;
  readonly capabilities: readonly string[] = CAPABILITIES;
  readonly events: TypedEmitter<FingerprintEvents>;
  readonly #logger: Logger;
  readonly #supervisor: DeviceSupervisor;
  readonly #pollIntervalMs: number;
  readonly #timeoutMs: number;
  #session: Session | null = null;
  #lastSuccessAt: string | null = null;
  #lastError: DeviceHealth['lastError'] = null;

  constructor(private readonly options: FingerprintReaderOptions) {
    this.name = options.name;
    this.#logger = options.logger;
    this.#pollIntervalMs = options.pollIntervalMs ?? 150;
    this.#timeoutMs = options.commandTimeoutMs ?? 1000;
    this.events = new TypedEmitter((event, error) =>
      this.#logger.error(`a listener of '${event}' failed`, { reason: errorMessage(error) }),
    );
    this.#supervisor = new DeviceSupervisor(
      options.name,
      {
        open: () => this.#open(),
        close: () => this.#close(),
        onState: (state, error) => {
          if (error) this.#lastError = { ...error, at: new Date().toISOString() };
          this.events.emit('state', error ? { state, error } : { state });
        },
      },
      this.#logger,
    );
  }

  async start(): Promise<void> {
    const { transport } = this.options;
    this.#logger.info('fingerprint reader starting', {
      path: transport.path,
      backend: transport.backend,
      pollIntervalMs: this.#pollIntervalMs,
    });
    await this.#supervisor.start();
  }

  async stop(): Promise<void> {
    await this.#supervisor.stop();
  }

  health(): DeviceHealth {
    const parameters = this.#session?.parameters;
    return {
      state: this.#supervisor.state,
      backend: this.options.transport.backend,
      lastSuccessAt: this.#lastSuccessAt,
      lastError: this.#lastError,
      detail: {
        path: this.options.transport.path,
        capacity: parameters?.capacity ?? null,
        packetSize: parameters?.packetSize ?? null,
        securityLevel: parameters?.securityLevel ?? null,
        pollIntervalMs: this.#pollIntervalMs,
      },
    };
  }

  enrol(templateId: number, options: EnrolOptions = {}): Promise<void> {
    return this.#exclusive('enrol', (session) =>
      enrolFinger(session.commands, templateId, {
        captures: options.captures ?? 2,
        touchTimeoutMs: options.touchTimeoutMs ?? 15_000,
        pollIntervalMs: this.#pollIntervalMs,
        capacity: session.parameters.capacity,
        onPrompt: options.onPrompt,
      }),
    );
  }

  deleteTemplate(templateId: number): Promise<void> {
    return this.#shared('delete', (commands) => commands.deleteTemplates(templateId, 1));
  }

  emptyLibrary(): Promise<void> {
    return this.#shared('empty', (commands) => commands.emptyLibrary());
  }

  templateCount(): Promise<number> {
    return this.#shared('count', (commands) => commands.templateCount());
  }

  systemParameters(): Promise<SystemParameters> {
    return this.#shared('system parameters', (commands) => commands.readSystemParameters());
  }

  exportTemplate(templateId: number): Promise<Buffer> {
    return this.#exclusive('export', (session) =>
      exportTemplate(session.commands, templateId, this.#timeoutMs * 3),
    );
  }

  importTemplate(templateId: number, bytes: Buffer): Promise<void> {
    return this.#exclusive('import', (session) =>
      importTemplate(session.commands, templateId, bytes, session.parameters.packetSize),
    );
  }

  async #open(): Promise<void> {
    const { transport, address = DEFAULT_ADDRESS } = this.options;
    const connection = await transport.open();
    const link = new FingerprintLink(connection.stream, {
      device: transport.path,
      logger: this.#logger,
      address,
      timeoutMs: this.#timeoutMs,
    });
    const commands = new ModuleCommands(link);
    this.#session = { connection, link, commands };

    if (!(await this.#greet(commands))) {
      const message =
        `fingerprint module at ${transport.path} refused the password; ` +
        `set the module's password in the hardware profile`;
      throw new DriverError('wrong-password', message, this.name);
    }
    const parameters = await commands.readSystemParameters();
    const loop = new ScanLoop(commands, () => parameters.capacity, this.#pollIntervalMs, {
      onIdentified: (result) => this.#identified(result),
      onFault: (error) => this.#fault(error),
      onFatal: (error) => this.#supervisor.lost(error, codeOf(error)),
      onProgress: () => (this.#lastSuccessAt = new Date().toISOString()),
    });
    this.#session = { connection, link, commands, parameters, loop };
    link.onLost((error) => this.#supervisor.lost(error, 'lost'));
    connection.onLost?.((error) => this.#supervisor.lost(error, 'lost'));

    this.#lastSuccessAt = new Date().toISOString();
    this.#logger.info('fingerprint module answered', {
      path: transport.path,
      capacity: parameters.capacity,
      packetSize: parameters.packetSize,
    });
    loop.start();
  }

  /** The first command: a silent module gets an error that says what to check. */
  async #greet(commands: ModuleCommands): Promise<boolean> {
    const { password = DEFAULT_PASSWORD, transport } = this.options;
    try {
      return await commands.verifyPassword(password);
    } catch (error) {
      if (!(error instanceof DeviceTimeoutError)) throw error;
      const what = 'VfyPwd from the fingerprint module (check power, wiring TX↔RX and baud rate)';
      throw new DeviceTimeoutError(transport.path, what, this.#timeoutMs, { cause: error });
    }
  }

  async #close(): Promise<void> {
    const session = this.#session;
    this.#session = null;
    if (!session) return;
    // Halt the loop first so the link closing under it is not taken for a lost module.
    const loopStopped = session.loop?.stop();
    session.link.close();
    await loopStopped;
    await session.connection.close();
  }

  #identified(result: FingerprintEvents['identified']['result']): void {
    this.#logger.info('finger identified', { ...result });
    this.events.emit('identified', { result, at: new Date().toISOString() });
  }

  #fault(error: DriverError): void {
    const at = new Date().toISOString();
    this.#lastError = { code: error.code, message: error.message, at };
    this.#logger.warn('fingerprint module fault', { reason: error.message });
    this.events.emit('fault', { error, at });
  }

  #ready(what: string): ReadySession {
    const session = this.#session;
    if (!session?.loop || !session.parameters || this.#supervisor.state !== 'ready') {
      const message =
        `fingerprint module at ${this.options.transport.path} is not ready ` +
        `(${this.#supervisor.state}); cannot ${what}`;
      throw new DriverError('not-ready', message, this.name);
    }
    return { ...session, loop: session.loop, parameters: session.parameters };
  }

  async #shared<T>(what: string, work: (commands: ModuleCommands) => Promise<T>): Promise<T> {
    return work(this.#ready(what).commands);
  }

  async #exclusive<T>(what: string, work: (session: ReadySession) => Promise<T>): Promise<T> {
    const session = this.#ready(what);
    return session.loop.exclusive(() => work(session));
  }
}

function codeOf(error: unknown): string {
  return error instanceof DriverError ? error.code : 'lost';
}
