// The workflow `taskpod init --ci-matrix N` writes: N jobs drain one backlog at once.

import { WORKFLOW_SETUP_STEPS } from './init-files';

export const MATRIX_WORKFLOW_FILE = '.github/workflows/taskpod-matrix.yml';

/** GitHub Actions runs at most 256 jobs of one matrix. */
export const MAX_MATRIX_JOBS = 256;

/**
 * The workflow text for `runners` jobs. Each job runs `taskpod run --ready` in its own clone as
 * runner `ci-<n>`: a task is claimed on origin before its model call, so each is asked once; the
 * Nx remote cache (when its variables are set) serves what another runner already produced; the
 * records of all jobs merge with no conflict (.gitattributes), so the commit step only retries its
 * push when another runner pushed first.
 */
export function matrixWorkflow(runners: number): string {
  const list = Array.from({ length: runners }, (_, i) => i + 1).join(', ');
  return `# ${runners} runners drain one backlog: each job runs \`taskpod run --ready\`. A task is claimed on origin
# (refs/taskpod/claims/<id>) before its model call, so each is asked once; the records of every job
# merge with no conflict, so the last step only retries its push when another runner pushed first.
name: taskpod-matrix
on:
  workflow_dispatch:
permissions:
  contents: write
  pull-requests: write
concurrency:
  # Shared with taskpod.yml: one run of either at a time; the jobs of this one run side by side.
  group: taskpod-\${{ github.ref }}
jobs:
  runner:
    strategy:
      fail-fast: false
      matrix:
        runner: [${list}]
    runs-on: ubuntu-latest
    steps:
${WORKFLOW_SETUP_STEPS}      - run: npx taskpod run --ready
        env:
          TASKPOD_RUNNER: ci-\${{ matrix.runner }}
          NX_DAEMON: "false"
          NX_NO_CLOUD: "true"
          NX_TUI: "false"
          # Optional: an Nx self-hosted cache server shares run and patch between the jobs and later runs.
          NX_SELF_HOSTED_REMOTE_CACHE_SERVER: \${{ vars.NX_SELF_HOSTED_REMOTE_CACHE_SERVER }}
          NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: \${{ secrets.NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN }}
          OPENAI_API_KEY: \${{ secrets.OPENAI_API_KEY }}
          GITHUB_TOKEN: \${{ secrets.GITHUB_TOKEN }}
      - name: Commit the records
        if: always()
        run: |
          for p in .patches .logs metrics task_templates; do if [ -e "$p" ]; then git add "$p"; fi; done
          git commit -m "taskpod: record runner \${{ matrix.runner }}" || exit 0
          for attempt in 1 2 3 4 5; do
            git pull --no-rebase --no-edit origin "$GITHUB_REF_NAME" && git push origin "HEAD:$GITHUB_REF_NAME" && exit 0
            sleep $((attempt * 5))
          done
          exit 1
`;
}
