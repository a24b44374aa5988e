import { linear, niceCeil, px } from './chart-scale';
import { formatDay } from './format';
import { html, type Html } from './html';

const W = 560;
const H = 180;
const M = { left: 40, right: 14, top: 12, bottom: 30 };

/** Tasks done per day as bars, with the count on hover. */
export function renderBarChart(title: string, days: readonly { day: number; done: number }[]): Html {
  // Whole tasks: the step is rounded up to an integer.
  const step = Math.max(1, Math.ceil(niceCeil(Math.max(...days.map((d) => d.done)) / 4)));
  const ticks = [0, 1, 2, 3, 4].map((i) => i * step);
  const top = ticks.at(-1)!;
  const y = linear(0, top, H - M.bottom, M.top);
  const slot = (W - M.left - M.right) / days.length;
  const barWidth = Math.max(1, Math.min(48, slot * 0.7));
  const labelEvery = Math.ceil(days.length / 6);
  return html`<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${title}">
<title>${title}</title>
${ticks.map((v) => html`<line class="grid" x1="${px(M.left)}" x2="${px(W - M.right)}" y1="${px(y(v))}" y2="${px(y(v))}"/><text class="tick" x="${px(M.left - 6)}" y="${px(y(v) + 4)}" text-anchor="end">${v}</text>`)}
${days.map((d, i) => {
  const cx = M.left + slot * (i + 0.5);
  const label =
    i % labelEvery === 0 ? html`<text class="tick" x="${px(cx)}" y="${px(H - 10)}" text-anchor="middle">${formatDay(d.day)}</text>` : '';
  return html`<rect class="bar" x="${px(cx - barWidth / 2)}" y="${px(y(d.done))}" width="${px(barWidth)}" height="${px(y(0) - y(d.done))}"><title>${formatDay(d.day)}: ${d.done} done</title></rect>${label}`;
})}
</svg>`;
}
