import { STATUS_COLORS } from './palette';

const statusRules = Object.entries(STATUS_COLORS)
  .map(([status, color]) => `.s-${status}{--c:${color}}`)
  .join('\n');

/** The page's whole stylesheet: system fonts only, so the page needs nothing from the network. */
export const REPORT_CSS = `
:root{--fg:#1f2937;--muted:#6b7280;--line:#e5e7eb;--bg:#f6f7f9;--card:#fff;--accent:#2563eb;--tin:#60a5fa;--tout:#f59e0b}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
header.top{background:#111827;color:#f9fafb;padding:18px 32px 14px}
header.top h1{margin:0;font-size:20px;font-weight:600}
header.top .sub{color:#9ca3af;font-size:12px;margin-top:2px}
header.top nav{margin-top:10px;display:flex;gap:18px;font-size:13px}
header.top nav a{color:#d1d5db;text-decoration:none}
header.top nav a:hover{color:#fff}
main{padding:20px 32px 48px;max-width:1440px;margin:0 auto}
h2{font-size:16px;margin:28px 0 12px;font-weight:600}
h3{font-size:14px;margin:0 0 10px;font-weight:600;display:flex;flex-wrap:wrap;align-items:center;gap:10px}
h4{font-size:12px;margin:0 0 8px;font-weight:600;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);display:flex;justify-content:space-between}
a{color:var(--accent)}
code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:12px}
.metric{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 14px}
.metric dt{font-size:12px;color:var(--muted)}
.metric dd{margin:2px 0 0;font-size:22px;font-weight:600;font-variant-numeric:tabular-nums}
.metric .small{font-size:12px;color:var(--muted);font-weight:400}
.statusbar{display:flex;height:10px;border-radius:5px;overflow:hidden;margin:14px 0 6px;background:var(--line)}
.statusbar span{background:var(--c)}
.legend-row{display:flex;flex-wrap:wrap;gap:12px;font-size:12px;color:var(--muted)}
.legend-row .count::before,.counts .count::before{content:"";display:inline-block;width:8px;height:8px;border-radius:50%;background:var(--c);margin-right:5px}
.filters{display:flex;flex-wrap:wrap;gap:10px;align-items:center;margin:0 0 12px;font-size:13px}
.filters input[type=search],.filters select{font:inherit;padding:5px 8px;border:1px solid #d1d5db;border-radius:6px;background:#fff}
.filters input[type=search]{width:240px}
.filters .muted{margin-left:auto}
.phase{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:14px;margin-bottom:14px}
.counts{display:flex;gap:10px;font-size:12px;font-weight:400;color:var(--muted)}
.pods{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:12px}
.pod{background:var(--bg);border-radius:6px;padding:10px}
.pod .n{font-weight:400}
.task{background:var(--card);border:1px solid var(--line);border-left:4px solid var(--c);border-radius:6px;padding:8px 10px;margin-bottom:8px}
.task:last-child{margin-bottom:0}
.task header{display:flex;gap:6px;align-items:center;flex-wrap:wrap}
.task .id,td.id{font:600 12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;word-break:break-all}
.pill{display:inline-block;font-size:11px;padding:0 7px;border-radius:9px;color:#fff;background:var(--c);white-space:nowrap}
.prio{font-size:11px;color:var(--muted)}
.prio.p-critical,.prio.p-high{color:#b91c1c;font-weight:600}
.desc{margin:4px 0 0;font-size:12.5px;color:#374151;display:-webkit-box;-webkit-line-clamp:3;-webkit-box-orient:vertical;overflow:hidden;overflow-wrap:anywhere}
.task footer{display:flex;justify-content:space-between;gap:8px;margin-top:6px;font-size:12px}
.blocked{color:#b45309;overflow-wrap:anywhere}
.pr{margin-left:auto;white-space:nowrap}
.s-cancelled .desc{text-decoration:line-through}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(520px,1fr));gap:14px;margin-bottom:14px}
.grid3{display:grid;grid-template-columns:repeat(auto-fit,minmax(360px,1fr));gap:14px}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:14px;margin:0}
figcaption{font-weight:600;margin-bottom:8px;display:flex;justify-content:space-between;align-items:center}
.chart{width:100%;height:auto;display:block;font-size:11px}
.chart .grid{stroke:#eef0f3;stroke-width:1}
.chart .tick{fill:var(--muted)}
.chart .budget text{font-size:11px;font-weight:600}
.chart .bar{fill:var(--accent)}
table{width:100%;border-collapse:collapse;font-size:12.5px;font-variant-numeric:tabular-nums}
th{text-align:left;font-weight:600;color:var(--muted);font-size:11.5px;border-bottom:1px solid var(--line);padding:5px 6px}
td{border-bottom:1px solid #f1f2f4;padding:5px 6px;vertical-align:top}
.num{text-align:right;white-space:nowrap}
.nowrap{white-space:nowrap}
.muted{color:var(--muted)}
.over{color:#dc2626;font-weight:600}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px;vertical-align:-1px}
.swatch.tin,.hbar .tin{background:var(--tin)}
.swatch.tout,.hbar .tout{background:var(--tout)}
.legend{font-size:12px;font-weight:400;color:var(--muted)}
.hbars{display:grid;gap:8px}
.hbar{display:grid;grid-template-columns:100px 1fr auto;gap:8px;align-items:center;font-size:12px}
.hbar .label{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.hbar .track{display:flex;height:12px;background:var(--bg);border-radius:3px;overflow:hidden}
.hbar .value{font-variant-numeric:tabular-nums;color:var(--muted)}
.runs-card{overflow-x:auto}
.empty{color:var(--muted);font-style:italic}
.note{background:#fffbeb;border:1px solid #fde68a;border-radius:6px;padding:8px 12px;font-size:13px}
footer.bottom{color:var(--muted);font-size:12px;margin-top:32px}
${statusRules}
`;
