import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone';

/** The JSON Schemas ship at the repository root (`schemas/`), where editors find them too. */
export const SCHEMAS_DIR = path.resolve(__dirname, '../../../schemas');
export const GENERATED_FILE = path.resolve(__dirname, '../src/schema-validators.generated.ts');

const HEADER = `// @ts-nocheck
// Generated from schemas/task.schema.json and schemas/memory.schema.json by ajv (standalone code);
// do not edit. Loading precompiled validators saves compiling the schemas on every command.
// Regenerate after editing a schema (a core test fails until you do):
//   npx tsc -b libs/core && node -e "require('./libs/core/dist/generate-schema-validators').writeSchemaValidators()"
`;

/** Ajv's standalone validator module for both schemas, as TypeScript source. */
export function generateSchemaValidatorsCode(): string {
  const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, verbose: true, code: { source: true, esm: true } });
  const task = JSON.parse(readFileSync(path.join(SCHEMAS_DIR, 'task.schema.json'), 'utf8'));
  const memory = JSON.parse(readFileSync(path.join(SCHEMAS_DIR, 'memory.schema.json'), 'utf8'));
  ajv.addSchema(task);
  ajv.addSchema(memory);
  const code = standaloneCode(ajv, { validateTask: `${task.$id}#/definitions/task`, validateMemory: memory.$id });
  return `${HEADER}${code.trim()}\n`;
}

/** Rewrites libs/core/src/schema-validators.generated.ts from the schemas. */
export function writeSchemaValidators(): void {
  writeFileSync(GENERATED_FILE, generateSchemaValidatorsCode());
}
