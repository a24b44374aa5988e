import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TOOLS } from '@taskpod/mcp';
import { runTaskpod, workspace } from '@taskpod/testing';
import { mcpCommand } from './mcp';

test('taskpod mcp --help names every tool the server serves, in its order', () => {
  const listed = /Tools: ([^.]+)\./.exec(mcpCommand.help)?.[1]?.split(/,\s+/);
  assert.deepEqual(
    listed,
    TOOLS.map((t) => t.name),
  );
});

test('taskpod mcp takes no arguments (exit 2, before any protocol starts)', async (t) => {
  const dir = workspace(t, {});
  const result = await runTaskpod(dir, ['mcp', 'extra']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /`taskpod mcp` takes no arguments/);
  assert.equal(result.stdout, '');
});
