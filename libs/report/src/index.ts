export { DEFAULT_REPORT_FILE, writeReport } from './write-report';
export { readReportInputs, type ReadReportOptions, type ReportEntry, type ReportInputs } from './read-report-inputs';
export { buildReportModel, type ReportModel } from './build-report-model';
export { renderReportHtml } from './render-report-html';
export { budgetsFrom, type Budgets } from './budgets-from';
export { escapeHtml, html, raw, safeHref } from './html';
