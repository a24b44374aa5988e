import assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { makeTempDir, writeFiles } from '@taskpod/testing';
import { globSync } from 'tinyglobby';
import { findFiles } from './find-files';

describe('findFiles', () => {
  it('walks `<folder>/**/<name>` exactly as the general glob would', (t) => {
    const { dir, cleanup } = makeTempDir();
    t.after(cleanup);
    writeFiles(dir, {
      'task_templates/task.yaml': '',
      'task_templates/a/task.yaml': '',
      'task_templates/a/b/c/task.yaml': '',
      'task_templates/a/other.yaml': '',
      'task_templates/.hidden/task.yaml': '',
      'task_templates/node_modules/x/task.yaml': '',
      'elsewhere/task.yaml': '',
      'outside/linked/task.yaml': '',
    });
    symlinkSync(path.join(dir, 'outside/linked'), path.join(dir, 'task_templates/link'));
    const expected = ['task_templates/a/b/c/task.yaml', 'task_templates/a/task.yaml', 'task_templates/task.yaml'];
    assert.deepEqual(findFiles(dir, 'task_templates/**/task.yaml'), expected);
    const general = globSync('task_templates/**/task.yaml', {
      cwd: dir,
      ignore: ['**/node_modules/**'],
      followSymbolicLinks: false,
    }).sort();
    assert.deepEqual(general, expected);
    assert.deepEqual(findFiles(dir, '**/task.yaml'), ['elsewhere/task.yaml', 'outside/linked/task.yaml', ...expected]);
  });

  it('hands other globs to tinyglobby, and finds nothing in a missing folder', (t) => {
    const { dir, cleanup } = makeTempDir();
    t.after(cleanup);
    writeFiles(dir, { 'tasks/a.task.yaml': '', 'tasks/b.yaml': '' });
    assert.deepEqual(findFiles(dir, 'tasks/*.task.yaml'), ['tasks/a.task.yaml']);
    assert.deepEqual(findFiles(dir, 'missing/**/task.yaml'), []);
  });
});
