import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { UsageError } from '@taskpod/core';
import type { Command } from '../command';
import { buildInitPlan, type InitPlan } from '../init/build-init-plan';
import { MAX_MATRIX_JOBS } from '../init/matrix-workflow';
import { findIgnoredRecords, findInitRoot, readInitInput } from '../init/read-init-input';

const HELP = `Usage: taskpod init [--yes] [--ci-matrix N]

Makes this git repository a taskpod workspace, with or without Nx already in it: nx and taskpod
as devDependencies when package.json lacks them, the taskpod plugin and "analytics": false in
nx.json (every other setting and plugin kept), task_templates/ with an example task, prompts/,
memory/memory.yaml, .gitignore lines that keep the records tracked and ignore only scratch,
.gitattributes lines that merge two clones' records with no conflict, and
.github/workflows/taskpod.yml. Never overwrites a file; prints each file it creates or changes;
a second run changes nothing. It does not run npm: it says when an install is needed.
Also runs as an Nx generator: \`nx add taskpod\` (or \`nx g taskpod:init\`).

Options:
  --yes           write without asking (required when stdin is not a terminal)
  --ci-matrix N   also write .github/workflows/taskpod-matrix.yml: N GitHub Actions jobs running
                  \`taskpod run --ready\` on one backlog (each task claimed once, records merged)
  -h, --help      show this help`;

export const initCommand: Command = {
  name: 'init',
  summary: 'make this git repository a taskpod workspace',
  help: HELP,
  options: { yes: { type: 'boolean' }, 'ci-matrix': { type: 'string' } },
  run: async (args, io) => {
    if (args.positionals.length > 0)
      throw new UsageError(`\`taskpod init\` takes no arguments.\n\n${HELP}`, { received: args.positionals.join(' ') });
    const ciMatrix = parseCiMatrix(args.values['ci-matrix']);
    const root = findInitRoot(io.cwd, io.env);
    const plan = buildInitPlan({ ...readInitInput(root), ciMatrix });
    if (plan.changes.length === 0) {
      io.stdout(`Nothing to change: ${root} is already a taskpod workspace.\n`);
      for (const note of plan.notes) io.stdout(`${note}\n`);
      return 0;
    }
    if (!args.values.yes) {
      if (!process.stdin.isTTY)
        throw new UsageError(
          `\`taskpod init\` would change ${plan.changes.length} files in ${root}; pass --yes to write them.\n\n${describePlan(plan, '  ')}`,
        );
      io.stdout(`${describePlan(plan, '  ')}\n`);
      if (!(await confirm(`Write these ${plan.changes.length} files in ${root}? [y/N] `))) return 1;
    }
    for (const change of plan.changes) {
      const full = path.join(root, change.path);
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, change.content);
    }
    io.stdout(`${describePlan(plan, '')}\n`);
    for (const rule of findIgnoredRecords(root, io.env))
      io.stderr(`taskpod: warning: .gitignore still ignores a record: ${rule}; remove that rule so records are tracked\n`);
    for (const note of plan.notes) io.stdout(`${note}\n`);
    io.stdout("Next: `npx taskpod prompt example` shows the example task's request; `npx nx show projects` lists it.\n");
    return 0;
  },
};

/** `--ci-matrix N`: a whole number of jobs GitHub Actions can run in one matrix. */
function parseCiMatrix(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_MATRIX_JOBS)
    throw new UsageError(`--ci-matrix takes the number of runners, 1 to ${MAX_MATRIX_JOBS}.`, { received: text });
  return n;
}

function describePlan(plan: InitPlan, indent: string): string {
  return plan.changes.map((c) => `${indent}${c.action} ${c.path}${c.what ? ` (${c.what})` : ''}`).join('\n');
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}
