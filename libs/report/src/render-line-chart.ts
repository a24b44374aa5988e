import { decimalsFor, labelWidth, linear, niceTicks, px } from './chart-scale';
import { formatPercent, formatUsd } from './format';
import { html, type Html } from './html';

export interface ChartSeries {
  name: string;
  color: string;
  points: readonly { at: number; usd: number }[];
  budget: number | null;
}

const W = 560;
const H = 230;
const M = { right: 14, top: 14, bottom: 30 };
const HOUR = 3_600_000;
/** A budget more than this many times the spend would flatten the lines: it is named above the plot instead. */
const BUDGET_ON_SCALE = 4;

function timeLabel(ms: number, span: number): string {
  const iso = new Date(ms).toISOString();
  return span < 2 * 24 * HOUR ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(0, 10);
}

/** A step line per series: cumulative spend (known costs) over time, with a dashed line per budget. */
export function renderLineChart(title: string, series: readonly ChartSeries[], start: number, end: number): Html {
  const [t0, t1] = end - start < 60_000 ? [start - HOUR / 2, end + HOUR / 2] : [start, end];
  const spendMax = Math.max(0, ...series.flatMap((s) => s.points.map((p) => p.usd)));
  const onScale = (b: number) => spendMax === 0 || b <= spendMax * BUDGET_ON_SCALE;
  const budgeted = series.filter((s) => s.budget !== null) as (ChartSeries & { budget: number })[];
  const ticks = niceTicks(Math.max(spendMax, ...budgeted.filter((s) => onScale(s.budget)).map((s) => s.budget)) * 1.05);
  const digits = decimalsFor(ticks[1]!, 2);
  const tickLabels = ticks.map((v) => `$${v.toFixed(digits)}`);
  const left = 12 + Math.max(...tickLabels.map(labelWidth));
  const x = linear(t0, t1, left, W - M.right);
  const y = linear(0, ticks.at(-1)!, H - M.bottom, M.top);
  const lines = series.map((s) => {
    let d = `M${px(x(t0))} ${px(y(0))}`;
    for (const p of s.points) d += `H${px(x(p.at))}V${px(y(p.usd))}`;
    d += `H${px(x(t1))}`;
    return html`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2" stroke-linejoin="round"><title>${s.name}: ${formatUsd(s.points.at(-1)?.usd ?? 0)}</title></path>`;
  });
  let above = 0;
  const budgets = budgeted.map((s) => {
    const label = `budget ${s.name} ${formatUsd(s.budget)}`;
    if (onScale(s.budget)) {
      return html`<g class="budget" data-budget="${s.name}"><line x1="${px(left)}" x2="${px(W - M.right)}" y1="${px(y(s.budget))}" y2="${px(y(s.budget))}" stroke="${s.color}" stroke-width="1.5" stroke-dasharray="6 4"/><text x="${px(W - M.right - 4)}" y="${px(y(s.budget) - 4)}" text-anchor="end" fill="${s.color}">${label}</text></g>`;
    }
    const used = ` (${formatPercent(s.points.at(-1)?.usd ?? 0, s.budget)} used)`;
    return html`<g class="budget off-scale" data-budget="${s.name}"><text x="${px(W - M.right - 4)}" y="${px(M.top + 10 + 14 * above++)}" text-anchor="end" fill="${s.color}">↑ ${label}${used}</text></g>`;
  });
  return html`<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${title}">
<title>${title}</title>
${ticks.map((v, i) => html`<line class="grid" x1="${px(left)}" x2="${px(W - M.right)}" y1="${px(y(v))}" y2="${px(y(v))}"/><text class="tick" x="${px(left - 6)}" y="${px(y(v) + 4)}" text-anchor="end">${tickLabels[i]!}</text>`)}
${[t0, (t0 + t1) / 2, t1].map((t, i) => html`<text class="tick" x="${px(x(t))}" y="${px(H - 10)}" text-anchor="${i === 0 ? 'start' : i === 2 ? 'end' : 'middle'}">${timeLabel(t, t1 - t0)}</text>`)}
${lines}
${budgets}
</svg>`;
}
