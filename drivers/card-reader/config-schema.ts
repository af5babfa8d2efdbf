/**
 * JSON Schema of the card reader fields a configuration file may set: the serialisable
 * part of `CardReaderOptions` (not name, logger or simulator, which the composition root
 * supplies). The runtime can embed it as its `hardware.cardReader` section.
 */
export const cardReaderConfigSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['backend'],
  properties: {
    backend: { enum: ['real', 'simulated'] },
    readerInclude: { type: 'array', items: { type: 'string', minLength: 1 } },
    readerExclude: { type: 'array', items: { type: 'string', minLength: 1 } },
    socketPath: { type: 'string', minLength: 1 },
    uidLengths: {
      type: 'array',
      minItems: 1,
      items: { type: 'integer', minimum: 1, maximum: 10 },
    },
    transmitTimeoutMs: { type: 'integer', minimum: 100, maximum: 60_000 },
    backoff: {
      type: 'object',
      additionalProperties: false,
      required: ['initialMs', 'maxMs'],
      properties: {
        initialMs: { type: 'integer', minimum: 10 },
        maxMs: { type: 'integer', minimum: 10 },
      },
    },
  },
} as const;
