import { parseArgs } from 'node:util';
import { TaskpodError, UsageError, describeTaskpodError, redactSecrets } from '@taskpod/core';
import type { CliIo, Command } from './command';

/**
 * Commands that only read task files (and the report, which reads the ledger too) are loaded on
 * their own, so `taskpod next` starts without loading the pipeline (model, git and GitHub clients): on a 10,000-task backlog that load costs
 * more than reading every task. Every other command comes from the full list, loaded on demand.
 */
const LIGHT_COMMANDS: Record<string, () => Command> = {
  next: () => (require('./commands/next') as { nextCommand: Command }).nextCommand,
  list: () => (require('./commands/list') as { listCommand: Command }).listCommand,
  split: () => (require('./commands/split') as { splitCommand: Command }).splitCommand,
  import: () => (require('./commands/import') as { importCommand: Command }).importCommand,
  report: () => (require('./commands/report') as { reportCommand: Command }).reportCommand,
};

const allCommands = (): Command[] => (require('./commands') as { COMMANDS: Command[] }).COMMANDS;

const USAGE = (COMMANDS: Command[]) =>
  [
    'Usage: taskpod <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(8)} ${c.summary}`),
    '',
    'Run `taskpod <command> --help` for a command\'s options.',
  ].join('\n');

/** The only place an error becomes output and an exit code (0 ok, 1 failure, 2 usage). */
export async function main(argv: string[], io: CliIo = defaultIo()): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    io.stderr(`${formatError(error, io.env)}\n`);
    if (error instanceof TaskpodError) return error.exitCode;
    return 1;
  }
}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout)(`${USAGE(allCommands())}\n`);
    return name === undefined ? 2 : 0;
  }
  const light = Object.hasOwn(LIGHT_COMMANDS, name) ? LIGHT_COMMANDS[name] : undefined;
  const command = light ? light() : allCommands().find((c) => c.name === name);
  if (!command) throw new UsageError(`Unknown command \`${name}\`.\n\n${USAGE(allCommands())}`);
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${command.help}\n`);
    return 0;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${command.help}`, {}, { cause: error });
  }
  return command.run(parsed as never, io);
}

function formatError(error: unknown, env: NodeJS.ProcessEnv): string {
  const prefix = 'taskpod: ';
  if (error instanceof TaskpodError) {
    const lines = describeTaskpodError(error, env);
    lines[0] = `${prefix}${lines[0]}`;
    if (env.TASKPOD_DEBUG && error.stack) lines.push(error.stack);
    return redactSecrets(lines.join('\n'), env);
  }
  const err = error as Error;
  return redactSecrets(`${prefix}unexpected error: ${err?.stack ?? String(error)}`, env);
}

function defaultIo(): CliIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  };
}
