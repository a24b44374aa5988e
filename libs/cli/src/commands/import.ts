import { createInterface } from 'node:readline/promises';
import { UsageError, findTaskFiles, readConfig } from '@taskpod/core';
import type { CliIo, Command } from '../command';
import { applyImportChanges, isGitWorkTree } from '../apply-import-changes';
import { findNxJsonFolder } from '../find-workspace-root';
import { findInitRoot } from '../init/read-init-input';
import { type ImportChange, planFrameworkImport } from '../plan-framework-import';

const HELP = `Usage: taskpod import [--yes] [--dry-run]

Makes a repository holding the original framework's files (ai-delivery-framework) a taskpod
workspace, in place, converting only what taskpod cannot read as it is:
  - a backlog of several tasks (the framework's task.yaml with a \`tasks:\` map) becomes one
    task.yaml per task under task_templates/backlog/<id>/, comments and every field kept;
    the framework's templates (\`template: true\`) stay templates
  - ids that cannot be ids (spaces, \`/\`) are mapped, and the mapping is written to
    task_templates/id-map.yaml; depends_on follows, also where it names a template folder
  - tasks whose only outputs are backlog edits get \`taskpod_command\`: the command that does
    their work without a model (their runs fail before any model call)
  - nx.json gets the taskpod plugin (a minimal nx.json when there is none)
Every change is printed (file, what, why). Moves and removals go through git. A second run
finds nothing to do. Statuses, dates, template_outputs, instance_of and prompt_template*.md are
read natively and need no conversion.

Options:
  --yes       apply without asking (required without a terminal)
  --dry-run   print the changes, change nothing
  -h, --help  show this help`;

export const importCommand: Command = {
  name: 'import',
  summary: "convert the original framework's files in place, once",
  help: HELP,
  options: { yes: { type: 'boolean' }, 'dry-run': { type: 'boolean' } },
  run: async (args, io) => {
    if (args.positionals.length > 0)
      throw new UsageError(`taskpod import takes no arguments, got ${args.positionals.join(' ')}.\n\n${HELP}`);
    // A framework repository is not a taskpod workspace yet: import makes it one (as init would).
    const root = findNxJsonFolder(io.cwd) ?? findInitRoot(io.cwd, io.env);
    const config = readConfig(root);
    const changes = planFrameworkImport(root, await findTaskFiles(root, config));
    if (changes.length === 0) {
      io.stdout('Nothing to import: taskpod reads these files as they are.\n');
      return 0;
    }
    for (const line of describeChanges(changes)) io.stdout(`${line}\n`);
    if (args.values['dry-run']) {
      io.stdout(`Dry run: ${changes.length} change(s), nothing written.\n`);
      return 0;
    }
    if (!args.values.yes) {
      if (!process.stdin.isTTY)
        throw new UsageError(
          'taskpod import asks before changing files, and there is no terminal to ask: pass --yes (or --dry-run to only look).',
        );
      if (!(await confirm(io, `Apply these ${changes.length} change(s)? [y/N] `))) {
        io.stdout('Nothing changed.\n');
        return 1;
      }
    }
    const inGit = isGitWorkTree(root, io.env);
    applyImportChanges(root, changes, inGit, io.env);
    io.stdout(`Imported: ${changes.length} change(s)${inGit ? ', staged in git; review them with `git status` and commit' : ''}.\n`);
    return 0;
  },
};

/** `file: what (why)`, then one line per edit made on the way. */
export function describeChanges(changes: readonly ImportChange[]): string[] {
  return changes.flatMap((c) => [
    `${c.kind.padEnd(6)} ${c.file}${c.to ? ` -> ${c.to}` : ''}: ${c.what}${c.why ? ` (${c.why})` : ''}`,
    ...(c.details ?? []).map((d) => `         - ${d}`),
  ]);
}

async function confirm(io: CliIo, question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    io.stdout('');
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}
