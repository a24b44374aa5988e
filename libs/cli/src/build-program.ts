import { Command as Program, Option } from 'commander';
import type { CliIo, Command, ParsedArgs } from './command';

type OptionSpec = Command['options'][string];

/**
 * The commander program for `commands`: commander parses flags, suggests commands and options, and
 * answers `--version` and `help <cmd>`; each command keeps its own help text and its `run`.
 * `onRun` receives the command and its arguments in the shape the commands read (`values` keyed by
 * the flag as written, `positionals`), so commands do not depend on commander.
 */
export function buildProgram(options: {
  commands: Command[];
  usage: string;
  version: string;
  io: CliIo;
  onError: (message: string) => void;
  onRun: (command: Command, args: ParsedArgs) => void;
}): Program {
  const { commands, io } = options;
  const program = new Program('taskpod')
    .version(options.version, '-v, --version', 'print the version')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: (text) => options.onError(text) });
  program.helpInformation = () => `${options.usage}\n`;
  for (const command of commands) {
    const sub = program.command(command.name).description(command.summary).argument('[args...]');
    sub.helpInformation = () => `${command.help}\n`;
    const names = Object.entries(command.options).map(([name, spec]) => {
      const option = toOption(name, spec);
      sub.addOption(option);
      return { name, attribute: option.attributeName(), negate: option.negate };
    });
    sub.action((positionals: string[], parsed: Record<string, unknown>) => {
      const values: ParsedArgs['values'] = {};
      for (const { name, attribute, negate } of names) {
        const value = parsed[attribute];
        // `--no-push` is written `no-push` by the commands: true when given, absent otherwise.
        if (negate) values[name] = value === false ? true : undefined;
        else if (value !== undefined) values[name] = value as ParsedArgs['values'][string];
      }
      options.onRun(command, { values, positionals });
    });
  }
  return program;
}

function toOption(name: string, spec: OptionSpec): Option {
  const short = spec.short ? `-${spec.short}, ` : '';
  if (spec.type === 'boolean') return new Option(`${short}--${name}`);
  const option = new Option(`${short}--${name} <value>`);
  if (spec.multiple) option.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
  return option;
}
