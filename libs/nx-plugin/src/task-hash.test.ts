import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeTask } from '@taskpod/core';
import { BOOKKEEPING_FIELDS, stableJson, taskFieldsText } from './task-hash';

/** What taskFieldsText must write: stableJson key by key, as the hash was first defined. */
function reference(fields: Record<string, unknown>, id: string): string {
  const keys = Object.keys(fields).filter((key) => !(BOOKKEEPING_FIELDS as readonly string[]).includes(key));
  if (!keys.includes('id')) keys.push('id');
  keys.sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson(k === 'id' ? (fields.id ?? id) : fields[k])}`).join(',')}}`;
}

/** A small seeded generator: values of every kind the hash may meet, and some no YAML file gives. */
function* values(seed: number): Generator<unknown> {
  let s = seed;
  // mulberry32
  const next = () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const atoms = [
    'x',
    '',
    'quote " and \\ and \n',
    '\u2028',
    '\ud800',
    0,
    -0,
    1.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    true,
    false,
    null,
    undefined,
    new Date('2025-01-02T03:04:05Z'),
  ];
  const keys = ['a', 'B', 'z', '10', '2', '__proto__', 'toJSON', 'é', ''];
  const value = (depth: number): unknown => {
    const r = next();
    if (depth > 2 || r < 0.5) return atoms[Math.floor(next() * atoms.length)];
    if (r < 0.7) return Array.from({ length: Math.floor(next() * 4) }, () => value(depth + 1));
    if (r < 0.75) {
      const holed: unknown[] = new Array(3); // a hole, which stableJson writes as nothing
      holed[0] = 1;
      holed[2] = 2;
      return holed;
    }
    const out: Record<string, unknown> = {};
    for (let n = Math.floor(next() * 4); n > 0; n--)
      Object.defineProperty(out, keys[Math.floor(next() * keys.length)]!, {
        value: value(depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return out;
  };
  for (;;) yield value(0);
}

test('taskFieldsText writes exactly what stableJson writes, key by key, for values of every kind', () => {
  const gen = values(7);
  const plain = ['description', 'status', 'inputs', 'extra', 'id', 'zeta'];
  for (let i = 0; i < 3000; i++) {
    // Now and then a key a fresh object would reorder or not keep: the whole text then takes stableJson's way.
    const fieldKeys = i % 10 === 0 ? [...plain, '7', '__proto__'] : plain;
    const fields: Record<string, unknown> = {};
    for (const key of fieldKeys)
      if ((i * 31 + key.length * 7) % 3 !== 0)
        Object.defineProperty(fields, key, { value: gen.next().value, enumerable: true, writable: true, configurable: true });
    const task = makeTask({ id: 'T1', fields });
    assert.equal(taskFieldsText(task), reference(fields, 'T1'), JSON.stringify(fields));
  }
});

test('taskFieldsText writes a plain task as sorted JSON', () => {
  const task = makeTask({
    id: 'T2',
    fields: { status: 'ready', id: 'T2', description: 'd', inputs: ['b', 'a'], extra: { z: 1, a: [true] } },
  });
  assert.equal(taskFieldsText(task), '{"description":"d","extra":{"a":[true],"z":1},"id":"T2","inputs":["b","a"]}');
});
