import { UsageError } from '@taskpod/core';
import { claimStdout } from '../claim-stdout';
import type { Command } from '../command';
import { findWorkspaceRoot } from '../find-workspace-root';

const HELP = `Usage: taskpod mcp

Serves the Model Context Protocol over stdio, so an interactive agent (Claude Code, Codex, VS Code)
can be a pod: it takes a task, reads its prompt, hands its files in and takes them through patch,
apply and log, with the same path guard and records as \`taskpod run\` (provider mcp, the client
named). Started by the agent, from the workspace (or a folder in it):

  claude mcp add taskpod -- npx taskpod mcp

Tools: next_task, render_prompt, submit_work, make_patch, apply_task, log_task, list_tasks,
show_task, search_memory, set_status, reopen_task, add_task, undo_task. Resources: taskpod://memory-index and taskpod://memory/<path>.
Stdout carries only protocol messages; warnings and progress go to stderr.

Options:
  -h, --help  show this help`;

export const mcpCommand: Command = {
  name: 'mcp',
  summary: 'serve the tasks to an interactive agent over the Model Context Protocol (stdio)',
  help: HELP,
  options: {},
  run: async (args, io) => {
    if (args.positionals.length > 0)
      throw new UsageError(`\`taskpod mcp\` takes no arguments.\n\n${HELP}`, { received: args.positionals.join(' ') });
    // Outside a workspace this fails here, on stderr, before any protocol starts.
    const root = findWorkspaceRoot(io.cwd);
    const output = claimStdout();
    const { serveMcp } = await import('@taskpod/mcp');
    await serveMcp({ root, env: io.env, input: process.stdin, output, log: (line) => io.stderr(`${line}\n`) });
    return 0;
  },
};
