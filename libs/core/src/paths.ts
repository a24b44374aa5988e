import * as path from 'node:path';
import { assertTaskId } from './validate-task-id';

/**
 * Every workspace path taskpod reads or writes, in one place, so libs agree on the layout.
 * All results are workspace-relative with forward slashes; join them with the root to use them.
 */
export const PATCHES_DIR = '.patches';
export const LOGS_DIR = '.logs';
export const METRICS_DIR = 'metrics';
export const TASKS_DIR = 'task_templates';
export const DEFAULT_MEMORY_FILE = 'memory/memory.yaml';

/** A task's own paths; throws for anything but a task id, so no caller can build `.patches/..` from one. */
export function taskPaths(id: string) {
  assertTaskId(id);
  return {
    /** Folder of the run step's outputs for this task. */
    dir: `${PATCHES_DIR}/${id}`,
    /** Files the model wrote, mirrored at their workspace paths. */
    files: `${PATCHES_DIR}/${id}/files`,
    run: `${PATCHES_DIR}/${id}/run.json`,
    apply: `${PATCHES_DIR}/${id}/apply.json`,
    /** Why the task's last target failed, until its `log` succeeds: what `taskpod run` reports. */
    failure: `${PATCHES_DIR}/${id}/failure.json`,
    /**
     * Who held the task's claim on origin when this runner skipped it (what `taskpod run` reports),
     * relative to the repository's git folder: it is this clone's, never committed, so runners that
     * skip the same task cannot conflict over it.
     */
    claimedInGitDir: `taskpod/claimed/${id}.json`,
    patchTreeInGitDir: `taskpod/patch-trees/${id}.json`,
    /** Points at the newest patch of this task (file names under `.patches/`). */
    latestPatch: `${PATCHES_DIR}/${id}/patch.json`,
    feedback: `${LOGS_DIR}/feedback/${id}.md`,
  };
}

/** Reply store: content-addressed, committed beside the patches so teammates and CI share it. */
export const REPLY_STORE_DIR = `${PATCHES_DIR}/replies`;
export const replyPath = (key: string) => `${REPLY_STORE_DIR}/${key.slice(0, 2)}/${key}.json`;
/**
 * Per-request claim (a proper-lockfile mkdir lock) so concurrent runs of one request pay once. Outside
 * the committed store and every Nx output; an empty folder, so neither git nor Nx sees a file.
 */
export const replyLockPath = (key: string) => `${PATCHES_DIR}/.locks/${key}.lock`;

export const TRACE_LOG = `${LOGS_DIR}/trace_log.md`;
export const METRICS_FILE = `${METRICS_DIR}/metrics.yaml`;
/** One JSON line per logged patch (key: the diff file name); metrics are recomputed from it. */
export const LEDGER_FILE = `${LOGS_DIR}/ledger.jsonl`;
/** Lock directory (proper-lockfile) that serialises every read-modify-write of the shared log files. */
export const LEDGER_LOCK = `${LOGS_DIR}/.ledger.lock`;

/**
 * Budget reservations of model calls in flight (checked and written under the ledger lock), so two
 * processes racing one budget cannot both pass. Scratch, never committed: a reservation lives for one call.
 */
export const SPEND_RESERVATIONS = `${LOGS_DIR}/.spend-reservations.json`;

/** `YYYYMMDD_HHMMSS` in UTC, as patch file names need. */
export function patchStamp(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}_${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
}

export const patchFileNames = (id: string, date: Date) => {
  assertTaskId(id);
  const base = `patch_${patchStamp(date)}_${id}`;
  return { diff: `${base}.diff`, meta: `${base}.yaml` };
};

/** What isManagedPath covers, in words for messages. */
export const MANAGED_PATHS_TEXT =
  '.patches/, .logs/trace_log.md, .logs/ledger.jsonl, .logs/feedback/, .logs/reasoning/, .logs/handoff/, metrics/metrics.yaml, task.yaml';

/** Folders under `.logs/` whose every file taskpod writes (feedback, and the framework's reasoning and handoff notes). */
export const MANAGED_LOG_DIRS = [`${LOGS_DIR}/feedback`, `${LOGS_DIR}/reasoning`, `${LOGS_DIR}/handoff`];

/**
 * Paths taskpod writes itself; no reply may write them and `outputs` may not claim them. Anything
 * else under `.logs/` or `metrics/` is the user's (the framework's tasks write `.logs/deployments/`
 * and `metrics/velocity.md`).
 */
export function isManagedPath(relPath: string): boolean {
  const p = relPath.includes('\\') || relPath.startsWith('./') ? relPath.replace(/\\/g, '/').replace(/^\.\//, '') : relPath;
  return (
    p === PATCHES_DIR ||
    p.startsWith(PATCHES_PREFIX) ||
    p === LOGS_DIR ||
    p === LOGS_PREFIX ||
    p === TRACE_LOG ||
    p === LEDGER_FILE ||
    p === LEDGER_LOCK ||
    p === SPEND_RESERVATIONS ||
    p.startsWith(LEDGER_LOCK_PREFIX) ||
    MANAGED_LOG_DIRS.some((dir, i) => p === dir || p.startsWith(MANAGED_LOG_PREFIXES[i]!)) ||
    p === METRICS_FILE ||
    p === 'task.yaml' ||
    p.endsWith('/task.yaml')
  );
}

// Built once: isManagedPath runs for every output of every task on each graph computation.
const PATCHES_PREFIX = `${PATCHES_DIR}/`;
const LOGS_PREFIX = `${LOGS_DIR}/`;
const LEDGER_LOCK_PREFIX = `${LEDGER_LOCK}/`;
const MANAGED_LOG_PREFIXES = MANAGED_LOG_DIRS.map((dir) => `${dir}/`);

/** Workspace-relative, forward-slash form of an absolute path. */
export function toWorkspacePath(root: string, absolute: string): string {
  return path.relative(root, absolute).split(path.sep).join('/');
}
