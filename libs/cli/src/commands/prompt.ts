import type { Command } from '../command';
import { runCommandStep } from '../run-command-step';

const HELP = `Usage: taskpod prompt <id> [--json] [--offline]

Prints the request \`taskpod run\` would send for the task, without calling any model: the system
message and the user message (task id, description, declared outputs, reply contract, the
template's instructions, memory, inputs, upstream outputs and live GitHub memory). The provider,
model and reply-store key go to stderr. Live GitHub memory is fetched (GITHUB_TOKEN) unless --offline;
without GITHUB_TOKEN it is listed, not fetched, as with --offline, and stderr says so. Inputs not
written yet and live memory files that do not exist yet are notes in the prompt and warnings on stderr.

Options:
  --json      JSON for scripts: { id, provider, model, reply_key, in_store, prompt_hash, system, user }
  --offline   do not fetch live GitHub memory (the request then differs from what run sends)
  -h, --help  show this help`;

export const promptCommand: Command = {
  name: 'prompt',
  summary: 'print the rendered prompt of a task without calling a model',
  help: HELP,
  options: { json: { type: 'boolean' }, offline: { type: 'boolean' } },
  run: async (args, io) => {
    const { task, result: built } = await runCommandStep('prompt', HELP, args, io);
    const id = task.id;
    if (built.listedWithoutToken)
      io.stderr(
        `warning: ${id}: GITHUB_TOKEN is not set, so live GitHub memory is listed, not fetched (as with --offline); run needs the token.\n`,
      );
    for (const warning of built.warnings) io.stderr(`warning: ${warning}\n`);
    const inStore = built.inStore;
    if (args.values.json) {
      const json = {
        id,
        provider: built.choice.provider,
        model: built.choice.model,
        reply_key: built.key,
        in_store: inStore,
        prompt_hash: built.promptHash,
        system: built.messages.system,
        user: built.messages.user,
      };
      io.stdout(`${JSON.stringify(json, null, 2)}\n`);
      return 0;
    }
    io.stderr(
      `${id}: provider ${built.choice.provider} (${built.choice.source.provider}), model ${built.choice.model}; reply key ${built.key} ${inStore ? 'is in the reply store: run would not call a model' : 'is not in the reply store'}\n`,
    );
    io.stdout(`=== system ===\n${built.messages.system}\n\n=== user ===\n${built.messages.user}`);
    return 0;
  },
};
