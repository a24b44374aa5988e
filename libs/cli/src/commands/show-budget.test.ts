import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commitFiles, initGitRepo, makeTempDir, runTaskpod, writeFiles } from '@taskpod/testing';

test('taskpod show: each budget that applies to the task, with the spend the ledger holds against it', async (t) => {
  const { dir: root, cleanup } = makeTempDir();
  t.after(cleanup);
  initGitRepo(root);
  const options = { budgets: { workspace: 1, pods: { DevPod: 0.5 }, phases: { 2: 9 } } };
  commitFiles(root, {
    'nx.json': JSON.stringify({ plugins: [{ plugin: 'taskpod/nx-plugin', options }] }),
    'task_templates/t1/task.yaml':
      'id: T1\ndescription: Add a greeting\npod: DevPod\nphase: 1\nstatus: ready\nbudget_usd: 0.2\noutputs: [src/**]\n',
  });
  const spend = (task: string, pod: string, cost: number | null) =>
    JSON.stringify({
      kind: 'spend',
      key: `spend:${task}${cost}`,
      reply_key: 'r',
      task_id: task,
      pod,
      phase: 1,
      run_id: null,
      provider: 'openai',
      model: 'm',
      tokens_in: 1,
      tokens_out: 1,
      cost_usd: cost,
      at: '2026-11-24T00:00:00.000Z',
    });
  writeFiles(root, {
    '.logs/ledger.jsonl': `${[spend('T1', 'DevPod', 0.05), spend('T9', 'DevPod', 0.1), spend('T8', 'QAPod', null)].join('\n')}\n`,
  });
  const shown = JSON.parse((await runTaskpod(root, ['show', 'T1', '--json'])).stdout);
  assert.deepEqual(shown.budget, [
    { budget: 'task T1 (budget_usd in task_templates/t1/task.yaml)', limit_usd: 0.2, spent_usd: 0.05, left_usd: 0.15 },
    { budget: 'pod DevPod (budgets.pods.DevPod)', limit_usd: 0.5, spent_usd: 0.15, left_usd: 0.35 },
    { budget: 'workspace (budgets.workspace)', limit_usd: 1, spent_usd: 0.15, left_usd: 0.85 },
  ]);
  const human = await runTaskpod(root, ['show', 'T1']);
  assert.match(human.stdout, /\nBudget: {4}pod DevPod \(budgets\.pods\.DevPod\): \$0\.3500 left of \$0\.5000 \(\$0\.1500 spent\)\n/);
});
