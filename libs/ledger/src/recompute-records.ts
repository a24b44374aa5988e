import { LEDGER_FILE, METRICS_FILE, TRACE_LOG, resolveWriteTarget } from '@taskpod/core';
import { readTextIfExists, removeStrayTempFiles, writeFileAtomic } from '@taskpod/core/atomic-write';
import { buildMetrics, formatMetrics } from './build-metrics';
import { parseLedger } from './read-ledger';
import { isPatchEntry } from './spend-lines';
import { markUndoneRows } from './trace-log';
import { type LedgerLockOptions, withLedgerLock } from './with-ledger-lock';

/**
 * Writes what the ledger says the derived records are: metrics.yaml recomputed (whatever it holds,
 * conflict markers of a merge included) and the trace rows of undone patches marked. Under the
 * ledger lock; returns the workspace-relative paths it changed (none when they already agree).
 */
export async function recomputeRecords(root: string, options: { lock?: LedgerLockOptions } = {}): Promise<string[]> {
  return withLedgerLock(
    root,
    async () => {
      const read = async (rel: string) => {
        const target = resolveWriteTarget(root, rel);
        await removeStrayTempFiles(target);
        return { target, text: await readTextIfExists(target, rel) };
      };
      const ledger = await read(LEDGER_FILE);
      const lines = parseLedger(ledger.text ?? '');
      const trace = await read(TRACE_LOG);
      const metrics = await read(METRICS_FILE);
      const written: string[] = [];
      const remarked = markUndoneRows(trace.text, lines.filter(isPatchEntry));
      if (remarked !== null) {
        await writeFileAtomic(trace.target, remarked);
        written.push(TRACE_LOG);
      }
      // No ledger and no metrics file: nothing was ever recorded, so nothing is written.
      const fresh = formatMetrics(buildMetrics(lines));
      if ((ledger.text !== null || metrics.text !== null) && fresh !== metrics.text) {
        await writeFileAtomic(metrics.target, fresh);
        written.push(METRICS_FILE);
      }
      return written;
    },
    options.lock,
  );
}
