import type { Activity } from './build-activity';
import type { SpendSeries } from './build-spend';
import { formatCount, formatDuration, formatTime, formatUsd } from './format';
import { html, type Html } from './html';
import { statusLabel } from './palette';
import { renderBarChart } from './render-bar-chart';
import { renderPr } from './render-board';

/** Tokens in and out per pod as bars scaled to the largest pod. */
function renderTokens(byPod: readonly SpendSeries[]): Html {
  const top = Math.max(1, ...byPod.map((s) => s.tokensIn + s.tokensOut));
  const pct = (n: number) => `${((n / top) * 100).toFixed(1)}%`;
  return html`<figure class="card"><figcaption>Tokens by pod <span class="legend"><span class="swatch tin"></span>in <span class="swatch tout"></span>out</span></figcaption>
${
  byPod.length === 0
    ? html`<p class="empty">No tokens recorded yet.</p>`
    : html`<div class="hbars">${byPod.map(
        (s) =>
          html`<div class="hbar"><span class="label">${s.name}</span><span class="track"><span class="tin" style="width:${pct(s.tokensIn)}"></span><span class="tout" style="width:${pct(s.tokensOut)}"></span></span><span class="value">${formatCount(s.tokensIn)} + ${formatCount(s.tokensOut)}</span></div>`,
      )}</div>`
}</figure>`;
}

function renderThroughput(days: Activity['donePerDay']): Html {
  const total = days.reduce((n, d) => n + d.done, 0);
  const body =
    days.length === 0
      ? html`<p class="empty">No task logged yet.</p>`
      : html`${renderBarChart('Tasks done per day', days)}<p class="muted">${total} task${total === 1 ? '' : 's'} in ${days.length} day${days.length === 1 ? '' : 's'}: ${(total / days.length).toFixed(1)} per day.</p>`;
  return html`<figure class="card"><figcaption>Throughput: tasks done per day (UTC)</figcaption>${body}</figure>`;
}

function renderDurations(rows: Activity['durations']): Html {
  const body =
    rows.length === 0
      ? html`<p class="empty">No run logged yet.</p>`
      : html`<table><thead><tr><th>pod</th><th class="num">runs</th><th class="num">total</th><th class="num">mean</th><th class="num">median</th><th class="num">max</th></tr></thead><tbody>${rows.map(
          (r) =>
            html`<tr><td>${r.pod}</td><td class="num">${r.runs}</td><td class="num">${formatDuration(r.totalS)}</td><td class="num">${formatDuration(r.meanS)}</td><td class="num">${formatDuration(r.medianS)}</td><td class="num">${formatDuration(r.maxS)}</td></tr>`,
        )}</tbody></table>`;
  return html`<figure class="card"><figcaption>Model step durations by pod</figcaption>${body}</figure>`;
}

/** Tokens, throughput and durations side by side. */
export function renderActivity(activity: Activity, byPod: readonly SpendSeries[]): Html {
  return html`<div class="grid3">${renderTokens(byPod)}${renderThroughput(activity.donePerDay)}${renderDurations(activity.durations)}</div>`;
}

/** The newest run record of each task, newest first. */
export function renderLastRuns(rows: Activity['lastRuns']): Html {
  if (rows.length === 0) return html`<p class="empty">No task has run yet.</p>`;
  return html`<table class="runs"><thead><tr><th>started</th><th>task</th><th>pod</th><th>model</th><th>answer</th><th class="num">tokens in + out</th><th class="num">cost</th><th class="num">duration</th><th>status</th><th>PR</th></tr></thead><tbody>
${rows.map(
  (r) =>
    html`<tr data-run="${r.taskId}"><td class="nowrap">${formatTime(r.startedAt)}</td><td class="id">${r.taskId}</td><td>${r.pod}</td><td>${r.provider} · ${r.model}</td><td>${r.fromStore ? 'reply store' : 'model call'}</td><td class="num">${formatCount(r.tokensIn)} + ${formatCount(r.tokensOut)}</td><td class="num">${formatUsd(r.costUsd)}</td><td class="num">${formatDuration(r.durationS)}</td><td>${r.status ? html`<span class="pill s-${r.status}">${statusLabel(r.status)}</span>` : '-'}</td><td>${renderPr(r.prUrl, r.prNumber) || '-'}</td></tr>`,
)}</tbody></table>`;
}
