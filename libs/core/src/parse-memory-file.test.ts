import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { parseMemoryFile, parseMemoryFileDocument, parseMemoryFileFast } from './parse-memory-file';

describe('parseMemoryFile', () => {
  it('reads the list shape', () => {
    const { entries, issues } = parseMemoryFile(
      '- path: docs/a.md\n  description: A\n  tags: [x, y]\n  file_type: markdown\n  pod_owner: DevPod\n',
      'memory/memory.yaml',
    );
    assert.deepEqual(issues, []);
    assert.deepEqual(entries, [
      {
        path: 'docs/a.md',
        description: 'A',
        tags: ['x', 'y'],
        fileType: 'markdown',
        podOwner: 'DevPod',
        category: null,
        repo: null,
        ref: null,
        source: 'memory/memory.yaml',
      },
    ]);
  });

  it('reads the map of categories, live GitHub entries and comma-separated tags', () => {
    const text =
      'architecture:\n  - path: docs/arch.md\n    tags: api, db\nremote:\n  - path: README.md\n    repo: acme/service\n    ref: main\nempty:\n';
    const { entries, issues } = parseMemoryFile(text, 'm.yaml');
    assert.deepEqual(issues, []);
    assert.deepEqual(
      entries.map((e) => [e.category, e.path, e.tags, e.repo, e.ref]),
      [
        ['architecture', 'docs/arch.md', ['api', 'db'], null, null],
        ['remote', 'README.md', [], 'acme/service', 'main'],
      ],
    );
  });

  it('treats an empty file as no memory', () => {
    assert.deepEqual(parseMemoryFile('# nothing yet\n', 'm.yaml'), { entries: [], issues: [] });
  });

  it('reports every bad entry with line and field', () => {
    const { entries, issues } = parseMemoryFile(
      'docs:\n  - path: a.md\n  - description: no path\n  - path: b.md\n    repo: not-a-repo\n',
      'm.yaml',
    );
    assert.deepEqual(entries, []);
    assert.deepEqual(
      issues.map((i) => [i.file, i.line, i.field]),
      [
        ['m.yaml', 3, 'docs[1].path'],
        ['m.yaml', 5, 'docs[2].repo'],
      ],
    );
  });

  it('reports malformed YAML and a scalar document', () => {
    assert.equal(parseMemoryFile('- path: [a\n', 'm.yaml').issues[0]!.line, 2);
    assert.match(parseMemoryFile('just text', 'm.yaml').issues[0]!.message, /must be a list or a map/);
  });

  it('names the file of an alias bomb instead of throwing', () => {
    const levels = [
      'a: &a [{path: x.md}, {path: x.md}, {path: x.md}, {path: x.md}, {path: x.md}, {path: x.md}, {path: x.md}, {path: x.md}, {path: x.md}]',
    ];
    for (let i = 1; i < 8; i++)
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(', ')}]`,
      );
    const { entries, issues } = parseMemoryFile(`${levels.join('\n')}\n`, 'memory/memory.yaml');
    assert.deepEqual(entries, []);
    assert.deepEqual(
      issues.map((i) => i.file),
      ['memory/memory.yaml'],
    );
    assert.match(issues[0]!.message, /expand to too many nodes, as an alias bomb does/);
  });

  it('reads valid files the fast way with exactly the answer of the Document path, and leaves the rest to it', () => {
    const repoMemory = path.resolve(__dirname, '../../../memory');
    const samples = readdirSync(repoMemory)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => readFileSync(path.join(repoMemory, f), 'utf8'));
    const inputs = [
      ...samples,
      '',
      '# only a comment\n',
      '~\n',
      'null\n',
      '[]\n',
      '{}\n',
      '- path: a.md\n',
      '- {path: a.md, tags: [x, y]}\n',
      '- path: "quoted: yes.md"\n  description: \'single\'\n',
      '- path: é/ü.md\n  description: >\n    folded\n    text\n',
      'docs:\n  - path: a.md\n    tags: a, b,, c\nempty:\nnone: []\n',
      '- &x {path: a.md}\n- *x\n',
      '- path: a.md # trailing\n',
      '- path: 1.5\n',
      '- path: true\n',
      '- path: null\n',
      'key: value\n',
      '42\n',
      '- path: a.md\n  unknown: 1\n',
      '- path: a.md\n\t- bad\n',
      'a: [1,\n  2]\n',
      '- path: a.md\n- path: a.md\n',
      'x:\n  - path: a\n  - path: [b]\n',
      '? complex\n: key\n',
      '- path: a.md\n  repo: acme/x\n  ref: v1\n',
      '%YAML 1.2\n---\n- path: a.md\n',
      'a: 1\na: 2\n',
    ];
    for (const text of inputs) {
      assert.deepEqual(parseMemoryFile(text, 'm.yaml'), parseMemoryFileDocument(text, 'm.yaml'), JSON.stringify(text));
    }
    for (const text of [...samples, '- path: a.md\n', 'docs:\n  - path: a.md\n    tags: a, b\n', '']) {
      assert.ok(parseMemoryFileFast(text, 'm.yaml'), `valid files take the fast path: ${JSON.stringify(text)}`);
    }
    assert.equal(
      parseMemoryFileFast('- description: no path\n', 'm.yaml'),
      undefined,
      'a problem is left to the Document path, which words it',
    );
  });
});
