import { createHash } from 'node:crypto';
import type { ReportModel } from './build-report-model';
import { formatCount, formatDuration, formatPercent, formatTime, formatUsd } from './format';
import { html, raw, type Html } from './html';
import { statusLabel } from './palette';
import { renderActivity, renderLastRuns } from './render-activity';
import { renderBoard } from './render-board';
import { renderSpend } from './render-spend';
import { REPORT_SCRIPT } from './report-script';
import { REPORT_CSS } from './report-style';

/**
 * Nothing may load from anywhere (no network, no file) and only the page's own script may run,
 * pinned by its hash: a task text that slipped past escaping still could neither run nor call out.
 */
const CSP = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${createHash('sha256').update(REPORT_SCRIPT).digest('base64')}'; base-uri 'none'; form-action 'none'`;

function renderHeadline(m: ReportModel): Html {
  const t = m.totals;
  const unknown = m.spend.total.unknownCalls;
  // The known sum is metrics.yaml's cost_usd; calls of unknown price are named beside it, never added as 0.
  const known = m.spend.total.calls - unknown;
  const cost = unknown > 0 && known === 0 ? 'unknown' : formatUsd(t.cost_usd);
  const unknownNote =
    unknown > 0 && known > 0 ? html`<div>+ unknown: ${unknown} call${unknown === 1 ? '' : 's'} without a price</div>` : '';
  const statusDone = m.statusCounts.find(([s]) => s === 'done')?.[1] ?? 0;
  const workspaceBudget = m.budgets?.workspace ?? null;
  const metric = (label: string, value: Html, sub: Html | string = '') =>
    html`<div class="metric"><dt>${label}</dt><dd>${value}</dd>${String(sub) !== '' ? html`<div class="small">${sub}</div>` : ''}</div>`;
  return html`<dl class="cards">
${metric('Tasks done', html`<span data-metric="tasks_done">${t.tasks_done}</span> <span class="small">of ${m.taskCount}</span>`, `${statusDone} with status done`)}
${metric('Spend', html`<span data-metric="cost_usd" data-value="${t.cost_usd}">${cost}</span>`, html`${unknownNote}${workspaceBudget === null ? '' : html`<div>budget ${formatUsd(workspaceBudget)}, ${formatPercent(t.cost_usd, workspaceBudget)} used</div>`}`)}
${metric('Tokens in', html`<span data-metric="tokens_in">${formatCount(t.tokens_in)}</span>`)}
${metric('Tokens out', html`<span data-metric="tokens_out">${formatCount(t.tokens_out)}</span>`)}
${metric('Pull requests', html`<span data-metric="prs_opened">${t.prs_opened}</span>`, `${t.patches} patch${t.patches === 1 ? '' : 'es'} logged`)}
${metric('Files changed', html`<span data-metric="files_changed">${formatCount(t.files_changed)}</span>`, `+${formatCount(t.insertions)} −${formatCount(t.deletions)}`)}
${metric('Model time', html`<span data-metric="duration_s" data-value="${t.duration_s}">${formatDuration(t.duration_s)}</span>`)}
</dl>
<div class="statusbar" title="tasks by status">${m.statusCounts.map(([s, n]) => html`<span class="s-${s}" style="flex:${n}" title="${n} ${statusLabel(s)}"></span>`)}</div>
<div class="legend-row">${m.statusCounts.map(([s, n]) => html`<span class="count s-${s}" data-status-count="${s}">${n} ${statusLabel(s)}</span>`)}</div>`;
}

function renderFilters(m: ReportModel): Html {
  const pods = [...new Set(m.board.flatMap((p) => p.pods.map((x) => x.pod)))].sort();
  return html`<div class="filters">
<input type="search" id="filter-text" placeholder="Filter by id or description" aria-label="Filter tasks">
<select id="filter-pod" aria-label="Pod"><option value="">All pods</option>${pods.map((p) => html`<option value="${p}">${p === 'none' ? 'No pod' : p}</option>`)}</select>
<select id="filter-status" aria-label="Status"><option value="">All statuses</option>${m.statusCounts.map(([s]) => html`<option value="${s}">${statusLabel(s)}</option>`)}</select>
<label><input type="checkbox" id="filter-open"> open tasks only</label>
<span class="muted" id="filter-shown"></span>
</div>`;
}

/** Pure: the whole page, one self-contained HTML document. */
export function renderReportHtml(m: ReportModel): string {
  const notes = m.notes.length > 0 ? html`<div class="note">${m.notes.map((n) => html`<div>${n}</div>`)}</div>` : '';
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${raw(CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>taskpod report: ${m.title}</title>
<style>${raw(REPORT_CSS)}</style>
</head>
<body>
<header class="top">
<h1>${m.title}</h1>
<div class="sub">taskpod report · generated ${formatTime(m.generatedAt.getTime())} from .logs/ledger.jsonl, .patches/ and the task files</div>
<nav><a href="#board">Board</a><a href="#spend">Spend</a><a href="#activity">Tokens &amp; throughput</a><a href="#runs">Last runs</a></nav>
</header>
<main>
${notes}
${renderHeadline(m)}
<h2 id="board">Status board</h2>
${renderFilters(m)}
${renderBoard(m.board)}
<h2 id="spend">Spend</h2>
${renderSpend(m.spend)}
<h2 id="activity">Tokens, throughput and durations</h2>
${renderActivity(m.activity, m.spend.byPod)}
<h2 id="runs">Last runs</h2>
<div class="card runs-card">${renderLastRuns(m.activity.lastRuns)}</div>
<footer class="bottom">One self-contained file: no network access, nothing loaded from elsewhere. Regenerate with <code>taskpod report</code>.</footer>
</main>
<script>${raw(REPORT_SCRIPT)}</script>
</body>
</html>
`;
  return page.text;
}
