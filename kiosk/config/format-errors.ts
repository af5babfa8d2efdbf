/**
 * Turns ajv's validation errors into lines a technician can act on:
 * "hardware.fingerprint.port: is missing", "http.port: must be an integer (got "80")".
 */
import type { ErrorObject } from 'ajv';

function dotted(pointer: string): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  return parts.length === 0 ? '(top level)' : parts.join('.');
}

function join(path: string, key: string): string {
  return path === '(top level)' ? key : `${path}.${key}`;
}

function valueAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const part of pointer.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function describe(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 40 ? text.slice(0, 37) + '...' : text;
}

function allowed(values: unknown): string {
  return (values as unknown[]).map(describe).join(', ');
}

export function formatSchemaErrors(errors: ErrorObject[], data: unknown): string[] {
  const lines = new Set<string>();

  for (const error of errors) {
    const path = dotted(error.instancePath);
    const got = describe(valueAt(data, error.instancePath));
    const params = error.params as Record<string, unknown>;

    switch (error.keyword) {
      case 'required':
        lines.add(`${join(path, String(params.missingProperty))}: is missing`);
        break;
      case 'additionalProperties':
        lines.add(`${join(path, String(params.additionalProperty))}: is not a known field`);
        break;
      case 'enum':
        lines.add(
          `${path}: must be one of ${allowed(params.allowedValues)} (got ${got})`,
        );
        break;
      case 'type':
        lines.add(`${path}: must be ${String(params.type).replace(',', ' or ')} (got ${got})`);
        break;
      case 'pattern':
        lines.add(`${path}: ${got} has the wrong form (expected ${String(params.pattern)})`);
        break;
      case 'if':
        // The failing branch is reported by its own error; this one only repeats it.
        break;
      default:
        lines.add(`${path}: ${error.message ?? error.keyword} (got ${got})`);
    }
  }
  return [...lines];
}
