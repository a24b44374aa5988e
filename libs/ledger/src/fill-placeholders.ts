import { isPair, isScalar, visit, type Document } from 'yaml';

/** `<feature_id>`: the same placeholder shape output globs use (docs/file-formats.md). */
const PLACEHOLDER = /<([A-Za-z0-9_.-]+)>/g;

export interface FilledPlaceholders {
  /** Names that had a value and were replaced. */
  used: Set<string>;
  /** Names with no value, each with the top-level fields it appears in. */
  missing: Map<string, Set<string>>;
}

/**
 * Replaces every `<name>` in the document's string values (not its keys) that `values` names, in
 * place; the scalar keeps its style (a block stays a block). Pure but for `doc`.
 */
export function fillPlaceholders(doc: Document, values: Readonly<Record<string, string>>): FilledPlaceholders {
  const used = new Set<string>();
  const missing = new Map<string, Set<string>>();
  visit(doc, {
    Scalar(key, node, path) {
      if (key === 'key' || typeof node.value !== 'string' || !node.value.includes('<')) return;
      const top = path.find(isPair);
      const field = top && isScalar(top.key) ? String(top.key.value) : '(value)';
      node.value = node.value.replace(PLACEHOLDER, (whole, name: string) => {
        if (Object.hasOwn(values, name)) {
          used.add(name);
          return values[name]!;
        }
        if (!missing.has(name)) missing.set(name, new Set());
        missing.get(name)!.add(field);
        return whole;
      });
    },
  });
  return { used, missing };
}
