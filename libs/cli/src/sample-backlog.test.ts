import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runTaskpod } from '@taskpod/testing';

const REPO = path.resolve(__dirname, '../../..');

describe('the sample backlog in task_templates/', () => {
  it('loads without problems and `taskpod next` answers', async () => {
    const next = await runTaskpod(REPO, ['next']);
    assert.deepEqual(next, { code: 0, stdout: '1.1\n', stderr: '' });
  });

  it('spans two numeric phases, two pods, a depends_on and a cross-phase task', async () => {
    const rows = JSON.parse((await runTaskpod(REPO, ['list', '--json'])).stdout) as {
      id: string;
      phase: number | null;
      pod: string;
      depends_on: string[];
      file: string;
    }[];
    assert.equal(rows.length, 5);
    assert.deepEqual([...new Set(rows.map((r) => r.phase))].sort(), [1, 2, null]);
    assert.deepEqual([...new Set(rows.map((r) => r.pod))].sort(), ['DevPod', 'QAPod']);
    assert.ok(rows.some((r) => r.depends_on.length > 0));
    assert.ok(rows.every((r) => r.file.startsWith('task_templates/')));
  });
});
