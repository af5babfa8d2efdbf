/**
 * A driver refused its options: turned into a ConfigError naming the config section, so
 * a technician sees "hardware.gpio: pins.door.line: …" like any other config problem.
 */
import { ConfigError } from '../config/errors.js';

export function asConfigError(section: string, configFile: string, error: unknown): ConfigError {
  const problems = (error as { problems?: unknown }).problems;
  const lines = Array.isArray(problems) && problems.length > 0
    ? problems.map((problem) => `hardware.${section}: ${String(problem)}`)
    : [`hardware.${section}: ${error instanceof Error ? error.message : String(error)}`];
  return new ConfigError(configFile, lines, { cause: error });
}
