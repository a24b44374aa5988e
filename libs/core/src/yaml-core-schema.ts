import { FAILSAFE_SCHEMA, Type, type Schema } from 'js-yaml';

// The `yaml` library's YAML 1.2 core schema tests (yaml/dist/schema/core), in js-yaml's terms, so the
// fast path resolves every plain scalar exactly as parseDocument + toJS does. One type per tag:
// js-yaml keeps only the last type of a tag, so each tag's variants share one resolver.
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

const nullType = new Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (data: string | null) => data === null || NULL.test(data),
  construct: () => null,
});

const boolType = new Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && BOOL.test(data),
  construct: (data: string) => data[0] === 't' || data[0] === 'T',
});

const intType = new Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && (INT_OCT.test(data) || INT.test(data) || INT_HEX.test(data)),
  construct: (data: string) =>
    INT_OCT.test(data) ? parseInt(data.substring(2), 8) : INT_HEX.test(data) ? parseInt(data.substring(2), 16) : parseInt(data, 10),
});

const floatType = new Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && (FLOAT_NAN.test(data) || FLOAT_EXP.test(data) || FLOAT.test(data)),
  construct: (data: string) => {
    if (!FLOAT_NAN.test(data)) return parseFloat(data);
    if (data.slice(-3).toLowerCase() === 'nan') return NaN;
    return data[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  },
});

/** js-yaml schema resolving scalars as `yaml` 2's default core schema (no timestamps, no merge keys). */
export const YAML_CORE_SCHEMA: Schema = FAILSAFE_SCHEMA.extend({ implicit: [nullType, boolType, intType, floatType] });

/** A plain scalar resolved as YAML_CORE_SCHEMA resolves it (js-yaml tries its implicit types in this order). */
export function resolveCoreScalar(data: string): unknown {
  if (NULL.test(data)) return null;
  if (BOOL.test(data)) return boolType.construct(data);
  if (INT_OCT.test(data) || INT.test(data) || INT_HEX.test(data)) return intType.construct(data);
  if (FLOAT_NAN.test(data) || FLOAT_EXP.test(data) || FLOAT.test(data)) return floatType.construct(data);
  return data;
}
