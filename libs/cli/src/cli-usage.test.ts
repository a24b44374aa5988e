import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT, runTaskpod, workspace } from '@taskpod/testing';
import { COMMANDS } from './commands';

const BACKLOG = {
  'task_templates/1.1/task.yaml': 'id: "1.1"\ndescription: A\npod: DevPod\nphase: 1\nstatus: ready\noutputs: [docs/a.md]\n',
  'task_templates/1.2/task.yaml': 'id: "1.2"\ndescription: B\npod: QAPod\nphase: 1\nstatus: done\noutputs: [docs/b.md]\n',
};

describe('taskpod usage', () => {
  it('suggests a command for a typo, with exit 2 and no stack trace', async (t) => {
    const result = await runTaskpod(workspace(t, BACKLOG), ['lsit']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^taskpod: Unknown command 'lsit'\. Did you mean list\?\nRun `taskpod --help`/);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  });

  it("names an unknown flag and the one meant, in taskpod words, not the parser's", async (t) => {
    const result = await runTaskpod(workspace(t, BACKLOG), ['list', '--jsn']);
    assert.equal(result.code, 2);
    assert.equal(
      result.stderr,
      "taskpod: Unknown option '--jsn' for `taskpod list`. Did you mean --json?\nRun `taskpod list --help` for its options.\n",
    );
    assert.equal((await runTaskpod(workspace(t, BACKLOG), ['list', '--status'])).code, 2);
  });

  it('prints the package version for --version and -v', async (t) => {
    const { version } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'libs/cli/package.json'), 'utf8')) as { version: string };
    const root = workspace(t, BACKLOG);
    assert.deepEqual(await runTaskpod(root, ['--version']), { code: 0, stdout: `${version}\n`, stderr: '' });
    assert.equal((await runTaskpod(root, ['-v'])).stdout, `${version}\n`);
  });

  it('help <cmd> prints what <cmd> --help prints, for every command', async (t) => {
    const root = workspace(t, BACKLOG);
    for (const command of COMMANDS) {
      const viaHelp = await runTaskpod(root, ['help', command.name]);
      assert.deepEqual(viaHelp, { code: 0, stdout: `${command.help}\n`, stderr: '' }, command.name);
      assert.deepEqual(await runTaskpod(root, [command.name, '--help']), viaHelp, command.name);
    }
    const top = await runTaskpod(root, ['help']);
    assert.equal(top.code, 0);
    for (const command of COMMANDS)
      assert.match(top.stdout, new RegExp(`\\n  ${command.name} +${command.summary.slice(0, 20).replace(/[().*+?[\]\\|]/g, '\\$&')}`));
  });

  it('suggests a task id for a misspelled one', async (t) => {
    const result = await runTaskpod(workspace(t, BACKLOG), ['prompt', '1.l', '--offline']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Unknown task id `1\.l`\. Did you mean `1\.1` or `1\.2`\?/);
  });

  it('takes a pod in any case with a note, and names the pods for one no task has', async (t) => {
    const root = workspace(t, BACKLOG);
    const lower = await runTaskpod(root, ['list', '--pod', 'devpod', '--json']);
    assert.equal(lower.code, 0);
    assert.deepEqual(
      JSON.parse(lower.stdout).map((r: { id: string }) => r.id),
      ['1.1'],
    );
    assert.equal(lower.stderr, 'taskpod: note: --pod devpod matches pod DevPod.\n');
    const unknown = await runTaskpod(root, ['next', '--pod', 'DevPd']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /No task has pod `DevPd`\. Did you mean `DevPod`\?/);
    assert.match(unknown.stderr, /DevPod, QAPod/);
  });

  it('suggests a status for a misspelled one', async (t) => {
    const result = await runTaskpod(workspace(t, BACKLOG), ['list', '--status', 'redy']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Unknown status `redy` for --status\. Did you mean `ready`\?/);
  });
});

/** The README's CLI table: one row per command, its usage cell and what it says. */
function readmeRows(): Map<string, string> {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## CLI\n'), readme.indexOf('\n## ', readme.indexOf('\n## CLI\n') + 1));
  const rows = new Map<string, string>();
  for (const line of section.split('\n')) {
    const match = /^\| `([a-z-]+)([^`]*)` \|/.exec(line);
    if (match) rows.set(match[1]!, `${match[1]}${match[2]}`);
  }
  return rows;
}

describe('help and README agree', () => {
  it('every command has a README row naming exactly its flags, and its help names them too', () => {
    const rows = readmeRows();
    assert.deepEqual([...rows.keys()].sort(), COMMANDS.map((c) => c.name).sort(), 'README CLI table rows vs commands');
    for (const command of COMMANDS) {
      const flags = Object.keys(command.options)
        .map((name) => `--${name}`)
        .sort();
      const inReadme = [...new Set(rows.get(command.name)!.match(/--[a-z][a-z-]*/g) ?? [])].sort();
      assert.deepEqual(inReadme, flags, `README row of ${command.name}`);
      const usageLine = command.help.split('\n')[0]!;
      assert.match(usageLine, new RegExp(`^Usage: taskpod ${command.name}\\b`), command.name);
      for (const flag of flags) assert.ok(command.help.includes(flag), `${command.name} --help names ${flag}`);
      assert.equal(
        usageLine.replace(/^Usage: taskpod /, '').replace(/\s+/g, ' '),
        rows.get(command.name)!.replace(/\\\|/g, '|').replace(/\s+/g, ' '),
        `${command.name}: help's usage line and the README row`,
      );
    }
  });
});
