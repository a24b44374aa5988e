import { linear, niceCeil, px } from './chart-scale';
import { formatUsd } from './format';
import { html, type Html } from './html';

export interface ChartSeries {
  name: string;
  color: string;
  points: readonly { at: number; usd: number }[];
  budget: number | null;
}

const W = 560;
const H = 230;
const M = { left: 62, right: 14, top: 14, bottom: 30 };
const HOUR = 3_600_000;

function timeLabel(ms: number, span: number): string {
  const iso = new Date(ms).toISOString();
  return span < 2 * 24 * HOUR ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(0, 10);
}

/** A step line per series: cumulative spend (known costs) over time, with a dashed line per budget. */
export function renderLineChart(title: string, series: readonly ChartSeries[], start: number, end: number): Html {
  const [t0, t1] = end - start < 60_000 ? [start - HOUR / 2, end + HOUR / 2] : [start, end];
  const highest = Math.max(0, ...series.flatMap((s) => [...s.points.map((p) => p.usd), s.budget ?? 0]));
  const yMax = niceCeil(highest * 1.08);
  const x = linear(t0, t1, M.left, W - M.right);
  const y = linear(0, yMax, H - M.bottom, M.top);
  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * yMax);
  const xTicks = [t0, (t0 + t1) / 2, t1];
  const lines = series.map((s) => {
    let d = `M${px(x(t0))} ${px(y(0))}`;
    for (const p of s.points) d += `H${px(x(p.at))}V${px(y(p.usd))}`;
    d += `H${px(x(t1))}`;
    return html`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"><title>${s.name}: ${formatUsd(s.points.at(-1)?.usd ?? 0)}</title></path>`;
  });
  const budgets = series.flatMap((s) =>
    s.budget === null
      ? []
      : [
          html`<g class="budget" data-budget="${s.name}"><line x1="${px(M.left)}" x2="${px(W - M.right)}" y1="${px(y(s.budget))}" y2="${px(y(s.budget))}" stroke="${s.color}" stroke-width="1.5" stroke-dasharray="6 4"/><text x="${px(W - M.right - 4)}" y="${px(y(s.budget) - 4)}" text-anchor="end" fill="${s.color}">budget ${s.name} ${formatUsd(s.budget)}</text></g>`,
        ],
  );
  return html`<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${title}">
<title>${title}</title>
${yTicks.map((v) => html`<line class="grid" x1="${px(M.left)}" x2="${px(W - M.right)}" y1="${px(y(v))}" y2="${px(y(v))}"/><text class="tick" x="${px(M.left - 6)}" y="${px(y(v) + 4)}" text-anchor="end">${formatUsd(v)}</text>`)}
${xTicks.map((t, i) => html`<text class="tick" x="${px(x(t))}" y="${px(H - 10)}" text-anchor="${i === 0 ? 'start' : i === 2 ? 'end' : 'middle'}">${timeLabel(t, t1 - t0)}</text>`)}
${lines}
${budgets}
</svg>`;
}
