/** Checks one command message: JSON object, request id, known command, valid args. */
import { Ajv, type ValidateFunction } from 'ajv';
import { checkMessage } from './protocol-schemas.js';
import type { TerminalTopics } from './topics.js';

export interface CommandSpec {
  name: string;
  /** JSON schema for `args`; omitted means any value is accepted. */
  argsSchema?: object;
  run(args: unknown): Promise<unknown> | unknown;
}

export interface CommandRequest {
  name: string;
  requestId: string;
  args: unknown;
}

export type CheckedCommand =
  | { ok: true; request: CommandRequest; spec: CommandSpec }
  | {
      ok: false;
      requestId: string | null;
      name: string | null;
      error: { code: string; message: string };
    };

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
const ajv = new Ajv({ allErrors: true });
const validators = new WeakMap<object, ValidateFunction>();

function validatorFor(schema: object): ValidateFunction {
  let validate = validators.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    validators.set(schema, validate);
  }
  return validate;
}

export function checkCommand(
  topic: string,
  payload: Buffer,
  topics: TerminalTopics,
  specs: ReadonlyMap<string, CommandSpec>,
): CheckedCommand {
  const prefix = `${topics.base}/cmd/`;
  const name = topic.startsWith(prefix) ? topic.slice(prefix.length) : null;
  const fail = (requestId: string | null, code: string, message: string): CheckedCommand => ({
    ok: false,
    requestId,
    name,
    error: { code, message },
  });

  let body: unknown;
  try {
    body = JSON.parse(payload.toString('utf8'));
  } catch (error) {
    return fail(null, 'malformed', `payload is not JSON: ${String(error)}`);
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return fail(null, 'malformed', 'payload must be a JSON object with requestId and args');
  }

  const { requestId, args } = body as { requestId?: unknown; args?: unknown };
  if (typeof requestId !== 'string' || !REQUEST_ID.test(requestId)) {
    return fail(null, 'malformed', 'requestId must be 1-64 letters, digits, ".", "_" or "-"');
  }
  const problems = checkMessage('command-request', body);
  if (problems.length > 0) return fail(requestId, 'malformed', problems.join('; '));
  const spec = name === null ? undefined : specs.get(name);
  if (!spec) return fail(requestId, 'unknown-command', `no command named ${JSON.stringify(name)}`);

  if (spec.argsSchema) {
    const validate = validatorFor(spec.argsSchema);
    if (!validate(args)) {
      const detail = (validate.errors ?? [])
        .map((error) => `args${error.instancePath} ${error.message ?? 'is invalid'}`)
        .join('; ');
      return fail(requestId, 'invalid-args', detail);
    }
  }
  return { ok: true, request: { name: spec.name, requestId, args }, spec };
}
