/**
 * Loads, completes and checks the configuration file. Every problem is collected and
 * reported at once as a ConfigError; nothing starts on a configuration that fails here.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { FIELD_DEFAULTS, FINGERPRINT_DEFAULTS, SIMULATED_CELL_TERMINAL } from './defaults.js';
import { ConfigError } from './errors.js';
import { formatSchemaErrors } from './format-errors.js';
import { JsonFileError, readJsonFile } from './json-text.js';
import { checkPaths, checkValues } from './path-checks.js';
import { configSchema } from './schema.js';
import type { KioskConfig } from './types.js';

const validate = new Ajv({
  allErrors: true,
  strict: true,
  strictRequired: false,
  allowUnionTypes: true,
}).compile(configSchema);

export interface LoadedConfig {
  config: KioskConfig;
  /** The file it came from, or null for the built-in simulated terminal. */
  file: string | null;
}

export function loadConfig(file: string | null, cwd = process.cwd()): LoadedConfig {
  if (file === null) {
    const config = structuredClone(SIMULATED_CELL_TERMINAL);
    config.dataDir = resolve(cwd, config.dataDir);
    return { config, file: null };
  }

  const path = resolve(cwd, file);
  const raw = parseJsonFile(path);
  const completed = withDefaults(raw);

  if (!validate(completed)) {
    throw new ConfigError(path, formatSchemaErrors(validate.errors ?? [], completed));
  }
  const config = completed as unknown as KioskConfig;
  resolvePaths(config, dirname(path));

  const problems = [...checkValues(config), ...checkPaths(config)];
  if (problems.length > 0) throw new ConfigError(path, problems);
  return { config, file: path };
}

/** Hand-written configuration: small, shallow, UTF-8, every key once. */
const CONFIG_FILE_LIMITS = { maxBytes: 1 << 20, maxDepth: 16 } as const;

function parseJsonFile(path: string): unknown {
  try {
    return readJsonFile(path, CONFIG_FILE_LIMITS);
  } catch (error) {
    if (!(error instanceof JsonFileError)) throw error;
    throw new ConfigError(path, [`${error.field ?? '(file)'}: ${error.problem}`], { cause: error });
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Fills defaults in a copy; leaves anything of the wrong type for the schema to report. */
function withDefaults(raw: unknown): unknown {
  if (!isObject(raw)) return raw;
  const config: Record<string, unknown> = { ...raw };

  config.dataDir ??= FIELD_DEFAULTS.dataDir;
  config.localData ??= FIELD_DEFAULTS.localData;
  config.http = isObject(config.http)
    ? { ...FIELD_DEFAULTS.http, ...config.http }
    : (config.http ?? { ...FIELD_DEFAULTS.http });
  if (isObject(config.upstream))
    config.upstream = { ...FIELD_DEFAULTS.upstream, ...config.upstream };

  const hardware = config.hardware;
  if (
    isObject(hardware) &&
    isObject(hardware.fingerprint) &&
    hardware.fingerprint.backend === 'real'
  ) {
    config.hardware = {
      ...hardware,
      fingerprint: { ...FINGERPRINT_DEFAULTS, ...hardware.fingerprint },
    };
  }
  return config;
}

function resolvePaths(config: KioskConfig, base: string): void {
  const at = (path: string) => (isAbsolute(path) ? path : resolve(base, path));

  config.dataDir = at(config.dataDir);
  if (config.localData !== 'demo') config.localData = at(config.localData);

  const broker = config.upstream.broker;
  if (broker?.caFile) broker.caFile = at(broker.caFile);
  if (broker?.certFile) broker.certFile = at(broker.certFile);
  if (broker?.keyFile) broker.keyFile = at(broker.keyFile);
  if (broker?.passwordFile) broker.passwordFile = at(broker.passwordFile);
}
