import type * as JsYaml from 'js-yaml';
import { loadSimpleYaml } from './load-yaml-simple';

let jsYaml: { load: typeof JsYaml.load; schema: JsYaml.Schema } | undefined;

/** js-yaml with the core schema, loaded on first use: most task files never need it (loadSimpleYaml reads them). */
function loadJsYaml(text: string): unknown {
  jsYaml ??= {
    load: (require('js-yaml') as typeof JsYaml).load,
    schema: (require('./yaml-core-schema') as typeof import('./yaml-core-schema')).YAML_CORE_SCHEMA,
  };
  return jsYaml.load(text, { schema: jsYaml.schema });
}

/**
 * YAML where js-yaml and the `yaml` Document path might not agree (tabs, tags, directives, complex or
 * flow keys, merge keys, `__proto__`, over-long lines, multi-line flow collections): left to the slow path.
 */
const RISKY = /\t|["'\]}]#|^%|(?:^|[\s,[{])!|<<|__proto__|^[ -]*\?(?:[ ]|$)|^[ -]*[[{]/m;
const ALIAS = /(?:^|[\s,[{:])\*/g;

/**
 * Reads YAML with `yaml`'s core scalars (by loadSimpleYaml when it can, else js-yaml), for files that are most likely valid: the
 * `yaml` Document path is slower (and its package is slow to load; tools/bench/next-bench.mjs), but it knows every
 * node's line. Undefined whenever the text might read differently there or does not parse, so the
 * caller takes the Document path, whose answer is then the only answer.
 */
export function loadYamlFast(text: string): { value: unknown } | undefined {
  if (RISKY.test(text) || hasLongLine(text) || tooManyAliases(text) || multiLineFlow(text)) return undefined;
  const simple = loadSimpleYaml(text);
  if (simple) return simple;
  let value: unknown;
  try {
    value = loadJsYaml(text);
  } catch {
    return undefined;
  }
  return keysAgree(value) ? { value: value ?? null } : undefined;
}

/** yaml caps alias expansion (maxAliasCount 100, count x nested aliases); under 10 aliases cannot reach it. */
function tooManyAliases(text: string): boolean {
  if (!text.includes('*')) return false;
  ALIAS.lastIndex = 0;
  let n = 0;
  while (ALIAS.exec(text)) if (++n >= 10) return true;
  return false;
}

/** yaml limits implicit keys to 1024 characters, js-yaml does not (a scan by indexOf: a regex here costs more than the parse). */
function hasLongLine(text: string): boolean {
  let start = 0;
  for (let end = text.indexOf('\n'); end !== -1; start = end + 1, end = text.indexOf('\n', start)) if (end - start > 1000) return true;
  return text.length - start > 1000;
}

/** yaml checks the indentation of flow collections that span lines, js-yaml does not: a line must close what it opens. */
function multiLineFlow(text: string): boolean {
  if (!text.includes('[') && !text.includes('{')) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) depth++;
    else if (c === 0x5d || c === 0x7d) depth--;
    else if (c === 0x0a) {
      if (depth !== 0) return true;
    }
  }
  return depth !== 0;
}

export function isPlainMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** js-yaml names a null key `null`, yaml names it ``: any such key (at any depth) goes the slow way. */
function keysAgree(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(keysAgree);
  if (!isPlainMap(value)) return true;
  for (const key of Object.keys(value)) if (key === 'null' || key === '' || !keysAgree(value[key])) return false;
  return true;
}
