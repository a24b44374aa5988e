import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { GENERATED_FILE, generateSchemaValidatorsCode } from './generate-schema-validators';
import { schemaErrorsOfTask } from './schema-validators';

describe('precompiled schema validators', () => {
  it('match the schemas in schemas/ (regenerate with writeSchemaValidators after editing one)', () => {
    assert.equal(readFileSync(GENERATED_FILE, 'utf8'), generateSchemaValidatorsCode());
  });

  it('validate with every error at once', () => {
    assert.deepEqual(
      schemaErrorsOfTask({ id: 'a', priority: 'x', status: 'y' }).map((e) => e.instancePath),
      ['/status', '/priority'],
    );
    assert.deepEqual(schemaErrorsOfTask({ id: 'a' }), []);
  });
});
