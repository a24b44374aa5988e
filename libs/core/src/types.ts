/** Statuses a task.yaml may carry (docs/file-formats.md, "task.yaml"). */
export const TASK_STATUSES = ['backlog', 'pending', 'ready', 'in_progress', 'review', 'done', 'blocked', 'failed', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Priorities from most to least urgent; the index is the sort rank. */
export const PRIORITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Which of the two task.yaml shapes a file uses, so write-back can keep it. */
export type TaskFileShape = 'flat' | 'tasks-map';

/** A task as the pipeline sees it: validated and normalised from one task.yaml. */
export interface Task {
  id: string;
  description: string;
  /** Numeric phase, or null for cross-phase work and phases without a number. */
  phase: number | null;
  /** The phase as written, for display (`Phase 2 - Development`). */
  phaseLabel: string | null;
  pod: string | null;
  status: TaskStatus;
  priority: Priority;
  /** ISO 8601 as written (date or date-time), or null. */
  createdAt: string | null;
  updatedAt: string | null;
  /** Workspace-relative path of the prompt template, or null for the built-in one. */
  prompt: string | null;
  /** Workspace-relative memory file paths that exist or were named explicitly. */
  memory: string[];
  /** Workspace-relative paths or globs whose contents the model sees. */
  inputs: string[];
  /** Workspace-relative globs the task may write (`<name>` matches one segment). */
  outputs: string[];
  dependsOn: string[];
  provider: string | null;
  model: string | null;
  /** Every field as written in the file (the task's own map), for templates. */
  fields: Record<string, unknown>;
  /** Where the task lives. */
  source: TaskSource;
}

export interface TaskSource {
  /** Workspace-relative path of the task.yaml, with forward slashes. */
  file: string;
  /** Workspace-relative folder of the task.yaml: the Nx project root. */
  dir: string;
  shape: TaskFileShape;
  /** 1-based line of the task's `id` (or its `tasks:` key). */
  line: number;
  /** The file says `template: true`: a framework task template, not a task when some task's `instance_of` names it. */
  template?: true;
}

/** One entry of a memory.yaml. */
export interface MemoryEntry {
  path: string;
  description: string | null;
  tags: string[];
  fileType: string | null;
  podOwner: string | null;
  /** Category key in the map shape of memory.yaml. */
  category: string | null;
  /** Live GitHub memory: `owner/name`, with an optional ref. */
  repo: string | null;
  ref: string | null;
  /** The memory.yaml this entry came from (workspace-relative). */
  source: string;
}

/** The reply contract every provider returns. */
export interface ModelReply {
  summary: string;
  files: { path: string; content: string }[];
  /** Optional: how the model got there (the framework's reasoning trace), kept under `.logs/reasoning/`. */
  reasoning?: string;
  /** Optional: what the next pod should know (the framework's handoff notes), kept under `.logs/handoff/`. */
  handoff?: string;
}

/** `.patches/<id>/run.json`. */
export interface RunRecord {
  task_id: string;
  provider: string;
  model: string;
  tokens_in: number;
  tokens_out: number;
  /** Null: the model has no known price (shown as unknown, never 0). */
  cost_usd: number | null;
  duration_s: number;
  prompt_hash: string;
  /** Key of the reply in the reply store. */
  reply_key: string;
  /** True when the reply came from the reply store rather than a model call. */
  from_store: boolean;
  summary: string;
  files: string[];
  started_at: string;
  github_memory?: { repo: string; ref: string | null; path: string; sha: string | null }[];
  /** What was expected to be missing and was (inputs not written yet, live memory GitHub lacks). */
  notes?: string[];
  /** The reply's optional reasoning and handoff text, which `log` keeps under `.logs/`. */
  reasoning?: string;
  handoff?: string;
  /** Work handed in by an interactive agent (provider `mcp`): the client as its MCP initialize names it. */
  client?: { name: string; version: string | null };
}

export interface PatchFileStat {
  path: string;
  /** git's letter spelled out: added, modified, deleted, renamed. */
  status: 'added' | 'modified' | 'deleted' | 'renamed' | 'copied' | 'type-changed';
  insertions: number;
  deletions: number;
  /** For renames: the old path. */
  from?: string;
}

/** The `.yaml` sidecar of a patch. */
export interface PatchMeta {
  task_id: string;
  pod: string | null;
  phase: number | null;
  timestamp: string;
  base_commit: string;
  summary: string;
  files: PatchFileStat[];
  totals: { files: number; insertions: number; deletions: number };
  model: string | null;
  tokens_in: number;
  tokens_out: number;
  /** Null: the run's model has no known price. */
  cost_usd: number | null;
  /** File names (not paths) of the diff and of this sidecar under `.patches/`. */
  patch_file: string;
  source: 'run' | 'staged';
}

/** `.patches/<id>/apply.json`. */
/**
 * A task's claim on origin (`refs/taskpod/claims/<id>`): which runner holds it and until when, or,
 * once that runner logged the task, where it delivered it (`state: delivered`, no lease).
 */
export interface TaskClaim {
  task_id: string;
  runner: string;
  state: 'claimed' | 'delivered';
  /** The reply-store key of the request the runner asked; a delivered task is not asked again for it. */
  reply_key: string;
  claimed_at: string;
  /** Null once delivered: the claim no longer holds anyone back, it only says the work is done. */
  lease_expires_at: string | null;
  branch?: string;
  pr_url?: string;
}

/** `.patches/<id>/claimed.json`: the claim that made this runner skip the task, and when it looked. */
export interface ClaimedRecord extends TaskClaim {
  seen_at: string;
}

/** `.patches/<id>/failure.json`: the target that failed last and why (redacted), cleared by a successful `log`. */
export interface FailureRecord {
  task_id: string;
  target: string;
  message: string;
  at: string;
}

export interface ApplyRecord {
  task_id: string;
  patch_file: string;
  mode: 'worktree' | 'current';
  method: '3way' | 'overwrite' | 'already-applied';
  base_branch: string;
  branch: string;
  commit: string;
  pushed: boolean;
  pr_number: number | null;
  pr_url: string | null;
  applied_at: string;
  /**
   * The unmerged `depends_on` branches the commit was built on (docs/stacked-branches.md), in
   * `depends_on` order; absent or empty when it was built on the base branch.
   */
  stacked_on?: StackedOn[];
}

/** One upstream branch a stacked apply built on, and the commit it had then. */
export interface StackedOn {
  task_id: string;
  branch: string;
  commit: string;
}
