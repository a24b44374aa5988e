import { CommanderError } from 'commander';
import { TaskpodError, UsageError, formatErrorText } from '@taskpod/core';
import { buildProgram } from './build-program';
import type { CliIo, Command, ParsedArgs } from './command';

/**
 * Commands that need no pipeline are loaded on their own, so `taskpod next` starts without
 * loading the pipeline (model, git and GitHub clients): on a 10,000-task backlog that load costs
 * more than reading every task. Every other command comes from the full list, loaded on demand.
 */
const LIGHT_COMMANDS: Record<string, () => Command> = {
  next: () => (require('./commands/next') as { nextCommand: Command }).nextCommand,
  list: () => (require('./commands/list') as { listCommand: Command }).listCommand,
  split: () => (require('./commands/split') as { splitCommand: Command }).splitCommand,
  import: () => (require('./commands/import') as { importCommand: Command }).importCommand,
  // Lifecycle commands read records and edit task files: the ledger's writers, never the model or git.
  show: () => (require('./commands/show') as { showCommand: Command }).showCommand,
  'set-status': () => (require('./commands/set-status') as { setStatusCommand: Command }).setStatusCommand,
  reopen: () => (require('./commands/reopen') as { reopenCommand: Command }).reopenCommand,
  add: () => (require('./commands/add') as { addCommand: Command }).addCommand,
  report: () => (require('./commands/report') as { reportCommand: Command }).reportCommand,
  // `run` only starts nx, and the one-task commands import only the step runner, which loads a step's
  // module when it calls it (run-loads-lightly.test.ts): none of them should load the others' clients.
  run: () => (require('./commands/run') as { runCommand: Command }).runCommand,
  prompt: () => (require('./commands/prompt') as { promptCommand: Command }).promptCommand,
  patch: () => (require('./commands/patch') as { patchCommand: Command }).patchCommand,
  apply: () => (require('./commands/apply') as { applyCommand: Command }).applyCommand,
  log: () => (require('./commands/log') as { logCommand: Command }).logCommand,
};

const allCommands = (): Command[] => (require('./commands') as { COMMANDS: Command[] }).COMMANDS;

/** The package's own version, as `taskpod --version` prints it. */
export const VERSION: string = (require('taskpod/package.json') as { version: string }).version;

export const usage = (commands: Command[]) =>
  [
    'Usage: taskpod <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`),
    '',
    'Options:',
    '  -v, --version  print the version',
    '  -h, --help     show this help',
    '',
    "Run `taskpod help <command>` or `taskpod <command> --help` for a command's options.",
  ].join('\n');

/** The only place an error becomes output and an exit code (0 ok, 1 failure, 2 usage). */
export async function main(argv: string[], io: CliIo = defaultIo()): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    io.stderr(`${formatErrorText(error, io.env)}\n`);
    if (error instanceof TaskpodError) return error.exitCode;
    return 1;
  }
}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  const [name] = argv;
  if (name === undefined) {
    io.stderr(`${usage(allCommands())}\n`);
    return 2;
  }
  const light = Object.hasOwn(LIGHT_COMMANDS, name) ? LIGHT_COMMANDS[name] : undefined;
  const commands = light ? [light()] : allCommands();
  let chosen: { command: Command; args: ParsedArgs } | undefined;
  let problem = '';
  const program = buildProgram({
    commands,
    usage: usage(commands),
    version: VERSION,
    io,
    onError: (text) => (problem = text),
    onRun: (command, args) => (chosen = { command, args }),
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    // --help, help <cmd> and --version end here with exit code 0, after commander printed them.
    if (error.exitCode === 0) return 0;
    throw new UsageError(usageProblem(problem || error.message, argv, commands), {}, { cause: error });
  }
  if (!chosen) throw new UsageError(`Unknown command \`${name}\`.\n\n${usage(commands)}`);
  return chosen.command.run(chosen.args, io);
}

/** Commander's `error: unknown option '--jsn'\n(Did you mean --json?)` in taskpod's words. */
function usageProblem(text: string, argv: string[], commands: Command[]): string {
  const [first = '', ...rest] = text
    .replace(/^error: /, '')
    .trim()
    .split('\n');
  const sentence = first.charAt(0).toUpperCase() + first.slice(1);
  const hint = rest.join(' ').replace(/^\((.*)\)$/, '$1');
  const command = commands.find((c) => c.name === argv[0]);
  const where = command ? ` for \`taskpod ${command.name}\`` : '';
  const help = command ? `Run \`taskpod ${command.name} --help\` for its options.` : `Run \`taskpod --help\` for the commands.`;
  return `${sentence}${where}.${hint ? ` ${hint}` : ''}\n${help}`;
}

function defaultIo(): CliIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    ...(process.stderr.columns ? { columns: process.stderr.columns } : {}),
    stdinIsTTY: process.stdin.isTTY === true,
    ask: async (question) => {
      const { createInterface } = await import('node:readline/promises');
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await rl.question(question);
      } finally {
        rl.close();
      }
    },
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}
