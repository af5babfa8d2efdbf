/**
 * JSON Schema of the configuration file. `additionalProperties: false` everywhere a
 * technician types keys by hand, so a misspelt key is reported instead of ignored.
 */
const nonEmpty = { type: 'string', minLength: 1 } as const;
const deviceSection = { type: ['object', 'null'] } as const;

export const configSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['terminal', 'hardware', 'upstream', 'dataDir', 'http', 'localData'],
  properties: {
    $schema: { type: 'string' },
    terminal: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'site', 'role'],
      properties: {
        id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$' },
        site: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$' },
        role: { enum: ['cell', 'lobby'] },
      },
    },
    hardware: {
      type: 'object',
      additionalProperties: false,
      required: ['fingerprint'],
      properties: {
        fingerprint: {
          type: 'object',
          additionalProperties: false,
          required: ['backend'],
          properties: {
            backend: { enum: ['simulated', 'real'] },
            port: nonEmpty,
            baudRate: { enum: [9600, 19200, 38400, 57600, 115200] },
            password: { type: 'integer', minimum: 0, maximum: 0xffffffff },
          },
          // A real module needs its serial port; a simulated one needs nothing more.
          if: { properties: { backend: { const: 'real' } } },
          then: { required: ['port'] },
        },
        gpio: deviceSection,
        cardReader: deviceSection,
        mcu: deviceSection,
        screen: deviceSection,
      },
    },
    upstream: {
      type: 'object',
      additionalProperties: false,
      required: ['broker'],
      properties: {
        broker: {
          type: ['object', 'null'],
          additionalProperties: false,
          required: ['url'],
          properties: {
            url: { type: 'string', pattern: '^(mqtt|mqtts|ws|wss)://' },
            username: nonEmpty,
            password: { type: 'string' },
            caFile: nonEmpty,
            certFile: nonEmpty,
            keyFile: nonEmpty,
            passwordFile: nonEmpty,
          },
        },
        keepaliveSeconds: { type: 'integer', minimum: 1, maximum: 3600 },
      },
    },
    dataDir: nonEmpty,
    http: {
      type: 'object',
      additionalProperties: false,
      required: ['port'],
      properties: { port: { type: 'integer', minimum: 0, maximum: 65535 } },
    },
    localData: nonEmpty,
  },
} as const;
