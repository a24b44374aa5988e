import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UserError, makeTask } from '@taskpod/core';
import { buildPromptContext } from './build-prompt-context';
import { renderPrompt } from './render-prompt';
import type { PromptInputs } from './types';

const task = makeTask({
  id: 'DOC-1',
  description: 'Write the login spec',
  pod: 'DocPod',
  outputs: ['docs/<feature>/spec.md'],
  fields: { id: 'DOC-1', audience: 'developers', title: 'Login spec' },
});

const inputs = (over: Partial<PromptInputs> = {}): PromptInputs => ({
  template: null,
  memory: [
    {
      path: 'memory/style.md',
      description: 'House style',
      tags: ['docs'],
      category: 'guides',
      repo: null,
      ref: null,
      content: 'Use short sentences.',
    },
  ],
  inputs: [{ path: 'src/login.ts', content: 'export const login = 1;\n' }],
  upstream: [{ task: 'DES-1', path: 'docs/login/design.md', content: 'design notes' }],
  github: [{ repo: 'acme/handbook', path: 'rules.md', ref: 'main', sha: 'abc', content: 'live rules' }],
  feedback: null,
  ...over,
});

const render = (over: Partial<PromptInputs> = {}, budget = 60_000) => {
  const i = inputs(over);
  return renderPrompt(buildPromptContext(task, i, { contextBudget: budget }), i.template);
};

test('prompt: the built-in template carries id, description, outputs, contract and every context part', () => {
  const { system, user } = render();
  assert.match(system, /You are DocPod/);
  assert.match(system, /\{"summary": string, "files": \[\{"path": string, "content": string\}\]\}/);
  for (const part of [
    '# Task DOC-1',
    'Write the login spec',
    '- docs/<feature>/spec.md',
    '## Reply contract',
    'You are working as DocPod on task DOC-1',
    '- memory/style.md: House style [docs]',
    'Use short sentences.',
    '### src/login.ts',
    'export const login = 1;',
    '### docs/login/design.md (from task DES-1)',
    'design notes',
    '### acme/handbook:rules.md@main',
    'live rules',
  ]) {
    assert.ok(user.includes(part), `missing ${part}\n${user}`);
  }
});

test('prompt: a custom template adds instructions with task fields; what it places is not repeated', () => {
  const text = 'For {{ task.audience }}: {{ task.title }}.\n{% for f in inputs %}FILE {{ f.path }}={{ f.content }}{% endfor %}';
  const { user } = render({ template: { path: 'prompts/doc.liquid', text } });
  assert.match(user, /For developers: Login spec\./);
  assert.equal(user.split('export const login = 1;').length, 2, 'inputs appear once, where the template put them');
  assert.doesNotMatch(user, /## Inputs/);
  assert.match(user, /# Task DOC-1[\s\S]*Declared outputs[\s\S]*## Memory/, 'the header and the other context stay');
});

test('prompt: an unknown variable or filter names the template file and line', () => {
  const bad = (text: string) => () => render({ template: { path: 'prompts/doc.liquid', text } });
  assert.throws(bad('line one\n{{ task.nope }}'), (error: unknown) => {
    assert.ok(error instanceof UserError);
    assert.match(error.message, /^prompts\/doc\.liquid:2:\d+: undefined variable: task\.nope$/);
    assert.match(error.details.hint ?? '', /Templates see: task/);
    return true;
  });
  assert.throws(bad('{{ task.id | shout }}'), /prompts\/doc\.liquid:1:\d+: undefined filter: shout/);
  assert.throws(bad('{% include "secret.txt" %}'), /prompts\/doc\.liquid/);
  const { user } = render({
    template: { path: 'p.liquid', text: '[{{ task.missing | default: "fallback" }}{% if task.nope %}yes{% endif %}]' },
  });
  assert.match(user, /\[fallback\]/, 'optional fields may be tested with `default` and `if`');
});

test('prompt: over the budget, the largest parts are cut first and a note says what was cut', () => {
  const big = 'x'.repeat(5000);
  const { user } = render(
    {
      inputs: [
        { path: 'src/big.ts', content: big },
        { path: 'src/small.ts', content: 'small' },
      ],
    },
    1000,
  );
  assert.ok(!user.includes(big));
  assert.match(user, /small/);
  assert.match(user, /Use short sentences\./, 'small memory content kept whole');
  assert.match(
    user,
    /## Note\nContext was cut to fit the budget of 1000 characters, largest parts first: input src\/big\.ts \(5000 -> \d+ characters\)\./,
  );
  assert.match(user, /cut by taskpod: \d+ of 5000 characters left out/);
});

test('prompt: feedback reaches the model; a task without outputs is told it may write nothing', () => {
  const i = inputs({ feedback: '## Human feedback\nUse British spelling.' });
  const { user } = renderPrompt(buildPromptContext(makeTask({ id: 'T2' }), i, { contextBudget: 60_000 }), null);
  assert.match(user, /## Feedback on earlier runs\n## Human feedback\nUse British spelling\./);
  assert.match(user, /none declared/);
});

test('render: a framework prompt_template* renders its {{ }} placeholders leniently, and every context section is still appended', () => {
  const text =
    '# {{ task_id }}: {{ description }}\nInputs: {{ inputs }}\nPod: {{ pod_owner }}\nUnknown: [{{ feature_id }}]\nStill: {{ task.audience }}';
  const i = inputs({ template: { path: 'task_templates/P1/x/prompt_template.md', text } });
  const context = buildPromptContext(makeTask({ ...task, inputs: ['docs/a.md', 'docs/b.md'] }), i, { contextBudget: 60_000 });
  const { user } = renderPrompt(context, i.template);
  assert.ok(
    user.includes('# DOC-1: Write the login spec\nInputs: docs/a.md, docs/b.md\nPod: DocPod\nUnknown: []\nStill: developers'),
    user,
  );
  for (const part of ['## Memory', '## Inputs', '### src/login.ts', '## Outputs of upstream tasks', '## Live memory from GitHub'])
    assert.ok(user.includes(part), part);
});

test('render: a framework template that is not Liquid is sent as written, with a note', () => {
  const i = inputs({ template: { path: 'task_templates/x/prompt_template_simple.md', text: 'Use {% nonsense %} here' } });
  const { user } = renderPrompt(buildPromptContext(task, i, { contextBudget: 60_000 }), i.template);
  assert.ok(user.includes('## Instructions\nUse {% nonsense %} here'));
  assert.match(user, /## Notes\n- The template task_templates\/x\/prompt_template_simple\.md is sent as written/);
});

test('render: notes reach the model in a Notes section', () => {
  const { user } = render({ notes: ['Input `docs/a.md` does not exist yet.'] });
  assert.match(user, /## Notes\n- Input `docs\/a\.md` does not exist yet\./);
});
