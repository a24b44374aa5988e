import { writeFileAtomic } from '@taskpod/core/atomic-write';
import { buildReportModel, type ReportModel } from './build-report-model';
import { readReportInputs, type ReadReportOptions } from './read-report-inputs';
import { renderReportHtml } from './render-report-html';

/** Where `taskpod report` writes by default, relative to the workspace root. */
export const DEFAULT_REPORT_FILE = '.logs/report.html';

/** Reads the workspace's records, builds the page and writes it to `file` (absolute); returns what it showed. */
export async function writeReport(
  root: string,
  file: string,
  options: ReadReportOptions,
): Promise<{ file: string; model: ReportModel; bytes: number }> {
  const model = buildReportModel(await readReportInputs(root, options));
  const text = renderReportHtml(model);
  await writeFileAtomic(file, text);
  return { file, model, bytes: Buffer.byteLength(text) };
}
