import { FAILSAFE_SCHEMA, Type, type Schema } from 'js-yaml';
import { BOOL, NULL, constructBool, constructFloat, constructInt, isFloat, isInt } from './core-scalars';

// The `yaml` library's core schema in js-yaml's terms, so the fast path resolves every plain scalar
// exactly as parseDocument + toJS does. One type per tag: js-yaml keeps only the last type of a tag,
// so each tag's variants share one resolver.
const nullType = new Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (data: string | null) => data === null || NULL.test(data),
  construct: () => null,
});

const boolType = new Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && BOOL.test(data),
  construct: constructBool,
});

const intType = new Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && isInt(data),
  construct: constructInt,
});

const floatType = new Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && isFloat(data),
  construct: constructFloat,
});

/** js-yaml schema resolving scalars as `yaml` 2's default core schema (no timestamps, no merge keys). */
export const YAML_CORE_SCHEMA: Schema = FAILSAFE_SCHEMA.extend({ implicit: [nullType, boolType, intType, floatType] });
