/** Axis arithmetic shared by the charts. */

/** The smallest of 1, 2, 2.5, 5 × 10^n at or above value: a round step for an axis. */
export function niceCeil(value: number): number {
  if (!(value > 0)) return 1;
  const exp = 10 ** Math.floor(Math.log10(value));
  const f = value / exp;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * exp;
}

/** Four round steps from 0 that reach `top`: the tick values of a y axis. */
export function niceTicks(top: number): number[] {
  const step = niceCeil(top / 4);
  return [0, 1, 2, 3, 4].map((i) => i * step);
}

/** Decimals that show `step` exactly (0.25 → 2, 0.0005 → 4), at least `min`: every tick of an axis alike. */
export function decimalsFor(step: number, min = 0): number {
  for (let d = 0; d < 10; d++) if (Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) < 1e-6) return Math.max(d, min);
  return 10;
}

/** A linear map from [d0, d1] onto [r0, r1]; a zero-width domain maps to the middle. */
export function linear(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  if (d1 === d0) return () => (r0 + r1) / 2;
  return (v) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);
}

/** Pixel coordinates rounded to a tenth: shorter markup, no visible difference. */
export const px = (v: number): string => (Math.round(v * 10) / 10).toString();

/** Roughly how wide a tick label is at the charts' 11 px font. */
export const labelWidth = (text: string): number => text.length * 6.4;
