#!/usr/bin/env node
// `npm start`: the whole taskpod loop, offline. Copies the example backlog into a temporary git
// workspace with a local bare origin, runs `nx run-many -t log --projects=tag:status:ready` there
// with the `replay` provider (answers from the committed reply store, no API key), and prints where
// the patches, branches and logs are. The repository's own files are never touched.
//
// `--dir DIR` builds it there instead of a new temporary folder.
// `--record` answers from tools/demo/answers/ through a loopback OpenAI-compatible server instead,
// with the real `openai` provider, and copies the reply store it fills back into .patches/replies/.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { startAnswerServer } from './answer-server.mjs';
import { NX_BIN, REPO_ROOT, createDemoWorkspace, demoEnv, git } from './create-demo-workspace.mjs';

const { values } = parseArgs({ options: { record: { type: 'boolean' }, dir: { type: 'string' } } });
const record = values.record === true;
// --dir puts the demo in a given (empty or new) folder, for tests that clean up after themselves.
const dir = values.dir ? path.resolve(values.dir) : mkdtempSync(path.join(tmpdir(), 'taskpod-demo-'));
const { workspace, origin } = createDemoWorkspace(dir, { replies: !record });
console.log(`taskpod demo workspace: ${workspace}\n`);

const server = record ? await startAnswerServer() : null;
const env = demoEnv(
  server
    ? { TASKPOD_PROVIDER: 'openai', OPENAI_API_KEY: 'demo-recording-key', OPENAI_BASE_URL: server.url }
    : { TASKPOD_PROVIDER: 'replay' },
);
// Not spawnSync: the answer server lives in this process and must keep answering meanwhile.
const child = spawn(process.execPath, [NX_BIN, 'run-many', '-t', 'log', '--projects=tag:status:ready', '--outputStyle=stream'], {
  cwd: workspace,
  env,
  stdio: 'inherit',
});
const status = await new Promise((resolve) => child.on('close', resolve));
await server?.close();
if (status !== 0) {
  console.error(`\ntaskpod demo: nx exited ${status}; the workspace is kept at ${workspace} to look at.`);
  process.exit(1);
}

if (record) {
  const target = path.join(REPO_ROOT, '.patches', 'replies');
  rmSync(target, { recursive: true, force: true });
  cpSync(path.join(workspace, '.patches', 'replies'), target, { recursive: true });
  console.log(`\nRecorded ${server.calls.length} replies into ${path.relative(process.cwd(), target) || target}.`);
}

const patches = readdirSync(path.join(workspace, '.patches')).filter((f) => f.endsWith('.diff'));
const branches = git(workspace, 'ls-remote', '--heads', origin)
  .split('\n')
  .map((l) => l.split('refs/heads/')[1])
  .filter(Boolean);
console.log(`
Done. Everything is in ${workspace}:
  patches   .patches/ (${patches.length}): ${patches.join(', ')}
  branches  pushed to ${origin}: ${branches.join(', ')}
  trace     .logs/trace_log.md
  feedback  .logs/feedback/<id>.md
  metrics   metrics/metrics.yaml
`);
console.log(readFileSync(path.join(workspace, '.logs', 'trace_log.md'), 'utf8'));
if (existsSync(path.join(workspace, 'metrics', 'metrics.yaml'))) {
  console.log(readFileSync(path.join(workspace, 'metrics', 'metrics.yaml'), 'utf8').split('by_pod:')[0]);
}
console.log(`Try: cd ${workspace} && npx taskpod list && npx nx graph --file=graph.html`);
