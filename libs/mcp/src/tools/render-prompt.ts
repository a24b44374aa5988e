import { z } from 'zod';
import { defineTool } from '../define-tool';
import { runToolStep } from '../open-workspace';
import { taskId } from './schema-parts';

/** `taskpod prompt --json`: the exact request `run` would send, and the instructions to do the task. */
export const renderPromptTool = defineTool({
  name: 'render_prompt',
  title: 'Render prompt',
  description:
    'The exact request `taskpod run` would send a model for the task (system and user message: id, description, the outputs it may write, ' +
    "the reply contract, the template's instructions, memory, inputs, upstream outputs, live GitHub memory), without calling any model. " +
    'Do the work it asks for, then hand the files in with submit_work (the reply contract as its arguments) instead of replying with JSON.',
  input: z.strictObject({
    id: taskId,
    offline: z.boolean().optional().describe('Do not fetch live GitHub memory (the request then differs from what run sends)'),
  }),
  output: z.object({
    id: z.string(),
    provider: z.string(),
    model: z.string(),
    reply_key: z.string(),
    in_store: z.boolean(),
    prompt_hash: z.string(),
    system: z.string(),
    user: z.string(),
    warnings: z.array(z.string()),
  }),
  annotations: { readOnlyHint: true, openWorldHint: true },
  run: async (session, input) => {
    const at = session.now();
    const { task, result: built } = await runToolStep(session, 'prompt', input.id, input);
    const warnings = [...built.warnings];
    if (built.listedWithoutToken)
      warnings.unshift(
        `${task.id}: GITHUB_TOKEN is not set, so live GitHub memory is listed, not fetched (as with --offline); run needs the token.`,
      );
    for (const warning of warnings) session.log(`warning: ${warning}`);
    session.seen.set(task.id, { key: built.key, promptHash: built.promptHash, at });
    const structured = {
      id: task.id,
      provider: built.choice.provider,
      model: built.choice.model,
      reply_key: built.key,
      in_store: built.inStore,
      prompt_hash: built.promptHash,
      system: built.messages.system,
      user: built.messages.user,
      warnings,
    };
    return { text: `=== system ===\n${built.messages.system}\n\n=== user ===\n${built.messages.user}`, structured };
  },
});
