/**
 * Validation against the protocol's JSON Schemas: what the terminal sends (events, birth,
 * health, alerts, results) and what it receives (commands, data snapshots). A message
 * that fails names the field and the rule, e.g. "/shiftId must be string".
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { SCHEMA_FILES, type SchemaName } from './schema-files.js';

export type { SchemaName } from './schema-files.js';

const ajv = new Ajv({
  allErrors: true,
  strict: true,
  // `required` inside `not` names properties declared one level up.
  strictRequired: false,
  allowUnionTypes: true,
});
// Our own checks for the two formats in use, so no extra package is needed.
ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);

const compiled = new Map<SchemaName, ValidateFunction>();

/** A message that does not match its schema; `problems` name each field and rule. */
export class SchemaViolationError extends Error {
  readonly code = 'schema-violation';

  constructor(
    readonly what: string,
    readonly schema: SchemaName,
    readonly problems: string[],
  ) {
    super(`${what} does not match schema ${schema}.json: ${problems.join('; ')}`);
    this.name = 'SchemaViolationError';
  }
}

export function isSchemaName(name: string): name is SchemaName {
  return Object.hasOwn(SCHEMA_FILES, name);
}

function validatorFor(name: SchemaName): ValidateFunction {
  let validate = compiled.get(name);
  if (!validate) {
    validate = ajv.compile(SCHEMA_FILES[name]);
    compiled.set(name, validate);
  }
  return validate;
}

export function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => {
    const where = error.instancePath || '(top level)';
    const extra = error.keyword === 'additionalProperties'
      ? ` (${String(error.params['additionalProperty'])})`
      : error.keyword === 'enum' ? ` (${JSON.stringify(error.params['allowedValues'])})` : '';
    return `${where} ${error.message ?? 'is invalid'}${extra}`;
  });
}

/** Problems of `value` against schema `name`; empty when it is valid. */
export function checkMessage(name: SchemaName, value: unknown): string[] {
  const validate = validatorFor(name);
  return validate(value) ? [] : describeErrors(validate.errors);
}

/** Throws SchemaViolationError when `value` does not match; `what` names it in the error. */
export function assertMessage(name: SchemaName, value: unknown, what: string): void {
  const problems = checkMessage(name, value);
  if (problems.length > 0) throw new SchemaViolationError(what, name, problems);
}

/** The schema name for an event type's data, or null when the protocol has no such type. */
export function eventDataSchema(type: string): SchemaName | null {
  const name = `event.${type}`;
  return isSchemaName(name) ? name : null;
}

/** The event types the protocol defines. */
export function eventTypes(): string[] {
  return Object.keys(SCHEMA_FILES)
    .filter((name) => name.startsWith('event.'))
    .map((name) => name.slice('event.'.length));
}
