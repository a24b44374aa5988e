// The `yaml` library's YAML 1.2 core schema tests (yaml/dist/schema/core) for plain scalars, shared by
// the js-yaml schema (yaml-core-schema.ts) and the line reader (load-yaml-simple.ts), which must agree.
export const NULL = /^(?:~|[Nn]ull|NULL)?$/;
export const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
export const INT_OCT = /^0o[0-7]+$/;
export const INT = /^[-+]?[0-9]+$/;
export const INT_HEX = /^0x[0-9a-fA-F]+$/;
export const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
export const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
export const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

export const isInt = (data: string) => INT_OCT.test(data) || INT.test(data) || INT_HEX.test(data);
export const isFloat = (data: string) => FLOAT_NAN.test(data) || FLOAT_EXP.test(data) || FLOAT.test(data);
export const constructBool = (data: string) => data[0] === 't' || data[0] === 'T';

export function constructInt(data: string): number {
  if (INT_OCT.test(data)) return parseInt(data.substring(2), 8);
  return INT_HEX.test(data) ? parseInt(data.substring(2), 16) : parseInt(data, 10);
}

export function constructFloat(data: string): number {
  if (!FLOAT_NAN.test(data)) return parseFloat(data);
  if (data.slice(-3).toLowerCase() === 'nan') return NaN;
  return data[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
}

/** A plain scalar resolved as YAML_CORE_SCHEMA resolves it (js-yaml tries its implicit types in this order). */
export function resolveCoreScalar(data: string): unknown {
  if (NULL.test(data)) return null;
  if (BOOL.test(data)) return constructBool(data);
  if (isInt(data)) return constructInt(data);
  if (isFloat(data)) return constructFloat(data);
  return data;
}
