import type { ParseArgsConfig } from 'node:util';

/** Where a command reads and writes; passed in so tests can capture output. */
export interface CliIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout and stderr are terminals, and the terminal's width: colour and live views ask here. */
  isTTY?: boolean;
  stderrIsTTY?: boolean;
  columns?: number;
  /** All of standard input, for flags that read `-`; absent where there is none to read. */
  readStdin?: () => Promise<string>;
  /** Whether standard input is a terminal a person can answer a question at. */
  stdinIsTTY?: boolean;
  /** Asks a question (on stderr) and returns the line typed; only asked when stdinIsTTY. */
  ask?: (question: string) => Promise<string>;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

/** One `taskpod <name>` command; `run` returns the exit code. Errors it throws are formatted by main. */
export interface Command {
  name: string;
  summary: string;
  /** Usage line and option list shown by `--help`. */
  help: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run: (args: ParsedArgs, io: CliIo) => Promise<number>;
}
