import { UsageError, formatIssue } from '@taskpod/core';
import { type AddTaskRequest, addTask, checkAddRequest } from '@taskpod/ledger';
import type { Command, ParsedArgs } from '../command';
import { loadCliWorkspace } from '../load-cli-workspace';

const HELP = `Usage: taskpod add [--from ID] [--id ID] [--description T] [--pod P] [--phase N] [--output GLOB]... [--depends-on ID]... [--prompt PATH] [--set k=v]... [--json]

Writes a new task file with status ready and prints its path. From flags (--id and --description
needed), or with --from as a copy of a task or template: its fields, their order and comments, and
instance_of naming it (or the template it is an instance of), so the template's prompt and memory
apply. <placeholders> in the copied strings are filled from --set, else from the copy's own field
of that name (a --set naming a field sets the field too); a placeholder left unfilled or a --set
nothing uses is an error. The flags given win over what is copied.

The file goes to <folder>/<id>/task.yaml: beside the copied task, else in the folder holding the
most task folders. An id any task or template has is refused. The file is checked like every task
file, with the rest of the workspace (depends_on ids, cycles, overlaps), before it is written, and
is written whole or not at all. Copying a \`template: true\` file makes it a template: it stops
being a task of its own, as in the framework.

Options:
  --from ID            the task or template to copy (its id, or its task file's path)
  --id ID              the new task's id
  --description T      what the task must achieve
  --pod P              the pod that owns it
  --phase N            its phase (a number, or a label such as "Phase 2 - Build")
  --output GLOB        a path glob it may write (repeat for more; replaces the copied outputs)
  --depends-on ID      a task that must be done first (repeat for more)
  --prompt PATH        its prompt template
  --set k=v            a value for <k> in the copied task's strings (repeat for more)
  --json               JSON for scripts: { id, file, instance_of }
  -h, --help           show this help`;

export const addCommand: Command = {
  name: 'add',
  summary: 'write a new task file, from flags or as a copy of a task or template',
  help: HELP,
  options: {
    from: { type: 'string' },
    id: { type: 'string' },
    description: { type: 'string' },
    pod: { type: 'string' },
    phase: { type: 'string' },
    output: { type: 'string', multiple: true },
    'depends-on': { type: 'string', multiple: true },
    prompt: { type: 'string' },
    set: { type: 'string', multiple: true },
    json: { type: 'boolean' },
  },
  run: async (args, io) => {
    if (args.positionals.length > 0) {
      throw new UsageError(`\`taskpod add\` takes flags only, not \`${args.positionals.join(' ')}\`.\n\n${HELP}`);
    }
    const request = readFlags(args);
    const workspace = await loadCliWorkspace(io);
    const added = await addTask(workspace.root, workspace.config, workspace, request, { cwd: io.cwd, now: new Date() });
    for (const issue of added.warnings) io.stderr(`taskpod: warning: ${formatIssue(issue)}\n`);
    if (added.becameTemplate) {
      io.stderr(
        `taskpod: note: ${added.becameTemplate} says \`template: true\`: now that ${added.id} instantiates it, it is a template, no longer a task of its own.\n`,
      );
    }
    if (args.values.json) io.stdout(`${JSON.stringify({ id: added.id, file: added.file, instance_of: added.instance_of }, null, 2)}\n`);
    else io.stdout(`wrote ${added.file}\n`);
    return 0;
  },
};

/** The flags, checked before any file is read: usage errors come first. */
function readFlags(args: ParsedArgs): AddTaskRequest {
  const v = args.values;
  const str = (name: string) => (typeof v[name] === 'string' ? (v[name] as string) : undefined);
  const many = (name: string) => (Array.isArray(v[name]) ? (v[name] as string[]) : undefined);
  const id = str('id');
  if (id === undefined) throw new UsageError(`\`taskpod add\` needs --id: the new task's id.\n\n${HELP}`);
  const set: Record<string, string> = {};
  for (const pair of many('set') ?? []) {
    const match = /^([A-Za-z0-9_.-]+)=(.*)$/s.exec(pair);
    if (!match)
      throw new UsageError(`Expected --set key=value, got \`${pair}\`.`, {
        expected: 'a key of letters, digits, _ . - then = and the value',
      });
    set[match[1]!] = match[2]!;
  }
  const request: AddTaskRequest = {
    id,
    set,
    from: str('from'),
    description: str('description'),
    pod: str('pod'),
    phase: str('phase'),
    outputs: many('output'),
    dependsOn: many('depends-on'),
    prompt: str('prompt'),
  };
  checkAddRequest(request);
  return request;
}
