// A loopback OpenAI-compatible server (Chat Completions) that answers each taskpod request with the
// canned reply of the task it names (`# Task <id>` in the prompt). It records the reply store for
// the demo, and stands in for a model in the end-to-end tests and the pipeline benchmark.
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import * as path from 'node:path';

export const ANSWERS_DIR = path.join(import.meta.dirname, 'answers');

/** `{ <task id>: { summary, files } }` from tools/demo/answers/<id>.json. */
export function readAnswers(dir = ANSWERS_DIR) {
  const answers = {};
  for (const name of readdirSync(dir)) {
    if (name.endsWith('.json')) answers[name.slice(0, -'.json'.length)] = JSON.parse(readFileSync(path.join(dir, name), 'utf8'));
  }
  return answers;
}

/**
 * Starts the server on 127.0.0.1. `answerFor(taskId, body)` picks the reply (default: the canned
 * answers); `latencyMs` delays every answer. Returns `{ url, calls, close }`; `calls` lists task ids.
 */
export async function startAnswerServer({ answerFor, latencyMs = 0 } = {}) {
  const answers = answerFor ? null : readAnswers();
  const pick = answerFor ?? ((id) => answers[id]);
  const calls = [];
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    if (req.method !== 'POST' || !req.url.endsWith('/chat/completions')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ error: { message: `No route ${req.method} ${req.url}`, type: 'invalid_request_error' } }));
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const prompt = body.messages.map((m) => m.content).join('\n');
    const id = /^# Task (\S+)$/m.exec(prompt)?.[1];
    const reply = id === undefined ? undefined : pick(id, body);
    calls.push(id);
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    if (!reply) {
      res.writeHead(400, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ error: { message: `No canned answer for task ${id}`, type: 'invalid_request_error' } }));
    }
    const content = JSON.stringify(reply);
    const tokensIn = Math.ceil(prompt.length / 4);
    const tokensOut = Math.ceil(content.length / 4);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id: `chatcmpl-${calls.length}`,
        object: 'chat.completion',
        created: 1_764_000_000,
        model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop', logprobs: null }],
        usage: { prompt_tokens: tokensIn, completion_tokens: tokensOut, total_tokens: tokensIn + tokensOut },
      }),
    );
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/v1`,
    calls,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
