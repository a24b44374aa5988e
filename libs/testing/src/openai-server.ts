import { type LoopbackServer, sendJson, startLoopbackServer } from './loopback-server';

export interface OpenAiServer extends LoopbackServer {
  /** The task id of each chat completion asked for, in order. */
  calls: string[];
}

/**
 * A loopback OpenAI-compatible Chat Completions API for the real openai client: it answers each
 * taskpod request with `answer(taskId)` (the reply contract's JSON), the task read from the
 * prompt's `# Task <id>` line, with usage counted from the text. `url` ends in `/v1`.
 */
export async function startOpenAiServer(
  answer: (taskId: string) => { summary: string; files: { path: string; content: string }[] },
  /** Awaited before a task's answer is sent (a slow model, or one that never answers a runner killed meanwhile). */
  hold?: (taskId: string) => Promise<void>,
) {
  const calls: string[] = [];
  const server = await startLoopbackServer(async (req, res) => {
    if (req.method !== 'POST' || !req.url.endsWith('/chat/completions'))
      return sendJson(res, 404, { error: { message: `No route ${req.method} ${req.url}`, type: 'invalid_request_error' } });
    const body = req.json as { model: string; messages: { content: string }[] };
    const prompt = body.messages.map((m) => m.content).join('\n');
    const id = /^# Task (\S+)$/m.exec(prompt)?.[1] ?? '?';
    calls.push(id);
    if (hold) await hold(id);
    const content = JSON.stringify(answer(id));
    const usage = { prompt_tokens: Math.ceil(prompt.length / 4), completion_tokens: Math.ceil(content.length / 4) };
    sendJson(res, 200, {
      id: `chatcmpl-${calls.length}`,
      object: 'chat.completion',
      created: 1_764_000_000,
      model: body.model,
      choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop', logprobs: null }],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    });
  });
  return { ...server, url: `${server.url}/v1`, calls } satisfies OpenAiServer;
}
