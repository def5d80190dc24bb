// Stats: the ratio of two proportions ("4× as likely") and its confidence interval by the log method
// (Katz et al. 1978): ln(RR) ± z·sqrt(1/a − 1/n1 + 1/c − 1/n2). Pure.
import qnorm from '@stdlib/stats-base-dists-normal-quantile';

export interface RiskRatio {
  ratio: number;
  /** Undefined when a count is 0 (the log interval does not exist). */
  confInt?: [number, number];
  level: number;
}

export function riskRatio(a: number, n1: number, c: number, n2: number, level = 0.95): RiskRatio {
  if (!(n1 > 0 && n2 > 0)) throw new Error('riskRatio needs two non-empty groups');
  const ratio = c === 0 ? Infinity : a / n1 / (c / n2);
  if (a === 0 || c === 0) return { ratio, level };
  const se = Math.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n2);
  const z = qnorm((1 + level) / 2, 0, 1);
  return { ratio, confInt: [Math.exp(Math.log(ratio) - z * se), Math.exp(Math.log(ratio) + z * se)], level };
}

/**
 * The precision a ratio can be printed at: one decimal when its interval is narrower than one unit,
 * else a whole number said as "about" (4.1 with an interval 2.3–7.0 is "about 4×"). Returns the
 * rounded value and whether it is approximate.
 */
export function ratioPrecision(rr: RiskRatio): { value: number; about: boolean; digits: number } {
  const [lo, hi] = rr.confInt ?? [0, Infinity];
  if (hi - lo < 1) return { value: Math.round(rr.ratio * 10) / 10, about: false, digits: 1 };
  return { value: Math.round(rr.ratio), about: true, digits: 0 };
}
