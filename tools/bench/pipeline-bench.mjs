#!/usr/bin/env node
// 100 tasks through Nx against a loopback model that takes 500 ms per answer, at --parallel 8.
// The ideal wall time is the model's alone: ceil(tasks / parallel) x latency. Prints the wall time
// of the model step (`-t run`) and of the whole loop (`-t log`: patch, apply with a push to a bare
// origin, log), each against that ideal, and the per-task overhead. Target: run at most 1.3x.
// Usage: node tools/bench/pipeline-bench.mjs [--tasks N] [--parallel N] [--latency MS] [--run-only] [--keep]
// NX_PARALLEL is set too: the `run` batch executor (one process for all tasks) cannot see --parallel.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { startAnswerServer } from '../demo/answer-server.mjs';
import { NX_BIN, REPO_ROOT, demoEnv, git } from '../demo/create-demo-workspace.mjs';

const { values } = parseArgs({
  options: { tasks: { type: 'string', default: '100' }, parallel: { type: 'string', default: '8' }, latency: { type: 'string', default: '500' }, 'run-only': { type: 'boolean' }, keep: { type: 'boolean' } },
});
const count = Number(values.tasks);
const parallel = Number(values.parallel);
const latencyMs = Number(values.latency);
const TARGET = 1.3;

/** A workspace of `count` independent tasks in one phase, each writing its own file. */
function createWorkspace(dir) {
  const workspace = path.join(dir, 'workspace');
  const origin = path.join(dir, 'origin.git');
  mkdirSync(workspace, { recursive: true });
  writeFileSync(path.join(workspace, 'nx.json'), JSON.stringify({ plugins: [{ plugin: '@taskpod/nx-plugin', options: { provider: 'openai' } }] }));
  writeFileSync(path.join(workspace, 'package.json'), '{ "name": "bench", "private": true }\n');
  writeFileSync(path.join(workspace, '.gitignore'), 'node_modules\n.nx/\n');
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(workspace, 'node_modules'), 'dir');
  mkdirSync(path.join(workspace, 'prompts'));
  writeFileSync(path.join(workspace, 'prompts', 'dev.md'), 'Write the file the task names.\n');
  for (let i = 1; i <= count; i += 1) {
    const folder = path.join(workspace, 'task_templates', `B${i}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'task.yaml'), `id: B${i}\ndescription: Write note ${i}.\npod: DevPod\nphase: 1\nstatus: ready\nprompt: prompts/dev.md\noutputs:\n  - notes/b${i}.md\n`);
  }
  git(dir, 'init', '-q', '--bare', '-b', 'main', origin);
  git(workspace, 'init', '-q', '-b', 'main');
  git(workspace, 'config', 'commit.gpgsign', 'false');
  git(workspace, 'add', '-A');
  git(workspace, 'commit', '-q', '-m', 'bench backlog');
  git(workspace, 'remote', 'add', 'origin', origin);
  git(workspace, 'push', '-q', '-u', 'origin', 'main');
  return workspace;
}

function nx(workspace, env, args) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [NX_BIN, ...args], { cwd: workspace, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => (code === 0 ? resolve((performance.now() - started) / 1000) : reject(new Error(`nx ${args.join(' ')} exited ${code}\n${stderr}`))));
  });
}

const dir = mkdtempSync(path.join(tmpdir(), 'taskpod-pipeline-bench-'));
const server = await startAnswerServer({
  latencyMs,
  answerFor: (id) => ({ summary: `Wrote note ${id}`, files: [{ path: `notes/${id.toLowerCase()}.md`, content: `# ${id}\n` }] }),
});
try {
  const workspace = createWorkspace(dir);
  // Each answer carries a task id unique to this run, so the reply store starts empty.
  const env = demoEnv({ OPENAI_API_KEY: 'bench-key', OPENAI_BASE_URL: server.url, NX_PARALLEL: String(parallel) });
  const ideal = Math.ceil(count / parallel) * (latencyMs / 1000);
  const runWall = await nx(workspace, env, ['run-many', '-t', 'run', '--all', `--parallel=${parallel}`, '--skip-nx-cache']);
  const modelCalls = server.calls.length;
  const logWall = values['run-only'] ? null : await nx(workspace, env, ['run-many', '-t', 'log', '--all', `--parallel=${parallel}`]);
  const f = (s) => `${s.toFixed(2)} s`;
  console.log(`pipeline bench: ${count} tasks, parallel ${parallel}, model latency ${latencyMs} ms (${REPO_ROOT})`);
  console.log(`  ideal (model time only)      ${f(ideal)}`);
  console.log(`  run step (-t run)            ${f(runWall)}  ratio ${(runWall / ideal).toFixed(2)}x (target <= ${TARGET}x)  overhead ${(((runWall - ideal) * parallel) / count * 1000).toFixed(0)} ms per task-slot`);
  if (logWall !== null) console.log(`  whole loop (-t log, run cached) ${f(logWall)}  patch+apply+log ${(logWall / count * 1000).toFixed(0)} ms per task wall`);
  console.log(`  model calls: ${modelCalls} in the run step, ${server.calls.length - modelCalls} more in the whole loop`);
  process.exitCode = runWall / ideal <= TARGET ? 0 : 1;
} finally {
  await server.close();
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
}
