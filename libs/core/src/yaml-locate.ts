import type { LineCounter, Node } from 'yaml';
import { yamlLib } from './yaml-lib';

/** The value node of `key` in a YAML map node, or undefined. */
export function mapValue(map: unknown, key: string): Node | undefined {
  const { isMap, isPair, isScalar } = yamlLib();
  if (!isMap(map)) return undefined;
  const pair = map.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
  return (pair?.value ?? undefined) as Node | undefined;
}

/** The key node of `key` in a YAML map node, or undefined. */
export function mapKey(map: unknown, key: string): Node | undefined {
  const { isMap, isPair, isScalar } = yamlLib();
  if (!isMap(map)) return undefined;
  const pair = map.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
  return (pair?.key ?? undefined) as Node | undefined;
}

/**
 * Start offset of the node at a JSON-pointer-like path (`['outputs', '1']`) under `root`; stops at
 * the deepest node that exists, so a missing field points at the map that should hold it.
 */
export function offsetOfPath(root: Node | null | undefined, path: readonly string[]): number {
  const { isMap, isSeq } = yamlLib();
  let node: unknown = root;
  let offset = (root?.range?.[0] ?? 0) as number;
  for (const segment of path) {
    let next: unknown;
    if (isMap(node)) next = mapValue(node, segment) ?? mapKey(node, segment);
    else if (isSeq(node)) next = node.items[Number(segment)];
    if (!next || !(next as Node).range) break;
    node = next;
    offset = (next as Node).range![0];
  }
  return offset;
}

/** 1-based line of an offset. */
export function lineAt(lineCounter: LineCounter, offset: number): number {
  return lineCounter.linePos(offset).line;
}

/** Splits an ajv instancePath (`/outputs/1`) into segments, unescaping `~1` and `~0`. */
export function pointerSegments(pointer: string): string[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** `outputs[1]`-style field name of a pointer, for messages. */
export function fieldName(segments: readonly string[]): string | undefined {
  if (segments.length === 0) return undefined;
  return segments.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}
