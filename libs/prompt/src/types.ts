/** A workspace file the model sees. */
export interface PromptFile {
  path: string;
  content: string;
}

/** One memory index entry; `content` is inlined only for small local files. */
export interface MemoryItem {
  path: string;
  description: string | null;
  tags: string[];
  category: string | null;
  /** Live GitHub memory: `owner/name` and ref; its content comes in `github`. */
  repo: string | null;
  ref: string | null;
  content: string | null;
}

/** A file written by a task this one depends on (from `.patches/<task>/files/`). */
export interface UpstreamFile extends PromptFile {
  task: string;
}

/** A live memory file fetched from GitHub. */
export interface GitHubMemoryFile extends PromptFile {
  repo: string;
  ref: string | null;
  /** Blob sha GitHub reported, recorded in run.json. */
  sha: string | null;
}

/** Everything read from disk (and GitHub) that a prompt is built from. */
export interface PromptInputs {
  /** The task's template, or null for the built-in one. */
  template: { path: string; text: string } | null;
  memory: MemoryItem[];
  inputs: PromptFile[];
  upstream: UpstreamFile[];
  github: GitHubMemoryFile[];
  /** What a person wrote under "Human feedback" in `.logs/feedback/<id>.md`, or null. */
  feedback: string | null;
  /**
   * What the framework expects to be missing and is (an input not written yet, a live memory file
   * GitHub does not have): told to the model in a Notes section, and to the user as warnings.
   */
  notes?: string[];
}

/** The request's messages: a fixed system message and the user message. */
export interface PromptMessages {
  system: string;
  user: string;
}
