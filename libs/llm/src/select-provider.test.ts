import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildConfig, makeTask } from '@taskpod/core';
import { DEFAULT_MODEL, selectProvider } from './select-provider';

const config = buildConfig({
  provider: 'openai',
  model: 'ws-model',
  pods: { QAPod: { provider: 'shell', model: 'pod-model', command: ['qa-agent'] } },
  shell: { command: ['default-agent'], timeoutMs: 1000 },
});

test('select: task beats pod beats environment beats workspace default', () => {
  const env = { TASKPOD_PROVIDER: 'replay', TASKPOD_MODEL: 'env-model' };
  assert.deepEqual(
    [selectProvider(makeTask({ provider: 'shell', model: 'task-model', pod: 'QAPod' }), config, env)].map((c) => [
      c.provider,
      c.model,
      c.command,
    ]),
    [['shell', 'task-model', ['qa-agent']]],
  );
  const pod = selectProvider(makeTask({ pod: 'QAPod' }), config, env);
  assert.deepEqual([pod.provider, pod.model], ['shell', 'pod-model']);
  const envWins = selectProvider(makeTask({ pod: 'DevPod' }), config, env);
  assert.deepEqual([envWins.provider, envWins.model, envWins.source.provider], ['replay', 'env-model', 'TASKPOD_PROVIDER']);
  const workspace = selectProvider(makeTask({ pod: 'DevPod' }), config, {});
  assert.deepEqual([workspace.provider, workspace.model], ['openai', 'ws-model']);
});

test('select: with nothing configured, openai when OPENAI_API_KEY is set, else replay', () => {
  const bare = buildConfig({});
  assert.deepEqual(
    [selectProvider(makeTask(), bare, { OPENAI_API_KEY: 'sk-x' }).provider, selectProvider(makeTask(), bare, {}).provider],
    ['openai', 'replay'],
  );
  assert.equal(selectProvider(makeTask(), bare, {}).model, DEFAULT_MODEL);
});

test('select: shell command from the task field, then pod, then shell.command; bad or missing is a clear error', () => {
  const task = makeTask({ provider: 'shell', fields: { id: 'T1', command: ['task-agent', '-x'] } });
  assert.deepEqual(selectProvider(task, config, {}).command, ['task-agent', '-x']);
  assert.deepEqual(selectProvider(makeTask({ provider: 'shell', pod: 'Other' }), config, {}).command, ['default-agent']);
  assert.throws(
    () => selectProvider(makeTask({ provider: 'shell', fields: { id: 'T1', command: 'rm -rf /' } }), config, {}),
    /must be a non-empty array of strings/,
  );
  assert.throws(() => selectProvider(makeTask({ provider: 'shell' }), buildConfig({}), {}), /no command is configured/);
  assert.throws(() => selectProvider(makeTask({ provider: 'claude' }), config, {}), /Unknown provider `claude` for task T1/);
});
