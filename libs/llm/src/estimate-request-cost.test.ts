import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countPromptTokens } from './count-prompt-tokens';
import { DEFAULT_MAX_OUTPUT, estimateRequestCost } from './estimate-request-cost';
import { computeCostUsd, priceOf } from './prices';
import { readToolUsage } from './read-tool-usage';
import type { ModelRequest } from './types';

const request = (model: string, parameters: Record<string, unknown> = {}, content = 'hello world'): ModelRequest => ({
  model,
  messages: [
    { role: 'system', content: 'You write specs.' },
    { role: 'user', content },
  ],
  parameters,
  response_format: null,
});

test('OpenAI models are counted with their tokenizer; others with characters / 3, rounded up', () => {
  // "hello world" is 2 tokens and "You write specs." 4 in o200k_base; each message adds 4, the reply priming 3.
  assert.deepEqual(countPromptTokens(request('gpt-4o-mini')), { tokens: 2 + 4 + 2 * 4 + 3, method: 'o200k_base' });
  assert.equal(countPromptTokens(request('gpt-4-0613')).method, 'cl100k_base');
  assert.deepEqual(countPromptTokens(request('llama3', {}, 'x'.repeat(30))), {
    tokens: Math.ceil((16 + 30) / 3) + 11,
    method: 'characters / 3',
  });
});

test('the estimate is prompt tokens × input price + the most output tokens × output price, rounded up', () => {
  const capped = estimateRequestCost(request('gpt-4o-mini', { max_tokens: 1000 }));
  assert.equal(capped.maxOutputTokens, 1000);
  assert.equal(capped.maxOutputFrom, 'parameters.max_tokens');
  assert.equal(capped.usd, Math.ceil(17 * 0.15 + 1000 * 0.6) / 1e6);
  assert.equal(estimateRequestCost(request('gpt-4o-mini', { max_completion_tokens: 7 })).maxOutputTokens, 7);
  assert.equal(estimateRequestCost(request('gpt-4o')).maxOutputTokens, 16_384, "the model's own maximum without max_tokens");
  const house = estimateRequestCost(request('house', {}), { house: { input: 1, output: 2 } });
  assert.equal(house.maxOutputTokens, DEFAULT_MAX_OUTPUT);
  assert.equal(estimateRequestCost(request('local-llm')).usd, null, 'no known price: no estimate');
});

test('an unknown model costs null (unknown), never 0; prices name it; a dated snapshot is priced as its family', () => {
  assert.equal(computeCostUsd('local-llm', 1000, 1000), null);
  assert.equal(computeCostUsd('local-llm', 1000, 1000, { 'local-llm': { input: 1, output: 2 } }), 0.003);
  assert.deepEqual(priceOf('gpt-4o-2024-08-06'), { input: 2.5, output: 10 });
});

test('the usage a command-line tool reports: one JSON object, JSON lines, OpenAI or Anthropic words; none is null', () => {
  assert.deepEqual(readToolUsage('{"summary":"s","files":[],"usage":{"prompt_tokens":3,"completion_tokens":4}}'), {
    tokensIn: 3,
    tokensOut: 4,
    costUsd: null,
    model: null,
  });
  const stream = [
    '{"type":"system","model":"claude-x"}',
    'progress...',
    '{"type":"result","model":"claude-x","usage":{"input_tokens":10,"cache_creation_input_tokens":2,"output_tokens":5},"total_cost_usd":0.02}',
  ].join('\n');
  assert.deepEqual(readToolUsage(stream), { tokensIn: 12, tokensOut: 5, costUsd: 0.02, model: 'claude-x' });
  assert.equal(readToolUsage('spec written\n'), null);
  assert.equal(readToolUsage('{"usage":{"input_tokens":"many"}}'), null);
});
