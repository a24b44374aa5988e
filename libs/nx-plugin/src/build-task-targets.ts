import type { TargetConfiguration } from '@nx/devkit';
import { taskPaths, type Task, type TaskpodConfig } from '@taskpod/core';
import { hashTaskFields } from './task-hash';

/**
 * The executors, named through the `taskpod` package (its executors.json points at this package's).
 * Nx resolves an executor's package from the workspace root only, and the one package a host
 * installs by name is `taskpod`: `@taskpod/nx-plugin` is found there only when it is hoisted.
 */
export const EXECUTOR = {
  run: 'taskpod:run',
  patch: 'taskpod:patch',
  apply: 'taskpod:apply',
  log: 'taskpod:log',
} as const;

export const TECHNOLOGIES = ['taskpod'];

/** What a task's `run` waits for, worked out across all tasks before the targets are built. */
export interface TaskEdges {
  /** `depends_on` ids: their `log` must finish and their `run` outputs are part of the cache key. */
  dependsOn: string[];
  /** Implicit outputs-overlap order: wait for their `log` only (ordering, not data). */
  after: string[];
  /** Barrier project of the previous numeric phase, or null (no earlier phase, or barrier off). */
  barrier: string | null;
}

/** Provider settings from the environment that change how the model is asked (docs/promises.md, "Cache"). */
export const PROVIDER_ENV = ['TASKPOD_PROVIDER', 'TASKPOD_MODEL', 'OPENAI_BASE_URL'];

export const BARRIER_TARGET = 'barrier';

/**
 * What each target does, for `nx show project` and Nx Console. Without the task id (the project
 * names it) and without per-target `technologies` (the project has them): every byte here is
 * repeated in Nx's graph cache once per task, and 5,000 tasks should cost what 5,000 project.json do.
 */
export const TARGET_DESCRIPTIONS = {
  run: 'Ask the model (reply store first) for the files',
  patch: 'Diff the files against the base commit into .patches/',
  apply: 'Commit the patch on the task branch, push, open the PR',
  log: 'Log trace, metrics and feedback; mark the task done',
} as const;

type InputDefinition = NonNullable<TargetConfiguration['inputs']>[number];

/**
 * The parts of the targets that no task changes, built once per set of target names and shared by
 * every task's targets: 5,000 tasks then allocate (and the collector copies) a third as many
 * objects. Nx never sees them shared: its plugin worker serializes the results, and in-process it
 * copies a target before normalising it.
 */
function sharedParts(names: TaskpodConfig['targetNames']): SharedParts {
  let parts = sharedByNames.get(names);
  if (!parts) sharedByNames.set(names, (parts = buildSharedParts(names)));
  return parts;
}

function buildSharedParts(names: TaskpodConfig['targetNames']) {
  return {
    providerEnv: PROVIDER_ENV.map((env) => ({ env })),
    modelFiles: { dependentTasksOutputFiles: '**/files/**/*', transitive: false },
    runMetadata: { description: TARGET_DESCRIPTIONS.run },
    patchInputs: [{ dependentTasksOutputFiles: '**/*', transitive: false }],
    patchDependsOn: [names.run],
    patchMetadata: { description: TARGET_DESCRIPTIONS.patch },
    apply: { executor: EXECUTOR.apply, cache: false, dependsOn: [names.patch], metadata: { description: TARGET_DESCRIPTIONS.apply } },
    log: { executor: EXECUTOR.log, cache: false, dependsOn: [names.apply], metadata: { description: TARGET_DESCRIPTIONS.log } },
  };
}

type SharedParts = ReturnType<typeof buildSharedParts>;
const sharedByNames = new WeakMap<TaskpodConfig['targetNames'], SharedParts>();

/** The four targets of one task: pure, so the shapes can be reviewed in unit tests. */
/**
 * `runUncachedReason` (see run-cache-safety.ts) turns Nx's cache off for `run` when Nx could not see
 * everything the model sees; the reply store still answers an unchanged request without a model call.
 */
export function buildTaskTargets(
  task: Task,
  edges: TaskEdges,
  names: TaskpodConfig['targetNames'],
  runUncachedReason: string | null = null,
): Record<string, TargetConfiguration> {
  const paths = taskPaths(task.id);
  const shared = sharedParts(names);
  const runDependsOn: TargetConfiguration['dependsOn'] = [];
  const waitFor = [...edges.dependsOn, ...edges.after];
  if (waitFor.length > 0) runDependsOn.push({ projects: waitFor, target: names.log });
  // Depending on the upstream `run` too (already implied by its `log`) makes those `run` tasks direct
  // dependencies, so `dependentTasksOutputFiles` with `transitive: false` sees exactly their outputs.
  if (edges.dependsOn.length > 0) runDependsOn.push({ projects: edges.dependsOn, target: names.run });
  if (edges.barrier) runDependsOn.push({ projects: [edges.barrier], target: BARRIER_TARGET });
  return {
    [names.run]: {
      executor: EXECUTOR.run,
      options: { taskHash: hashTaskFields(task) },
      cache: runUncachedReason === null,
      inputs: runInputs(task, paths.feedback, shared),
      outputs: [`{workspaceRoot}/${paths.files}`, `{workspaceRoot}/${paths.run}`],
      ...(runDependsOn.length > 0 ? { dependsOn: runDependsOn } : {}),
      metadata:
        runUncachedReason === null
          ? shared.runMetadata
          : { description: `${TARGET_DESCRIPTIONS.run} (not cached by Nx: ${runUncachedReason})` },
    },
    [names.patch]: {
      executor: EXECUTOR.patch,
      cache: true,
      // The run's outputs and record. The base commit is left out on purpose: a `runtime` input would
      // run git once per task (Nx does not share it across tasks), and a patch recorded against an
      // older base still applies, because apply merges it three-way and the sidecar names its base.
      inputs: shared.patchInputs,
      // The diff and its sidecar (.diff, .yaml) in one glob, and the record of the latest patch.
      outputs: [`{workspaceRoot}/.patches/patch_????????_??????_${task.id}.*`, `{workspaceRoot}/${paths.latestPatch}`],
      dependsOn: shared.patchDependsOn,
      metadata: shared.patchMetadata,
    },
    [names.apply]: shared.apply,
    [names.log]: shared.log,
  };
}

/**
 * The cache key of `run` (docs/promises.md, "Cache"): prompt template, memory files, input files and the feedback file
 * as `{workspaceRoot}` filesets (which also drive `nx affected`), provider env, and upstream outputs.
 * Filesets are written as bare strings, Nx's short form of `{ fileset }`, to keep the graph small.
 * The task.yaml itself is left out on purpose: its non-bookkeeping fields arrive as `options.taskHash`.
 */
export function buildRunInputs(task: Task): InputDefinition[] {
  return runInputs(task, taskPaths(task.id).feedback, sharedParts(SHARED_NAMES_FOR_INPUTS));
}

/** The inputs do not depend on the target names: any set gives the same env and output parts. */
const SHARED_NAMES_FOR_INPUTS: TaskpodConfig['targetNames'] = { run: 'run', patch: 'patch', apply: 'apply', log: 'log' };

function runInputs(task: Task, feedback: string, shared: SharedParts): InputDefinition[] {
  // Each file once, in order of first mention: prompt, memory, inputs, feedback. A loop, not spreads
  // and a Set of a mapped copy: this runs once per task on every graph computation.
  const seen = new Set<string>();
  const inputs: InputDefinition[] = [];
  const add = (file: string) => {
    const normal = normalise(file);
    if (seen.has(normal)) return;
    seen.add(normal);
    inputs.push(`{workspaceRoot}/${normal}`);
  };
  if (task.prompt) add(task.prompt);
  for (const file of task.memory) add(file);
  for (const input of task.inputs) for (const pattern of inputPatterns(input)) add(pattern);
  add(feedback);
  inputs.push(...shared.providerEnv);
  // Only the files the model wrote, not run.json, whose timestamps change on every run.
  inputs.push(shared.modelFiles);
  return inputs;
}

/**
 * A glob is taken as written; a path whose last segment has no extension (or ends in `/`) may name a
 * folder, whose files the model sees too. Files are not doubled with `/**` to keep 5,000 projects small.
 */
function inputPatterns(input: string): string[] {
  const p = normalise(input);
  if (/[*?[\]{}()!]/.test(p)) return [p];
  const bare = p.replace(/\/+$/, '');
  const looksLikeFile = !p.endsWith('/') && /\.[^/.]+$/.test(bare);
  return looksLikeFile ? [bare] : [bare, `${bare}/**/*`];
}

function normalise(p: string): string {
  // Most paths need neither replacement; testing for them is cheaper than two replaces per path.
  if (!p.includes('\\') && !p.startsWith('./')) return p;
  return p.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}
