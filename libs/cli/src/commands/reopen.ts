import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { UsageError, UserError, decodeUtf8, formatIssue } from '@taskpod/core';
import { reopenTask } from '@taskpod/ledger';
import type { CliIo, Command, ParsedArgs } from '../command';
import { findTasks } from '../lifecycle/find-tasks';
import { loadCliWorkspace } from '../load-cli-workspace';

const HELP = `Usage: taskpod reopen <id> [--feedback TEXT | --feedback-file F | --feedback -] [--json]

Sets the task's status back to ready (as set-status does: comments kept, under the log lock) and
appends the feedback, under a "Reopened <time>" line, at the end of the "Human feedback" section of
.logs/feedback/<id>.md. The next prompt carries that section, so the next run asks the model anew
instead of reusing the stored reply. Without feedback the prompt is unchanged: the next run reuses
the stored reply unless run with --fresh.

Options:
  --feedback TEXT     what to do differently; \`-\` reads it from standard input
  --feedback-file F   read the feedback from file F
  --json              JSON for scripts: { id, file, from, to, changed, feedback_file }
  -h, --help          show this help`;

export const reopenCommand: Command = {
  name: 'reopen',
  summary: 'set a task ready again, with feedback the next run reads',
  help: HELP,
  options: { feedback: { type: 'string' }, 'feedback-file': { type: 'string' }, json: { type: 'boolean' } },
  run: async (args, io) => {
    if (args.positionals.length !== 1)
      throw new UsageError(`\`taskpod reopen\` takes exactly one task id.\n\n${HELP}`, {
        received: args.positionals.join(' ') || 'nothing',
      });
    const feedback = await readFeedback(args, io);
    const workspace = await loadCliWorkspace(io);
    const [task] = findTasks(args.positionals, workspace.tasks, workspace.config.tasksGlob);
    const result = await reopenTask(workspace.root, task!, feedback, { now: new Date() });
    const { status } = result;
    if (args.values.json) {
      io.stdout(`${JSON.stringify({ ...status, feedback_file: result.feedbackFile }, null, 2)}\n`);
      return 0;
    }
    const change = status.changed.length ? `${status.from} -> ready` : 'already ready';
    if (result.feedbackFile)
      io.stdout(`${status.id}: ${change}; feedback added to ${result.feedbackFile}: the next run asks the model anew.\n`);
    else io.stdout(`${status.id}: ${change}. No feedback: the next run reuses the stored reply unless run with --fresh.\n`);
    return 0;
  },
};

/** The feedback text from --feedback, --feedback - (stdin) or --feedback-file; null for none. */
async function readFeedback(args: ParsedArgs, io: CliIo): Promise<string | null> {
  const inline = args.values.feedback;
  const file = args.values['feedback-file'];
  if (typeof inline === 'string' && typeof file === 'string')
    throw new UsageError('Give the feedback once: --feedback or --feedback-file, not both.');
  let text: string;
  if (typeof file === 'string') text = readFeedbackFile(path.resolve(io.cwd, file), file);
  else if (inline === '-') {
    if (!io.readStdin) throw new UsageError('`--feedback -` reads standard input, and there is none here.');
    text = await io.readStdin();
  } else if (typeof inline === 'string') text = inline;
  else return null;
  if (text.trim() === '')
    throw new UsageError(
      `The feedback ${typeof file === 'string' ? `in ${file} ` : ''}is empty; write what the next run should do differently.`,
    );
  return text;
}

function readFeedbackFile(absolute: string, shown: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(absolute);
  } catch (error) {
    throw new UserError(`Cannot read the feedback file ${shown}: ${(error as Error).message}`, {}, { cause: error });
  }
  const { text, issue } = decodeUtf8(bytes, shown);
  if (issue) throw new UserError(`${formatIssue(issue)}; nothing was written.`);
  return text;
}
