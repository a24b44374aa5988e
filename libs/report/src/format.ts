/** Number and time formats shared by every section, so the same value reads the same everywhere. */

/** USD with enough digits that a cheap call is not shown as $0.00; null (no known price) is `unknown`, never 0. */
export function formatUsd(usd: number | null): string {
  if (usd === null) return 'unknown';
  const digits = usd === 0 || Math.abs(usd) >= 1 ? 2 : Math.abs(usd) >= 0.01 ? 4 : 6;
  // Trailing zeros past the cents say nothing: $0.50, not $0.5000.
  return `$${usd.toFixed(digits).replace(/(\.\d\d\d*?)0+$/, '$1')}`;
}

/** A sum of which some calls had no known price: `$0.0100 + unknown`, or `unknown` when none did. */
export function formatSpend(knownUsd: number, knownCalls: number, unknownCalls: number): string {
  if (unknownCalls === 0) return formatUsd(knownUsd);
  return knownCalls === 0 ? 'unknown' : `${formatUsd(knownUsd)} + unknown`;
}

export const formatCount = (n: number): string => n.toLocaleString('en-US');

/** `40 ms`, `4.2 s`, `42 s`, `3 min 5 s`, `2 h 4 min`. */
export function formatDuration(seconds: number): string {
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  const s = Math.round(seconds);
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** `2026-11-24 01:30 UTC` from an ISO time or epoch milliseconds; `-` when there is none. */
export function formatTime(time: string | number | null | undefined): string {
  const ms = typeof time === 'number' ? time : typeof time === 'string' ? Date.parse(time) : Number.NaN;
  if (!Number.isFinite(ms)) return '-';
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `2026-11-24` (UTC). */
export const formatDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Share of a budget used: one decimal below 10% so a small spend does not read as 0%. */
export function formatPercent(part: number, whole: number): string {
  if (whole <= 0) return part > 0 ? 'over' : '0%';
  const pct = (part / whole) * 100;
  return `${pct < 10 ? pct.toFixed(1) : pct.toFixed(0)}%`;
}
