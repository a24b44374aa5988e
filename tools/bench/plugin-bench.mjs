#!/usr/bin/env node
// Times `nx show projects` over N generated task.yaml files (the taskpod plugin) against N plain
// project.json projects, same nx, same run: cold graph cache (.nx/workspace-data deleted before every
// run, no daemon), median of R runs, interleaved so machine load hits both alike. Then a warm figure
// for each with the daemon. Target: plugin/plain <= 1.1x cold.
// Usage: node tools/bench/plugin-bench.mjs [--tasks 5000] [--runs 3] [--keep]
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

const repo = path.resolve(import.meta.dirname, '../..');
const nxBin = path.join(repo, 'node_modules/nx/dist/bin/nx.js');
const { values } = parseArgs({ options: { tasks: { type: 'string', default: '5000' }, runs: { type: 'string', default: '3' }, keep: { type: 'boolean' } } });
const count = Number(values.tasks);
const runs = Number(values.runs);
const TARGET = 1.1;

/** A task in the sample backlog's shape: both file shapes, phases, pods, prompt, memory, inputs, outputs, depends_on. */
function taskYaml(i) {
  const id = `T${i}`;
  const phase = i % 50 === 0 ? 'Cross-Phase' : `Phase ${1 + (i % 5)} - Work`;
  const deps = i > 10 && i % 7 === 0 ? `\n  - T${i - 5}` : ' []';
  const fields = `description: >-
  Implement part ${i} of the shortlink feature as the requirements say, with tests, and document
  what changed for the next pod.
pod: ${i % 2 ? 'DevPod' : 'QAPod'}
phase: ${phase}
status: ${i % 3 === 0 ? 'done' : 'ready'}
priority: ${['critical', 'high', 'medium', 'low'][i % 4]}
created_at: 2025-01-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z
prompt: prompts/${i % 2 ? 'dev' : 'qa'}.md
memory:
  - memory/memory.yaml
inputs:
  - memory/conventions.md
  - docs/spec-${i % 100}.md
outputs:
  - src/part-${i}/<feature_id>.ts
  - docs/part-${i}.md
depends_on:${deps}
`;
  const header = '# yaml-language-server: $schema=../../schemas/task.schema.json\n';
  if (i % 4 === 0) return `${header}template: true\ntasks:\n  ${id}:\n${fields.replace(/^(?=.)/gm, '    ').trimEnd()}\n    feature_id: shortlink\n    ready: true\n`;
  return `${header}id: ${id}\n${fields}`;
}

/** The plain counterpart: a project.json with the same name, tags and four targets. */
function projectJson(i) {
  const target = (deps) => ({ executor: 'nx:noop', cache: true, inputs: [`{workspaceRoot}/prompts/dev.md`, `{workspaceRoot}/docs/spec-${i % 100}.md`], outputs: [`{workspaceRoot}/.patches/T${i}/files`], dependsOn: deps });
  return JSON.stringify({
    name: `T${i}`,
    tags: [`status:ready`, `pod:${i % 2 ? 'DevPod' : 'QAPod'}`, `phase:${1 + (i % 5)}`, 'priority:medium'],
    targets: { run: target([]), patch: target(['run']), apply: target(['patch']), log: target(['apply']) },
  }, null, 2);
}

function makeWorkspace(kind) {
  const dir = mkdtempSync(path.join(tmpdir(), `taskpod-bench-${kind}-`));
  const plugins = kind === 'tasks' ? [{ plugin: '@taskpod/nx-plugin', options: { tasksGlob: 'task_templates/**/task.yaml' } }] : [];
  writeFileSync(path.join(dir, 'nx.json'), JSON.stringify({ plugins }, null, 2));
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `bench-${kind}`, private: true }));
  writeFileSync(path.join(dir, '.gitignore'), 'node_modules\n.nx\n.nx-bench-stdout\n');
  symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  for (const folder of ['prompts', 'memory', 'docs']) mkdirSync(path.join(dir, folder));
  writeFileSync(path.join(dir, 'prompts/dev.md'), 'Implement the task.\n');
  writeFileSync(path.join(dir, 'prompts/qa.md'), 'Test the task.\n');
  writeFileSync(path.join(dir, 'memory/memory.yaml'), '- path: memory/conventions.md\n  description: Conventions\n');
  writeFileSync(path.join(dir, 'memory/conventions.md'), 'CommonJS, node:test.\n');
  for (let d = 0; d < 100; d++) writeFileSync(path.join(dir, `docs/spec-${d}.md`), `# Spec ${d}\n`);
  for (let i = 1; i <= count; i++) {
    const folder = path.join(dir, 'task_templates', `T${i}`);
    mkdirSync(folder, { recursive: true });
    if (kind === 'tasks') writeFileSync(path.join(folder, 'task.yaml'), taskYaml(i));
    else writeFileSync(path.join(folder, 'project.json'), projectJson(i));
  }
  return dir;
}

// stdout goes to a file: nx exits right after printing, and a pipe under load loses the tail.
function nx(dir, args, env) {
  const outFile = path.join(dir, '.nx-bench-stdout');
  const fd = openSync(outFile, 'w');
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [nxBin, ...args], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', fd, 'pipe'],
    env: { ...process.env, NX_NO_CLOUD: 'true', NX_TUI: 'false', NX_CACHE_DIRECTORY: path.join(dir, '.nx/cache'), ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  closeSync(fd);
  const stdout = readFileSync(outFile, 'utf8');
  if (result.status !== 0) throw new Error(`nx ${args.join(' ')} failed in ${dir}:\n${result.stderr}\n${stdout}`);
  return { ms, projects: stdout.split('\n').filter(Boolean).length };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;

const workspaces = { tasks: makeWorkspace('tasks'), plain: makeWorkspace('plain') };
try {
  const cold = { tasks: [], plain: [] };
  for (let r = 0; r < runs; r++) {
    for (const kind of ['plain', 'tasks']) {
      rmSync(path.join(workspaces[kind], '.nx/workspace-data'), { recursive: true, force: true });
      const { ms, projects } = nx(workspaces[kind], ['show', 'projects'], { NX_DAEMON: 'false' });
      if (projects < count) throw new Error(`${kind}: expected at least ${count} projects, got ${projects}`);
      cold[kind].push(ms);
    }
  }
  const warm = {};
  for (const kind of ['plain', 'tasks']) {
    const env = { NX_DAEMON: 'true' };
    nx(workspaces[kind], ['show', 'projects'], env); // starts the daemon and fills its graph
    warm[kind] = median(Array.from({ length: runs }, () => nx(workspaces[kind], ['show', 'projects'], env).ms));
    nx(workspaces[kind], ['daemon', '--stop'], env);
  }
  const ratio = median(cold.tasks) / median(cold.plain);
  console.log(`nx show projects, ${count} projects, median of ${runs}, cold graph cache, no daemon:`);
  console.log(`  plain project.json: ${fmt(median(cold.plain))}  (${cold.plain.map(fmt).join(', ')})`);
  console.log(`  taskpod task.yaml:  ${fmt(median(cold.tasks))}  (${cold.tasks.map(fmt).join(', ')})`);
  console.log(`  ratio: ${ratio.toFixed(2)}x (target <= ${TARGET}x) ${ratio <= TARGET ? 'OK' : 'OVER TARGET'}`);
  console.log(`warm, with the daemon: plain ${fmt(warm.plain)}, taskpod ${fmt(warm.tasks)}`);
  process.exitCode = ratio <= TARGET ? 0 : 1;
} finally {
  if (values.keep) console.log(`kept: ${workspaces.tasks} ${workspaces.plain}`);
  else for (const dir of Object.values(workspaces)) rmSync(dir, { recursive: true, force: true });
}
