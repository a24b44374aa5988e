import { createHash } from 'node:crypto';
import * as path from 'node:path';
import {
  GitError,
  UserError,
  isManagedPath,
  matchesOutputs,
  patchFileNames,
  redactSecretsIn,
  taskPaths,
  type PatchMeta,
  type RunRecord,
  type Task,
} from '@taskpod/core';
import { readRunRecord, writePatch, writePatchTreeRecord } from '@taskpod/core/records';
import { diffInIsolatedIndex, diffStaged, gitCommonDir, resolveRevision, totalsOf, type DiffResult } from '@taskpod/git';
import type { BatchReads } from './batch-reads';
import { resolveStackStart } from './stack-base';
import { type StatusRule, type StepContext, decisionFor, workspaceGit } from './step-context';

export interface PatchStepOptions extends StatusRule {
  /** Make the patch from the repository's real staged changes instead of the run's outputs. */
  staged?: boolean;
  /** Reads shared by the patches of one Nx batch: the base is resolved once. */
  batchReads?: BatchReads;
}

/**
 * patch: diff the task's outputs against the base commit in an isolated index; write the diff, its
 * sidecar and `.patches/<id>/patch.json`. Returns the sidecar, or null when the task is done (no-op).
 */
export async function patchStep(ctx: StepContext, task: Task, options: PatchStepOptions = {}): Promise<PatchMeta | null> {
  if (decisionFor(task, 'patch', options) === 'skip-done') {
    ctx.log(`${task.id} is done; patch has nothing to do.`);
    return null;
  }
  // A patch of staged changes uses no run, so a run.json beside it is not read.
  const run = options.staged ? null : await readRunRecord(ctx.root, task.id);
  const made = options.staged ? await diffFromStaged(ctx, task) : await diffFromRun(ctx, task, run, options.batchReads);
  if (made.files.length === 0) {
    throw new UserError(
      options.staged
        ? `Task ${task.id}: nothing is staged, so there is no patch to make.`
        : `Task ${task.id}: the run's files are identical to the base commit ${made.base.slice(0, 12)}, so there is no patch to make.`,
      {
        hint: options.staged
          ? 'Stage the changes with `git add`, then run `taskpod patch --staged` again.'
          : 'Reopen the task with feedback and run it again, or edit by hand and use `--staged`.',
      },
    );
  }
  const now = ctx.now();
  const names = patchFileNames(task.id, now);
  // The summary comes from a model or an agent, which may echo a credential back.
  const meta: PatchMeta = redactSecretsIn<PatchMeta>(
    {
      task_id: task.id,
      pod: task.pod,
      phase: task.phase,
      timestamp: now.toISOString(),
      base_commit: made.base,
      summary: options.staged ? firstLine(task.description) : run!.summary,
      files: made.files,
      totals: totalsOf(made.files),
      model: options.staged ? null : run!.model,
      tokens_in: options.staged ? 0 : run!.tokens_in,
      tokens_out: options.staged ? 0 : run!.tokens_out,
      cost_usd: options.staged ? 0 : run!.cost_usd,
      patch_file: names.diff,
      source: options.staged ? 'staged' : 'run',
    },
    ctx.env,
  );
  await writePatch(ctx.root, task.id, names, made.patch, meta);
  if (!options.staged && options.batchReads && made.changes) await recordPatchTree(ctx, task.id, made, options.batchReads);
  return meta;
}

/**
 * In a batch, the tree the new diff makes of its base (built by the batch's tree builder, no process
 * per task), kept in the git folder for an apply onto that same base. Only speed depends on it:
 * whatever goes wrong here, apply applies the diff with git.
 */
async function recordPatchTree(ctx: StepContext, id: string, made: DiffResult & { base: string }, reads: BatchReads): Promise<void> {
  try {
    const [tree, gitDir] = await Promise.all([reads.trees().build(made.base, made.changes!), gitCommonDir(workspaceGit(ctx))]);
    if (!tree || !gitDir) return;
    const diff_sha256 = createHash('sha256').update(made.patch).digest('hex');
    await writePatchTreeRecord(gitDir, { task_id: id, diff_sha256, base_commit: made.base, tree });
  } catch (error) {
    if (!(error instanceof GitError) && (error as NodeJS.ErrnoException).code === undefined) throw error;
  }
}

/**
 * The run's files from `.patches/<id>/files/`, diffed against HEAD of the base branch, or against
 * the unmerged work of its `depends_on` tasks that apply will build its branch on (stack-base.ts),
 * so a change to an upstream file is a change, not a second creation.
 */
async function diffFromRun(
  ctx: StepContext,
  task: Task,
  run: RunRecord | null,
  batchReads?: BatchReads,
): Promise<DiffResult & { base: string }> {
  const paths = taskPaths(task.id);
  if (!run) {
    throw new UserError(`Task ${task.id} has no run output: ${paths.run} does not exist.`, {
      hint: `Run the model first: \`taskpod run ${task.id}\`.`,
    });
  }
  run.files.forEach(checkRunFile);
  const filesDir = path.join(ctx.root, paths.files);
  const base = baseRevision(ctx);
  const resolveBase =
    task.dependsOn.length > 0
      ? async () => {
          const { commit, tree } = await (batchReads ? batchReads.revision(base) : resolveRevision(workspaceGit(ctx), base));
          return (await resolveStackStart(ctx, task, { commit, tree })).start;
        }
      : batchReads
        ? async () => (await batchReads.revision(base)).commit
        : undefined;
  return diffInIsolatedIndex({ git: workspaceGit(ctx), base, filesDir, paths: run.files, ...(resolveBase ? { resolveBase } : {}) }).catch(
    (error) => {
      throw missingRunFile(error, paths.files);
    },
  );
}

/** A run file must be a plain relative path taskpod does not manage (its presence is checked by git). */
function checkRunFile(file: string): void {
  const bad = path.isAbsolute(file) || file.split(/[\\/]/).includes('..') || file.split('/')[0] === '.git' || isManagedPath(file);
  if (bad)
    throw new UserError(
      `The run output path \`${file}\` is not allowed: it must be a workspace-relative path outside .git/ and taskpod's own folders.`,
    );
}

/** update-index's "does not exist" as a UserError that names the run file and the fix. */
function missingRunFile(error: unknown, filesRel: string): unknown {
  const match = error instanceof GitError ? /error: (.+): does not exist/.exec(error.stderr) : null;
  if (!match) return error;
  return new UserError(
    `The run lists \`${match[1]}\`, but ${filesRel}/${match[1]} is missing or not a regular file.`,
    { hint: 'Run the task again to rewrite its outputs.' },
    { cause: error },
  );
}

async function diffFromStaged(ctx: StepContext, task: Task): Promise<DiffResult & { base: string }> {
  const result = await diffStaged(workspaceGit(ctx));
  const outside = result.files.map((f) => f.path).filter((p) => !matchesOutputs(task.outputs, p));
  if (outside.length > 0 && task.outputs.length > 0) {
    ctx.log(`warning: ${task.id}: staged files outside the task's outputs are included: ${outside.join(', ')}`);
  }
  return result;
}

/** The configured base branch, else HEAD (the current branch's, or a detached one). */
function baseRevision(ctx: StepContext): string {
  return ctx.config.baseBranch ?? 'HEAD';
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]!.trim();
}
