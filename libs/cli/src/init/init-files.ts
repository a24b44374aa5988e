// What `taskpod init` writes into a repository. The example is one task that `taskpod prompt example`
// renders and `taskpod run example` runs, with a template and a memory index it reads.

export const EXAMPLE_TASK_FILE = 'task_templates/example/task.yaml';
export const EXAMPLE_PROMPT_FILE = 'prompts/example.md';
export const MEMORY_FILE = 'memory/memory.yaml';
export const MEMORY_NOTE_FILE = 'memory/project.md';
export const WORKFLOW_FILE = '.github/workflows/taskpod.yml';

export const EXAMPLE_TASK = `# yaml-language-server: $schema=../../node_modules/taskpod/schemas/task.schema.json
# An example task. \`npx taskpod prompt example\` shows the request a model would get;
# \`npx taskpod run example\` runs it (set OPENAI_API_KEY, or see the README's providers).
id: example
description: >-
  Write docs/taskpod-example.md: three sentences on what this repository is for,
  for a new contributor.
pod: DocPod
phase: 1
status: ready
prompt: ${EXAMPLE_PROMPT_FILE}
outputs:
  - docs/taskpod-example.md
`;

export const EXAMPLE_PROMPT = `You are {{ pod }}, writing documentation for this repository.

{{ task.description }}

Keep it short and plain; name files by their paths.
`;

export const MEMORY_INDEX = `# yaml-language-server: $schema=../node_modules/taskpod/schemas/memory.schema.json
# What the model may know about this repository: each entry's path and description are sent, and
# small files in full. Add your architecture notes, conventions and glossary here.
project:
  - path: ${MEMORY_NOTE_FILE}
    description: What this project is, who uses it and the words it uses.
`;

export const MEMORY_NOTE = `# This project

Describe the project here: what it does, for whom, and the words it uses. Tasks see this file.
`;

/** The header of the block init appends to .gitignore. */
export const GITIGNORE_HEADER = '# taskpod: records, feedback and the reply store are tracked; only scratch is ignored';

/**
 * Lines init makes sure .gitignore holds. The negations keep the records tracked (and in Nx's hash,
 * which skips ignored files) even below a broader rule such as `.logs/*`.
 */
export const GITIGNORE_LINES = [
  'node_modules/',
  '.nx/',
  '.patches/*/files/',
  '.patches/**/*.tmp',
  '.patches/**/*.tmp-*',
  '.logs/.ledger.lock',
  '.logs/.spend-reservations.json',
  // `taskpod report`'s page is rebuilt from the records at any time; committed, two machines' copies would conflict.
  '.logs/report.html',
  '!.patches/*.diff',
  '!.patches/*.yaml',
  '!.patches/replies/',
  '!.logs/trace_log.md',
  '!.logs/ledger.jsonl',
  '!.logs/feedback/',
  '!metrics/',
];

/** The steps both workflows start with: the full history (for affected and stacking), node, the lockfile's packages, a committer. */
export const WORKFLOW_SETUP_STEPS = `      - uses: actions/checkout@v4
        with: { fetch-depth: 0 }
      - uses: actions/setup-node@v4
        with: { node-version: 22, cache: npm }
      - run: npm ci
      - run: git config user.name "taskpod" && git config user.email "taskpod@users.noreply.github.com"
`;

export const WORKFLOW = `# Runs the tasks a push touched (nx affected), opens their pull requests and commits the records
# (trace log, ledger, metrics, feedback, reply store, task status) back to the branch.
name: taskpod
on:
  push:
    branches: [main]
permissions:
  contents: write
  pull-requests: write
concurrency:
  group: taskpod-\${{ github.ref }}
jobs:
  affected-tasks:
    # The records commit below is a push too: skip it.
    if: "!startsWith(github.event.head_commit.message, 'taskpod: record')"
    runs-on: ubuntu-latest
    steps:
${WORKFLOW_SETUP_STEPS}      - run: npx nx affected -t log --base=HEAD~1 --head=HEAD
        env:
          NX_DAEMON: "false"
          NX_NO_CLOUD: "true"
          NX_TUI: "false"
          OPENAI_API_KEY: \${{ secrets.OPENAI_API_KEY }}
          GITHUB_TOKEN: \${{ secrets.GITHUB_TOKEN }}
      - run: |
          for p in .patches .logs metrics task_templates; do if [ -e "$p" ]; then git add "$p"; fi; done
          git commit -m "taskpod: record affected tasks" || exit 0
          git push
`;

/** The header of the block init appends to .gitattributes. */
export const GITATTRIBUTES_HEADER = "# taskpod: two clones' records merge with no conflict (docs/file-formats.md)";

/**
 * The lines init makes sure .gitattributes holds, so two clones' records merge with no conflict: the
 * ledger and trace log are append-only lines, kept from both sides (git's union driver); metrics.yaml
 * is summed by taskpod's driver, which `taskpod log` sets in each clone's git config.
 */
export const GITATTRIBUTES_LINES = [
  '.logs/ledger.jsonl merge=union',
  '.logs/trace_log.md merge=union',
  'metrics/metrics.yaml merge=taskpod-metrics',
];
