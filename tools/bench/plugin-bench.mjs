#!/usr/bin/env node
// Times `nx show projects` over N generated task.yaml files (the taskpod plugin) against N plain
// project.json projects, same nx, same run: cold graph cache (.nx/workspace-data deleted before every
// run, no daemon), median of R runs, interleaved so machine load hits both alike. Then a warm figure
// for each with the daemon.
// Two more workspaces say how much of the gap any inference plugin pays in Nx, whatever it computes:
// a no-op plugin that returns precomputed configurations (read from one JSON file), once the same
// configurations as the plain project.json files and once exactly taskpod's.
// Targets, cold: taskpod / no-op plugin with taskpod's configs <= 1.05x (issue #14: what taskpod itself
// costs; the exit code follows it), and the older taskpod / plain project.json <= 1.1x, printed beside it.
// Nine runs by default: one run scatters by about 10% on a 2-core machine, the median of nine much less.
// Usage: node tools/bench/plugin-bench.mjs [--tasks 5000] [--runs 9] [--keep]
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const repo = path.resolve(import.meta.dirname, '../..');
const nxBin = path.join(repo, 'node_modules/nx/dist/bin/nx.js');
const { values } = parseArgs({
  options: { tasks: { type: 'string', default: '5000' }, runs: { type: 'string', default: '9' }, keep: { type: 'boolean' } },
});
const count = Number(values.tasks);
const runs = Number(values.runs);
const TARGET_PLAIN = 1.1;
const TARGET_NOOP = 1.05;

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
  if (i % 4 === 0)
    return `${header}template: true\ntasks:\n  ${id}:\n${fields.replace(/^(?=.)/gm, '    ').trimEnd()}\n    feature_id: shortlink\n    ready: true\n`;
  return `${header}id: ${id}\n${fields}`;
}

/** The plain counterpart: a project.json with the same name, tags and four targets. */
function projectConfig(i) {
  const target = (deps) => ({
    executor: 'nx:noop',
    cache: true,
    inputs: [`{workspaceRoot}/prompts/dev.md`, `{workspaceRoot}/docs/spec-${i % 100}.md`],
    outputs: [`{workspaceRoot}/.patches/T${i}/files`],
    dependsOn: deps,
  });
  return {
    name: `T${i}`,
    tags: [`status:ready`, `pod:${i % 2 ? 'DevPod' : 'QAPod'}`, `phase:${1 + (i % 5)}`, 'priority:medium'],
    targets: { run: target([]), patch: target(['run']), apply: target(['patch']), log: target(['apply']) },
  };
}

/** A plugin that computes nothing: it returns the createNodes results stored next to it. */
const NOOP_PLUGIN = `const { readFileSync } = require('node:fs');
exports.name = 'noop-floor';
exports.createNodes = ['task_templates/*/task.yaml', () => JSON.parse(readFileSync(require('node:path').join(__dirname, 'results.json'), 'utf8'))];
`;

/** The results the no-op plugin hands back: the plain configurations, or exactly what taskpod's plugin builds. */
function noopResults(kind, dir) {
  const files = Array.from({ length: count }, (_, k) => `task_templates/T${k + 1}/task.yaml`);
  if (kind === 'noop-plain')
    return files.map((file, k) => [file, { projects: { [path.dirname(file)]: { root: path.dirname(file), ...projectConfig(k + 1) } } }]);
  const { createTaskNodes } = createRequire(import.meta.url)(path.join(repo, 'libs/nx-plugin'));
  return createTaskNodes(files, { tasksGlob: 'task_templates/**/task.yaml' }, dir, path.join(dir, '.nx/noop-parse-cache'));
}

const KINDS = {
  plain: 'plain project.json',
  'noop-plain': 'no-op plugin, plain configs',
  'noop-taskpod': 'no-op plugin, taskpod configs',
  tasks: 'taskpod task.yaml',
};

function makeWorkspace(kind) {
  const dir = mkdtempSync(path.join(tmpdir(), `taskpod-bench-${kind}-`));
  const plugins =
    kind === 'tasks'
      ? [{ plugin: '@taskpod/nx-plugin', options: { tasksGlob: 'task_templates/**/task.yaml' } }]
      : kind.startsWith('noop')
        ? ['./noop-plugin/index.js']
        : [];
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
    if (kind === 'plain') writeFileSync(path.join(folder, 'project.json'), JSON.stringify(projectConfig(i), null, 2));
    else writeFileSync(path.join(folder, 'task.yaml'), taskYaml(i));
  }
  if (kind.startsWith('noop')) {
    mkdirSync(path.join(dir, 'noop-plugin'));
    writeFileSync(path.join(dir, 'noop-plugin/index.js'), NOOP_PLUGIN);
    writeFileSync(path.join(dir, 'noop-plugin/results.json'), JSON.stringify(noopResults(kind, dir)));
    rmSync(path.join(dir, '.nx'), { recursive: true, force: true });
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

const workspaces = Object.fromEntries(Object.keys(KINDS).map((kind) => [kind, makeWorkspace(kind)]));
try {
  const cold = Object.fromEntries(Object.keys(KINDS).map((kind) => [kind, []]));
  for (let r = 0; r < runs; r++) {
    for (const kind of Object.keys(KINDS)) {
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
  const base = median(cold.plain);
  const ratio = median(cold.tasks) / base;
  const ownRatio = median(cold.tasks) / median(cold['noop-taskpod']);
  console.log(`nx show projects, ${count} projects, median of ${runs}, cold graph cache, no daemon:`);
  for (const [kind, label] of Object.entries(KINDS)) {
    console.log(
      `  ${`${label}:`.padEnd(31)} ${fmt(median(cold[kind]))}  ${(median(cold[kind]) / base).toFixed(2)}x  (${cold[kind].map(fmt).join(', ')})`,
    );
  }
  console.log(
    `  taskpod / no-op plugin, taskpod configs: ${ownRatio.toFixed(3)}x (target <= ${TARGET_NOOP}x) ${ownRatio <= TARGET_NOOP ? 'OK' : 'OVER TARGET'}`,
  );
  console.log(
    `  taskpod / plain project.json: ${ratio.toFixed(2)}x (target <= ${TARGET_PLAIN}x) ${ratio <= TARGET_PLAIN ? 'OK' : 'OVER TARGET'}`,
  );
  console.log(`  the no-op rows are the floor: what Nx charges any inference plugin for the same projects`);
  console.log(`warm, with the daemon: plain ${fmt(warm.plain)}, taskpod ${fmt(warm.tasks)}`);
  process.exitCode = ownRatio <= TARGET_NOOP ? 0 : 1;
} finally {
  if (values.keep) console.log(`kept: ${Object.values(workspaces).join(' ')}`);
  else for (const dir of Object.values(workspaces)) rmSync(dir, { recursive: true, force: true });
}
