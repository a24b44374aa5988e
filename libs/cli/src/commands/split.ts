import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { UsageError, UserError, assertTaskId, decodeUtf8, formatIssue, resolveWriteTarget, toWorkspacePath } from '@taskpod/core';
import type { Command } from '../command';
import { findWorkspaceRoot } from '../find-workspace-root';
import { splitTaskFile } from '../split-task-file';

const HELP = `Usage: taskpod split <file>

Turns a task file whose \`tasks:\` map holds several tasks into one file per task,
<folder of file>/<id>/task.yaml, each keeping the original shape and its comments. Refuses to
overwrite any file; the file is removed only after every new file is written.

Options:
  -h, --help  show this help`;

export const splitCommand: Command = {
  name: 'split',
  summary: 'write one task.yaml per task of a multi-task file',
  help: HELP,
  options: {},
  run: async (args, io) => {
    if (args.positionals.length !== 1) throw new UsageError(`Expected one FILE to split, got ${args.positionals.length}.\n\n${HELP}`);
    const file = path.resolve(io.cwd, args.positionals[0]!);
    const root = findWorkspaceRoot(io.cwd);
    const shown = (p: string) => (p.startsWith(root + path.sep) ? toWorkspacePath(root, p) : p);
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      throw new UserError(`Cannot read ${shown(file)}: ${(error as Error).message}`, {}, { cause: error });
    }
    const { text, issue } = decodeUtf8(bytes, shown(file));
    if (issue) throw new UserError(`${formatIssue(issue)}; nothing was written.`);
    const parts = splitTaskFile(text, shown(file));
    if (parts.length < 2) {
      io.stdout(`${shown(file)} holds ${parts.length} task; nothing to split.\n`);
      return 0;
    }
    const dir = path.dirname(file);
    const targets = parts.map((part) => {
      const target = path.join(dir, assertTaskId(part.id), 'task.yaml');
      resolveWriteTarget(root, path.relative(root, target)); // throws for a folder outside the workspace or in .git/
      return { ...part, file: target };
    });
    const taken = targets.filter((t) => existsSync(t.file)).map((t) => shown(t.file));
    if (taken.length > 0)
      throw new UserError(`Refusing to overwrite ${taken.join(', ')}; nothing was written.`, {
        hint: 'Move or remove those files, then split again.',
      });
    writeAll(targets);
    rmSync(file);
    for (const t of targets) io.stdout(`wrote ${shown(t.file)}\n`);
    io.stdout(`removed ${shown(file)}\n`);
    if (existsSync(path.join(dir, 'memory.yaml'))) {
      io.stdout(
        `note: ${shown(path.join(dir, 'memory.yaml'))} was these tasks' default memory; tasks without \`memory\` now read <id>/memory.yaml instead, so name it in their \`memory\` to keep it.\n`,
      );
    }
    return 0;
  },
};

/** Writes every file or none: exclusive creation, and on any failure the ones written are removed. */
function writeAll(targets: { file: string; text: string }[]): void {
  const written: string[] = [];
  try {
    for (const t of targets) {
      mkdirSync(path.dirname(t.file), { recursive: true });
      writeFileSync(t.file, t.text, { flag: 'wx' });
      written.push(t.file);
    }
  } catch (error) {
    for (const f of written) rmSync(f, { force: true });
    throw new UserError(`Could not write the split files; nothing was kept: ${(error as Error).message}`, {}, { cause: error });
  }
}
