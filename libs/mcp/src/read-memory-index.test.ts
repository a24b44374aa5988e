import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type MemoryIndexEntry, filterMemoryIndex } from './read-memory-index';

const entry = (path: string, over: Partial<MemoryIndexEntry> = {}): MemoryIndexEntry => ({
  path,
  description: null,
  tags: [],
  file_type: null,
  pod_owner: null,
  category: null,
  repo: null,
  ref: null,
  source: 'memory/memory.yaml',
  ...over,
});
const INDEX = [
  entry('docs/style.md', { description: 'House style', tags: ['docs', 'Style'], pod_owner: 'DocPod' }),
  entry('src/app.ts', { description: 'The service', tags: ['code'], category: 'backend' }),
  entry('docs/api.md', { description: 'API reference', tags: ['docs'], repo: 'acme/app' }),
];
const paths = (query: Parameters<typeof filterMemoryIndex>[1]) => filterMemoryIndex(INDEX, query).map((e) => e.path);

test('no criterion: the whole index, in order', () => {
  assert.deepEqual(paths({}), ['docs/style.md', 'src/app.ts', 'docs/api.md']);
});

test('text matches path, description, tags and category, ignoring case', () => {
  assert.deepEqual(paths({ text: 'SERVICE' }), ['src/app.ts']);
  assert.deepEqual(paths({ text: 'backend' }), ['src/app.ts']);
  assert.deepEqual(paths({ text: 'docs/' }), ['docs/style.md', 'docs/api.md']);
  assert.deepEqual(paths({ text: 'style' }), ['docs/style.md']);
  assert.deepEqual(paths({ text: '  ' }), ['docs/style.md', 'src/app.ts', 'docs/api.md']);
});

test('tags must all be carried (any case); pod is the exact pod_owner; all criteria hold together', () => {
  assert.deepEqual(paths({ tags: ['docs'] }), ['docs/style.md', 'docs/api.md']);
  assert.deepEqual(paths({ tags: ['docs', 'style'] }), ['docs/style.md']);
  assert.deepEqual(paths({ pod: 'DocPod' }), ['docs/style.md']);
  assert.deepEqual(paths({ pod: 'docpod' }), []);
  assert.deepEqual(paths({ tags: ['docs'], text: 'api' }), ['docs/api.md']);
  assert.deepEqual(paths({ tags: ['docs'], pod: 'DocPod', text: 'api' }), []);
});
