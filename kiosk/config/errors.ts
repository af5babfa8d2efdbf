/**
 * A configuration that cannot be used. Carries every problem found, each as
 * "field.path: what is wrong", so a technician can fix them all in one pass.
 */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
    options?: { cause?: unknown },
  ) {
    super(`configuration ${file} cannot be used:\n  ${problems.join('\n  ')}`, options);
    this.name = 'ConfigError';
  }
}
