import { Ajv } from 'ajv';
import * as assert from 'uvu/assert';
import { test } from 'uvu';
import { cardReaderConfigSchema } from './config-schema.js';

const validate = new Ajv({ allErrors: true }).compile(cardReaderConfigSchema);

test('accepts a lobby reader configuration', () => {
  const config = {
    backend: 'real',
    readerInclude: ['PICC', 'CL Reader'],
    readerExclude: ['\\bSAM\\b', 'Contact'],
    uidLengths: [4, 7, 10],
    transmitTimeoutMs: 3000,
  };
  assert.ok(validate(config), JSON.stringify(validate.errors));
  assert.ok(validate({ backend: 'simulated' }));
});

test('refuses misspelt keys, unknown back-ends and raw numbers where names belong', () => {
  assert.not.ok(validate({ backend: 'real', readerInclud: ['PICC'] }));
  assert.not.ok(validate({ backend: 'usb' }));
  assert.not.ok(validate({ backend: 'real', readerInclude: [0] }));
  assert.not.ok(validate({ backend: 'real', uidLengths: [] }));
  assert.not.ok(validate({}));
});

test.run();
