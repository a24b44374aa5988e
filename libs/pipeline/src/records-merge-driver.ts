import { configureMergeDriver } from '@taskpod/git';
import { type StepContext, workspaceGit } from './step-context';

/** The driver .gitattributes names for metrics/metrics.yaml (init writes `metrics/metrics.yaml merge=taskpod-metrics`). */
export const METRICS_MERGE_DRIVER = 'taskpod-metrics';

const configured = new Set<string>();

/**
 * Makes this clone merge metrics/metrics.yaml with taskpod's driver (each side's change added to the
 * other's), so two runners' records merge with no conflict. A clone lacks it until taskpod records
 * something in it; once per workspace per process, and never a reason for a step to fail.
 */
export async function configureRecordsMerge(ctx: Pick<StepContext, 'root' | 'env'>): Promise<void> {
  if (configured.has(ctx.root)) return;
  configured.add(ctx.root);
  const script = require.resolve('@taskpod/ledger/merge-metrics-driver');
  const command = `${quote(process.execPath)} ${quote(script)} %O %A %B`;
  try {
    await configureMergeDriver(workspaceGit(ctx), {
      name: METRICS_MERGE_DRIVER,
      description: 'taskpod metrics: sum of both sides',
      command,
    });
  } catch {
    // No git or a read-only config: the records are still written; a merge then conflicts in metrics.yaml.
  }
}

/** For git's shell: double quotes, with what is special inside them escaped. */
const quote = (text: string) => `"${text.replace(/(["\\$`])/g, '\\$1')}"`;
