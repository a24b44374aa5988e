import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runTaskpod, workspace } from '@taskpod/testing';
import { parse } from 'yaml';

const TEMPLATE = `# yaml-language-server: $schema=../../../schemas/task.schema.json
template: true
tasks:
  FEAT:
    # what the pod is asked
    title: Build <feature> for <audience>
    pod_owner: DevPod
    phase: Phase 2 - Build
    ready: true
    feature: login
    outputs:
      - src/<feature>/**
    notes: |
      Keep <feature>
        indented.
`;
const files = {
  'task_templates/backlog/base/task.yaml': 'id: base\ndescription: Base\nstatus: done\nphase: 1\n',
  'task_templates/backlog/feat/task.yaml': TEMPLATE,
  'task_templates/backlog/other/task.yaml': 'id: other\ndescription: Other\nstatus: ready\n',
  'task_templates/lone/task.yaml': 'id: lone\ndescription: Lone\nstatus: backlog\n',
};
const read = (root: string, rel: string) => readFileSync(path.join(root, rel), 'utf8');

describe('taskpod add', () => {
  it('from flags: a ready task in the folder holding most tasks, checked, listed by the next command', async (t) => {
    const root = workspace(t, files);
    const args = [
      'add',
      '--id',
      'N1',
      '--description',
      'Deploy it',
      '--pod',
      'OpsPod',
      '--phase',
      '3',
      '--output',
      'deploy/<env>.yaml',
      '--depends-on',
      'base',
      '--depends-on',
      'other',
      '--prompt',
      'prompts/ops.md',
    ];
    const result = await runTaskpod(root, args);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'wrote task_templates/backlog/N1/task.yaml\n');
    const written = parse(read(root, 'task_templates/backlog/N1/task.yaml'));
    assert.match(written.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.deepEqual(
      { ...written, created_at: 'T' },
      {
        id: 'N1',
        description: 'Deploy it',
        pod: 'OpsPod',
        phase: 3,
        prompt: 'prompts/ops.md',
        depends_on: ['base', 'other'],
        outputs: ['deploy/<env>.yaml'],
        status: 'ready',
        created_at: 'T',
      },
    );
    const shown = JSON.parse((await runTaskpod(root, ['show', 'N1', '--json'])).stdout);
    assert.deepEqual([shown.status, shown.blocked_by.depends_on], ['ready', [{ id: 'other', status: 'ready' }]]);
  });

  it('--from a template: copies fields, order and comments, fills placeholders, records instance_of, and places it beside', async (t) => {
    const root = workspace(t, files);
    const result = await runTaskpod(root, [
      'add',
      '--from',
      'FEAT',
      '--id',
      'FEAT-2',
      '--set',
      'feature=signup',
      '--set',
      'audience=testers',
      '--json',
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), {
      id: 'FEAT-2',
      file: 'task_templates/backlog/FEAT-2/task.yaml',
      instance_of: 'task_templates/backlog/feat/task.yaml',
    });
    assert.match(
      result.stderr,
      /note: task_templates\/backlog\/feat\/task\.yaml says `template: true`: now that FEAT-2 instantiates it, it is a template/,
    );
    const text = read(root, 'task_templates/backlog/FEAT-2/task.yaml');
    assert.match(
      text,
      /^# yaml-language-server: \$schema=\.\.\/\.\.\/\.\.\/schemas\/task\.schema\.json\n\nid: FEAT-2\n# what the pod is asked\ntitle: Build signup for testers\npod_owner: DevPod\n/,
    );
    assert.match(text, /\nnotes: \|\n {2}Keep signup\n {4}indented\.\n/);
    const fields = parse(text);
    assert.deepEqual([fields.feature, fields.outputs, fields.status, fields.ready], ['signup', ['src/signup/**'], 'ready', undefined]);
    assert.equal(fields.instance_of, 'task_templates/backlog/feat/task.yaml');
    const listed = JSON.parse((await runTaskpod(root, ['list', '--json'])).stdout).map((r: { id: string }) => r.id);
    assert.deepEqual(listed.sort(), ['FEAT-2', 'base', 'lone', 'other'], 'the template is no task of its own now');
    const again = await runTaskpod(root, ['add', '--from', 'FEAT', '--id', 'FEAT-3', '--set', 'audience=admins']);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(
      parse(read(root, 'task_templates/backlog/FEAT-3/task.yaml')).outputs,
      ['src/login/**'],
      'a placeholder with no --set takes the field of its name',
    );
  });

  it("refuses an existing id, also a template's, and writes nothing", async (t) => {
    const root = workspace(t, files);
    const taken = await runTaskpod(root, ['add', '--id', 'other', '--description', 'x']);
    assert.equal(taken.code, 1);
    assert.match(
      taken.stderr,
      /^taskpod: Task id `other` exists already \(task_templates\/backlog\/other\/task\.yaml:1\); nothing was written\./,
    );
    assert.equal((await runTaskpod(root, ['add', '--id', 'FEAT', '--description', 'x'])).code, 1);
    assert.deepEqual(readdirSync(path.join(root, 'task_templates/backlog')).sort(), ['base', 'feat', 'other']);
  });

  it('a placeholder left unfilled, or a --set nothing uses, is a usage error naming it', async (t) => {
    const root = workspace(t, files);
    const unfilled = await runTaskpod(root, ['add', '--from', 'FEAT', '--id', 'F2']);
    assert.equal(unfilled.code, 2);
    assert.match(
      unfilled.stderr,
      /task_templates\/backlog\/feat\/task\.yaml has placeholder no value fills: `<audience>` \(in title\); nothing was written\.\n {2}Give `--set audience=VALUE`\./,
    );
    const typo = await runTaskpod(root, ['add', '--from', 'FEAT', '--id', 'F2', '--set', 'audiense=x']);
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /`--set audiense=\.\.\.` matches no placeholder or field of FEAT .* Did you mean `audience`\?/);
    assert.equal(existsSync(path.join(root, 'task_templates/backlog/F2')), false);
  });

  it('a task that would make the workspace invalid is not written; bad flags are usage errors', async (t) => {
    const root = workspace(t, files);
    const bad = await runTaskpod(root, ['add', '--id', 'N2', '--description', 'x', '--depends-on', 'nope']);
    assert.equal(bad.code, 1);
    assert.match(
      bad.stderr,
      /The new task N2 \(task_templates\/backlog\/N2\/task\.yaml\) would not be valid; nothing was written:\n {2}task_templates\/backlog\/N2\/task\.yaml:1: depends_on: `N2` depends on unknown task id `nope`/,
    );
    assert.equal(existsSync(path.join(root, 'task_templates/backlog/N2')), false);
    const cycle = await runTaskpod(root, ['add', '--id', 'N3', '--description', 'x', '--phase', 'soon', '--depends-on', 'N3']);
    assert.equal(cycle.code, 1);
    assert.match(cycle.stderr, /dependency cycle: N3 -> N3/);
    const from = await runTaskpod(root, ['add', '--from', 'othr', '--id', 'N4']);
    assert.equal(from.code, 1);
    assert.match(from.stderr, /--from `othr` names no task or template\. Did you mean `other`\?/);
    for (const args of [
      ['add', '--description', 'x'],
      ['add', '--id', 'N5'],
      ['add', '--id', '../x', '--description', 'x'],
      ['add', '--id', 'N5', '--description', 'x', '--set', 'novalue'],
      ['add', 'N5'],
    ]) {
      assert.equal((await runTaskpod(root, args)).code, 2, args.join(' '));
    }
  });

  it('--from a task by its file path: a sibling of it, an instance of it', async (t) => {
    const root = workspace(t, files);
    const result = await runTaskpod(path.join(root, 'task_templates'), [
      'add',
      '--from',
      'lone/task.yaml',
      '--id',
      'lone-2',
      '--description',
      'Second',
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'wrote task_templates/lone-2/task.yaml\n');
    const fields = parse(read(root, 'task_templates/lone-2/task.yaml'));
    assert.deepEqual([fields.description, fields.status, fields.instance_of], ['Second', 'ready', 'task_templates/lone/task.yaml']);
  });
});
