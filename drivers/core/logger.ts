/**
 * Logging shared by the runtime and the drivers.
 *
 * One line per record on stderr: time, level, component, message, and key=value
 * details. Routine traffic is debug; a problem an operator can fix is error with the
 * fix in the message. Set KIOSK_LOG_LEVEL (debug, info, warn, error) to change the floor.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, details?: Record<string, unknown>): void;
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
  child(component: string): Logger;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LogSink {
  write(line: string): void;
}

function formatValue(value: unknown): string {
  if (value instanceof Error) return JSON.stringify(value.message);
  if (typeof value === 'string') return /^[\w.:/@+-]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}

function formatDetails(details?: Record<string, unknown>): string {
  if (!details) return '';
  const parts = Object.entries(details)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${formatValue(value)}`);
  return parts.length > 0 ? ' ' + parts.join(' ') : '';
}

export function parseLogLevel(text: string | undefined, fallback: LogLevel): LogLevel {
  return text !== undefined && text in RANK ? (text as LogLevel) : fallback;
}

export function createLogger(
  component: string,
  options: { level?: LogLevel; sink?: LogSink } = {},
): Logger {
  const level = options.level ?? parseLogLevel(process.env.KIOSK_LOG_LEVEL, 'info');
  const sink = options.sink ?? { write: (line: string) => process.stderr.write(line + '\n') };

  const log = (at: LogLevel, message: string, details?: Record<string, unknown>): void => {
    if (RANK[at] < RANK[level]) return;
    const time = new Date().toISOString();
    sink.write(`${time} ${at.toUpperCase().padEnd(5)} [${component}] ${message}${formatDetails(details)}`);
  };

  return {
    debug: (message, details) => log('debug', message, details),
    info: (message, details) => log('info', message, details),
    warn: (message, details) => log('warn', message, details),
    error: (message, details) => log('error', message, details),
    child: (name) => createLogger(`${component}:${name}`, { level, sink }),
  };
}

/** A logger that keeps its lines, for tests that check what an operator would read. */
export function createMemoryLogger(component = 'test'): Logger & { lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger(component, { level: 'debug', sink: { write: (line) => lines.push(line) } });
  return Object.assign(logger, { lines });
}
