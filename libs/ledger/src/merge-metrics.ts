import { parse } from 'yaml';
import { METRICS_KEYS, METRICS_UNITS, type Metrics, type MetricsBucket, compareBucketKeys, formatMetrics } from './build-metrics';

interface Sides {
  base: string | null;
  ours: string;
  theirs: string;
}

/**
 * Pure: the metrics.yaml of a merge, from the base's, ours and theirs: every number is
 * ours + theirs - base, bucket by bucket. Each side's file is its ledger's sum and the merged ledger
 * is the union of both sides' new lines, so this is what recomputing gives whenever the two sides
 * logged different tasks (claims make sure of that); `taskpod log` recomputes from the ledger in any
 * case. Null when a side is not a metrics file (then git reports a conflict).
 */
export function mergeMetrics(sides: Sides): string | null {
  const base = sides.base === null || sides.base.trim() === '' ? emptyMetrics() : readMetrics(sides.base);
  const ours = readMetrics(sides.ours);
  const theirs = readMetrics(sides.theirs);
  if (!base || !ours || !theirs) return null;
  const merge = <K>(pick: (m: Metrics) => Map<K, MetricsBucket>) => {
    const keys = new Set([...pick(ours).keys(), ...pick(theirs).keys()]);
    return new Map([...keys].map((k) => [k, sum(pick(ours).get(k), pick(theirs).get(k), pick(base).get(k))] as const));
  };
  const byPod = merge((m) => m.by_pod);
  const byPhase = merge((m) => m.by_phase);
  return formatMetrics({
    totals: sum(ours.totals, theirs.totals, base.totals),
    by_pod: new Map([...byPod].sort(([a], [b]) => compareBucketKeys(a, b))),
    by_phase: new Map([...byPhase].sort(([a], [b]) => compareBucketKeys(a, b))),
  });
}

function sum(ours: MetricsBucket | undefined, theirs: MetricsBucket | undefined, base: MetricsBucket | undefined): MetricsBucket {
  const out = {} as MetricsBucket;
  for (const key of METRICS_KEYS) {
    const scale = METRICS_UNITS[key] ?? 1;
    const units = (b: MetricsBucket | undefined) => Math.round((b?.[key] ?? 0) * scale);
    out[key] = Math.max(0, units(ours) + units(theirs) - units(base)) / scale;
  }
  return out;
}

function emptyMetrics(): Metrics {
  return { totals: sum(undefined, undefined, undefined), by_pod: new Map(), by_phase: new Map() };
}

/** The buckets of a metrics.yaml text, or null when it is not one (a person's edit, conflict markers). */
function readMetrics(text: string): Metrics | null {
  let value: unknown;
  try {
    value = parse(text);
  } catch {
    return null;
  }
  const doc = value as { totals?: unknown; by_pod?: unknown; by_phase?: unknown } | null;
  if (!doc || typeof doc !== 'object') return null;
  const totals = bucketOf(doc.totals);
  const pods = mapOf(doc.by_pod, (k) => k);
  const phases = mapOf(doc.by_phase, (k) => (k === 'none' ? 'none' : Number(k)));
  if (!totals || !pods || !phases) return null;
  return { totals, by_pod: pods, by_phase: phases };
}

function mapOf<K>(value: unknown, key: (k: string) => K): Map<K, MetricsBucket> | null {
  if (value === undefined || value === null) return new Map();
  if (typeof value !== 'object' || Array.isArray(value)) return null;
  const out = new Map<K, MetricsBucket>();
  for (const [k, v] of Object.entries(value)) {
    const bucket = bucketOf(v);
    const name = key(k);
    if (!bucket || (typeof name === 'number' && !Number.isFinite(name))) return null;
    out.set(name, bucket);
  }
  return out;
}

function bucketOf(value: unknown): MetricsBucket | null {
  if (!value || typeof value !== 'object') return null;
  const out = {} as MetricsBucket;
  for (const key of METRICS_KEYS) {
    const n = (value as Record<string, unknown>)[key];
    if (typeof n !== 'number' || !Number.isFinite(n)) return null;
    out[key] = n;
  }
  return out;
}
