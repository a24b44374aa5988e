import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { REPLY_JSON_SCHEMA } from '@taskpod/llm';
import { TOOLS } from '.';
import { createMcpServer } from '../create-mcp-server';
import type { McpSession } from '../mcp-session';

/** The JSON Schemas tools/list sends, read by the SDK's client over its in-memory transport (no process). */
async function listedSchemas(): Promise<
  Map<string, { properties: Record<string, { type?: string; items?: unknown }>; required?: string[] }>
> {
  const session = {
    root: '/nowhere',
    env: {},
    now: () => new Date(),
    log: () => {},
    client: () => ({ name: 't', version: null }),
    seen: new Map(),
  } satisfies McpSession;
  const server = createMcpServer(session, '0');
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'unit', version: '0' });
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  const { tools } = await client.listTools();
  await client.close();
  return new Map(tools.map((t) => [t.name, t.inputSchema as never]));
}

test("submit_work's input is the reply contract: the same summary and files a model's reply has, and only those file fields", async () => {
  const schema = (await listedSchemas()).get('submit_work')!;
  const files = schema.properties.files as {
    type: string;
    items: { properties: Record<string, { type: string }>; required: string[]; additionalProperties: boolean };
  };
  assert.equal(schema.properties.summary?.type, REPLY_JSON_SCHEMA.properties.summary.type);
  assert.equal(files.type, REPLY_JSON_SCHEMA.properties.files.type);
  assert.deepEqual(Object.keys(files.items.properties).sort(), Object.keys(REPLY_JSON_SCHEMA.properties.files.items.properties).sort());
  assert.deepEqual(files.items.required.sort(), [...REPLY_JSON_SCHEMA.properties.files.items.required].sort());
  assert.equal(files.items.additionalProperties, false);
  assert.deepEqual(schema.required?.sort(), ['files', 'id', 'summary']);
  assert.equal(schema.properties.reasoning?.type, 'string');
  assert.equal(schema.properties.handoff?.type, 'string');
});

test('every tool name is unique and snake_case', () => {
  const names = TOOLS.map((t) => t.name);
  assert.equal(new Set(names).size, names.length);
  for (const name of names) assert.match(name, /^[a-z]+(_[a-z]+)*$/);
});
