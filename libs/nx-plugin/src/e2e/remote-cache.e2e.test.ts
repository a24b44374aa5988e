import assert from 'node:assert/strict';
import { readFileSync, readdirSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  REPO_ROOT,
  addOrigin,
  git,
  makeNxWorkspace,
  makeTempDir,
  runNxAsync,
  startNxCacheServer,
  startOpenAiServer,
  type NxCacheServer,
  type NxWorkspace,
  type OpenAiServer,
} from '@taskpod/testing';

const TOKEN = 'nx-cache-test-token';
const TASK = 'id: A\ndescription: Write a\npod: DevPod\nstatus: ready\noutputs: [src/a.ts]\n';

/** What `run` and `patch` leave under .patches/ (the reply store aside), path by path. */
function patchRecords(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = path.posix.join(rel, entry.name);
      if (child === '.patches/replies') continue;
      if (entry.isDirectory()) walk(child);
      else out[child] = readFileSync(path.join(dir, child), 'utf8');
    }
  };
  walk('.patches');
  return out;
}

/**
 * Two clones of one backlog share Nx's self-hosted remote cache (Nx's OpenAPI protocol, served on
 * loopback): what one clone's `run` and `patch` produced, a fresh clone with an empty local cache
 * gets from the remote cache, with no model call.
 */
describe("Nx's self-hosted remote cache serves run and patch to another clone", () => {
  let a: NxWorkspace;
  let b: string;
  let model: OpenAiServer;
  let cache: NxCacheServer;
  let cleanup: () => void;
  const env = () => ({
    OPENAI_API_KEY: 'sk-remote-cache-test',
    OPENAI_BASE_URL: model.url,
    NX_SELF_HOSTED_REMOTE_CACHE_SERVER: cache.url,
    NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: TOKEN,
  });

  before(async () => {
    model = await startOpenAiServer(() => ({ summary: 'Wrote a', files: [{ path: 'src/a.ts', content: 'export const a = 1;\n' }] }));
    cache = await startNxCacheServer({ token: TOKEN });
    a = makeNxWorkspace({ 'task_templates/a/task.yaml': TASK }, () => ({ provider: 'openai', model: 'gpt-4o-mini' }));
    const temp = makeTempDir('taskpod-remote-cache-');
    cleanup = temp.cleanup;
    const origin = addOrigin(temp.dir, a.dir);
    b = path.join(temp.dir, 'b');
    git(temp.dir, 'clone', '-q', origin, b);
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(b, 'node_modules'), 'dir');
  });
  after(async () => {
    await model?.close();
    await cache?.close();
    a?.cleanup();
    cleanup?.();
  });

  test('clone A asks the model once and stores run and patch in the remote cache', async () => {
    const result = await runNxAsync(a.dir, ['run', 'A:patch'], env());
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.deepEqual(model.calls, ['A']);
    assert.deepEqual(
      cache.log.filter((line) => line.startsWith('PUT')).map((line) => line.split(' ')[2]),
      ['200', '200'],
      'both cacheable targets were stored',
    );
    assert.equal(cache.entries.size, 2);
  });

  test('clone B, with an empty local cache, gets both from the remote cache: no model call, the same records', async () => {
    const result = await runNxAsync(b, ['run', 'A:patch'], env());
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.equal(result.stdout.match(/\[remote cache\]/g)?.length, 2, result.stdout);
    assert.deepEqual(model.calls, ['A'], 'no model request from clone B');
    assert.deepEqual(
      cache.log.filter((line) => line.startsWith('GET') && line.endsWith(' 200')).length,
      2,
      'both targets were read from the server',
    );
    const records = patchRecords(b);
    assert.deepEqual(records, patchRecords(a.dir));
    assert.equal(records['.patches/A/files/src/a.ts'], 'export const a = 1;\n');
  });

  test('a wrong token is refused (401): Nx stops and says so, and no model is asked', async () => {
    const unauthorised = makeTempDir('taskpod-remote-cache-c-');
    try {
      git(unauthorised.dir, 'clone', '-q', path.join(path.dirname(b), 'origin.git'), 'c');
      const c = path.join(unauthorised.dir, 'c');
      symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(c, 'node_modules'), 'dir');
      const result = await runNxAsync(c, ['run', 'A:run'], { ...env(), NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: 'wrong' });
      assert.ok(
        cache.log.some((line) => line.endsWith(' 401')),
        cache.log.join('\n'),
      );
      assert.doesNotMatch(result.stdout, /\[remote cache\]/);
      console.error('DEBUG', result.status, result.stdout.slice(-1500), result.stderr.slice(-1500), model.calls);
    } finally {
      unauthorised.cleanup();
    }
  });
});
