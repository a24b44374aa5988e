import assert from 'node:assert/strict';
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import {
  REPO_ROOT,
  callTool as call,
  connectMcpClient as connect,
  makeNxWorkspaceWithOrigin,
  makeTempDir,
  mcpServerEnv,
  taskpod,
} from '@taskpod/testing';
import { BACKLOG, WORK } from './e2e/backlog';

// What `taskpod mcp` refuses, and what it promises about its schemas, errors and resources.

test('a submitted file outside the outputs is refused with the path named, and nothing is written', async (t) => {
  const { root } = makeNxWorkspaceWithOrigin(t, BACKLOG);
  const { client } = await connect(t, root);
  const files = [
    WORK.files[0],
    { path: 'src/shortlink.js', content: 'evil' },
    { path: '../outside.md', content: 'x' },
    { path: '.git/config', content: 'x' },
  ];
  const result = await call(client, 'submit_work', { ...WORK, id: 'DOC-1', files });
  assert.equal(result.isError, true);
  const text = String(result.content[0]?.text);
  assert.match(text, /^taskpod: The reply for task DOC-1 tries to write paths it may not; nothing was written:\n/);
  assert.match(text, /"src\/shortlink\.js" does not match the task's outputs \(docs\/\*\.md\)/);
  assert.match(text, /"\.\.\/outside\.md" contains `\.\.` and would leave the workspace/);
  assert.match(text, /"\.git\/config" is inside `\.git\/`/);
  assert.equal(existsSync(path.join(root, '.patches/DOC-1')), false);
  assert.equal(existsSync(path.join(root, '../outside.md')), false);
});

test('a tool error carries the text the CLI prints for the same failure', async (t) => {
  const { root } = makeNxWorkspaceWithOrigin(t, BACKLOG);
  const { client } = await connect(t, root);
  const env = mcpServerEnv();
  const pairs: [string, Record<string, unknown>, string[]][] = [
    ['make_patch', { id: 'DOC-1' }, ['patch', 'DOC-1']],
    ['render_prompt', { id: 'NOPE' }, ['prompt', 'NOPE']],
    ['apply_task', { id: 'DOC-1' }, ['apply', 'DOC-1']],
  ];
  for (const [tool, args, command] of pairs) {
    const result = await call(client, tool, args);
    const cli = taskpod(root, command, env);
    assert.equal(result.isError, true, tool);
    assert.equal(cli.code, 1);
    assert.equal(`${result.content[0]?.text}\n`, cli.stderr, `${tool} and taskpod ${command.join(' ')}`);
  }
});

test('input the schema refuses is a tool error naming the field, and nothing runs', async (t) => {
  const { root } = makeNxWorkspaceWithOrigin(t, BACKLOG);
  const { client } = await connect(t, root);
  const cases: [string, Record<string, unknown>, RegExp][] = [
    [
      'submit_work',
      { id: 'DOC-1', summary: 3, files: 'docs/spec.md' },
      /expected string, received number at summary[\s\S]*expected array, received string at files/,
    ],
    ['submit_work', { id: 'DOC-1', summary: 's', files: [{ path: 'docs/a.md' }] }, /files\[0\]\.content/],
    ['apply_task', { id: 'DOC-1', into: 'elsewhere' }, /into/],
    ['next_task', { all: true, bogus: 1 }, /bogus/],
    ['log_task', {}, /id/],
  ];
  for (const [tool, args, names] of cases) {
    const result = await call(client, tool, args);
    assert.equal(result.isError, true, `${tool} ${JSON.stringify(args)}`);
    assert.match(String(result.content[0]?.text), /Input validation error: Invalid arguments for tool/);
    assert.match(String(result.content[0]?.text), names);
  }
  assert.equal(existsSync(path.join(root, '.patches')), false);
});

test("tools/list is the README's list of tools, each with a JSON Schema that refuses unknown fields", async (t) => {
  const { root } = makeNxWorkspaceWithOrigin(t, BACKLOG);
  const { client } = await connect(t, root);
  const { tools } = await client.listTools();
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## MCP server\n'), readme.indexOf('\n## ', readme.indexOf('\n## MCP server\n') + 1));
  const documented = [...section.matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]);
  assert.ok(documented.length > 0, 'README has a "MCP server" section with a table of tools');
  assert.deepEqual(
    tools.map((tool) => tool.name),
    documented,
  );
  for (const tool of tools) {
    assert.equal(tool.inputSchema.type, 'object', tool.name);
    assert.equal((tool.inputSchema as { additionalProperties?: boolean }).additionalProperties, false, tool.name);
    assert.ok(tool.outputSchema, `${tool.name} declares its structured result`);
    assert.ok(tool.description && tool.description.length > 40, `${tool.name} says what it does`);
  }
});

test('the memory index and memory files are resources; search_memory filters the index; paths stay in the workspace', async (t) => {
  const { dir: outside, cleanup } = makeTempDir('taskpod-mcp-outside-');
  t.after(cleanup);
  writeFileSync(path.join(outside, 'secret.md'), 'not for the agent');
  const memory = `${BACKLOG['memory/memory.yaml']}- path: docs/leak.md\n  description: A link out of the workspace\n- path: docs/api.md\n  description: The API, on GitHub\n  repo: acme/shortlink\n`;
  const { root } = makeNxWorkspaceWithOrigin(t, { ...BACKLOG, 'memory/memory.yaml': memory });
  symlinkSync(path.join(outside, 'secret.md'), path.join(root, 'docs/leak.md'));
  const { client } = await connect(t, root);

  const { resources } = await client.listResources();
  assert.deepEqual(
    resources.map((r) => r.uri),
    ['taskpod://memory-index', 'taskpod://memory/docs/style.md', 'taskpod://memory/src/shortlink.js'],
  );
  const read = async (uri: string) => (await client.readResource({ uri })).contents[0] as { text?: string; mimeType?: string };
  const index = JSON.parse(String((await read('taskpod://memory-index')).text));
  assert.deepEqual(
    index.entries.map((e: { path: string }) => e.path),
    ['docs/style.md', 'src/shortlink.js', 'docs/leak.md', 'docs/api.md'],
  );
  const style = await read('taskpod://memory/docs/style.md');
  assert.deepEqual([style?.text, style?.mimeType], ['# Style\n\nShort sentences.\n', 'text/markdown']);
  await assert.rejects(client.readResource({ uri: 'taskpod://memory/docs/leak.md' }), /docs\/leak\.md leaves the workspace/);
  await assert.rejects(client.readResource({ uri: 'taskpod://memory/nx.json' }), /`nx\.json` is not a local memory file of this workspace/);
  await assert.rejects(client.readResource({ uri: 'taskpod://memory/docs/api.md' }), /`docs\/api\.md` is not a local memory file/);

  const found = async (args: Record<string, unknown>) =>
    ((await call(client, 'search_memory', args)).structuredContent as { entries: { path: string }[] }).entries.map((e) => e.path);
  assert.deepEqual(await found({ tags: ['DOCS'], pod: 'DocPod' }), ['docs/style.md']);
  assert.deepEqual(await found({ text: 'service' }), ['src/shortlink.js']);
  assert.deepEqual(await found({ text: 'github' }), ['docs/api.md']);
  assert.deepEqual(await found({ pod: 'QAPod' }), []);
});
