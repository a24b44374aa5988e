/** What one field of a record may hold; records are checked against these on every read and write. */
export interface FieldRule {
  kinds: readonly ('string' | 'number' | 'boolean' | 'null' | 'list' | 'object')[];
  optional?: boolean;
  /** The only strings allowed (an enum such as `source: run | staged`). */
  values?: readonly string[];
  /** Rule of each entry of a list. */
  items?: FieldRule;
  /** Fields of a nested object. */
  fields?: RecordShape;
}

export type RecordShape = Readonly<Record<string, FieldRule>>;

export const string: FieldRule = { kinds: ['string'] };
export const number: FieldRule = { kinds: ['number'] };
export const boolean: FieldRule = { kinds: ['boolean'] };
export const nullable = (rule: FieldRule): FieldRule => ({ ...rule, kinds: [...rule.kinds, 'null'] });
export const optional = (rule: FieldRule): FieldRule => ({ ...rule, optional: true });
export const oneOf = (...values: string[]): FieldRule => ({ kinds: ['string'], values });
export const listOf = (items: FieldRule): FieldRule => ({ kinds: ['list'], items });
export const objectOf = (fields: RecordShape): FieldRule => ({ kinds: ['object'], fields });

/** The first field of `value` that breaks `shape`, as a dotted path with what it should be and what it is. */
export interface ShapeProblem {
  field: string;
  expected: string;
  received: string;
}

/** Checks a parsed record; fields the shape does not name are kept and not checked (hand-added notes). */
export function findShapeProblem(value: Record<string, unknown>, shape: RecordShape, prefix = ''): ShapeProblem | null {
  for (const [name, rule] of Object.entries(shape)) {
    const problem = findFieldProblem(value[name], rule, `${prefix}${name}`);
    if (problem) return problem;
  }
  return null;
}

function findFieldProblem(value: unknown, rule: FieldRule, field: string): ShapeProblem | null {
  if (value === undefined && rule.optional) return null;
  const kind = kindOf(value);
  const fits = kind !== null && rule.kinds.includes(kind) && (kind !== 'string' || !rule.values || rule.values.includes(value as string));
  if (!fits)
    return {
      field,
      expected: describe(rule),
      received: value === undefined ? 'nothing' : typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value)),
    };
  if (kind === 'list' && rule.items) {
    for (const [i, item] of (value as unknown[]).entries()) {
      const problem = findFieldProblem(item, rule.items, `${field}[${i}]`);
      if (problem) return problem;
    }
  }
  if (kind === 'object' && rule.fields) return findShapeProblem(value as Record<string, unknown>, rule.fields, `${field}.`);
  return null;
}

function kindOf(value: unknown): FieldRule['kinds'][number] | null {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'number') return Number.isFinite(value) ? 'number' : null;
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'object')
    return typeof value as 'string' | 'boolean' | 'object';
  return null;
}

/** `a number`, `a string or null`, `one of run, staged`, `a list`. */
function describe(rule: FieldRule): string {
  const words = rule.kinds.map((kind) => {
    if (kind === 'string' && rule.values) return `one of ${rule.values.map((v) => `\`${v}\``).join(', ')}`;
    return { string: 'a string', number: 'a number', boolean: 'a boolean', null: 'null', list: 'a list', object: 'an object' }[kind];
  });
  return words.join(' or ');
}
