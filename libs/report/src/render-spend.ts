import type { SpendSeries, SpendView } from './build-spend';
import { formatCount, formatPercent, formatSpend, formatUsd } from './format';
import { html, type Html } from './html';
import { seriesColor } from './palette';
import { renderLineChart } from './render-line-chart';

const TOP_TASKS = 10;

const spendText = (s: SpendSeries): string => formatSpend(s.costUsd, s.calls - s.unknownCalls, s.unknownCalls);

function budgetCells(s: SpendSeries): Html {
  if (s.budget === null) return html`<td class="num muted">-</td><td class="num muted">-</td>`;
  const over = s.costUsd > s.budget;
  return html`<td class="num">${formatUsd(s.budget)}</td><td class="num${over ? ' over' : ''}">${formatPercent(s.costUsd, s.budget)}</td>`;
}

function renderTable(first: string, rows: readonly SpendSeries[], colors: readonly string[] | null): Html {
  return html`<table class="spend"><thead><tr><th>${first}</th><th class="num">calls</th><th class="num">tokens in</th><th class="num">tokens out</th><th class="num">spend</th><th class="num">budget</th><th class="num">used</th></tr></thead><tbody>
${rows.map(
  (s, i) =>
    html`<tr data-series="${s.name}"><td>${colors ? html`<span class="swatch" style="background:${colors[i]!}"></span>` : ''}${s.name}</td><td class="num">${formatCount(s.calls)}</td><td class="num">${formatCount(s.tokensIn)}</td><td class="num">${formatCount(s.tokensOut)}</td><td class="num" data-usd="${s.costUsd}">${spendText(s)}</td>${budgetCells(s)}</tr>`,
)}</tbody></table>`;
}

function renderChartCard(title: string, first: string, rows: readonly SpendSeries[], view: SpendView): Html {
  const colors = rows.map((_, i) => seriesColor(i));
  const chart =
    view.start === null || view.end === null
      ? html`<p class="empty">No call has a time to draw.</p>`
      : renderLineChart(
          title,
          rows.map((s, i) => ({ name: s.name, color: colors[i]!, points: s.points, budget: s.budget })),
          view.start,
          view.end,
        );
  return html`<figure class="card chart-card"><figcaption>${title}</figcaption>${chart}${renderTable(first, rows, colors)}</figure>`;
}

/** Spend over time for the workspace and by pod, phase and model, against their budgets; the costliest tasks. */
export function renderSpend(view: SpendView): Html {
  if (view.total.calls === 0) return html`<p class="empty">No spend recorded yet: the ledger has no model calls.</p>`;
  const unknown =
    view.total.unknownCalls > 0
      ? html`<p class="note">${view.total.unknownCalls} of ${view.total.calls} calls used a model with no known price: their cost is unknown and not in the lines (add it under <code>prices</code> in the plugin options).</p>`
      : '';
  const tasks = view.byTask.slice(0, TOP_TASKS);
  return html`${unknown}<div class="grid2">
${renderChartCard('Workspace spend over time', 'scope', [view.total], view)}
${renderChartCard('Spend by pod', 'pod', view.byPod, view)}
${renderChartCard('Spend by phase', 'phase', view.byPhase, view)}
${renderChartCard('Spend by model', 'model', view.byModel, view)}
</div>
<figure class="card"><figcaption>Costliest tasks${view.byTask.length > TOP_TASKS ? ` (top ${TOP_TASKS} of ${view.byTask.length})` : ''}</figcaption>${renderTable('task', tasks, null)}</figure>`;
}
