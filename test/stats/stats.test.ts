// The significance tests, the ratio interval, Holm and Kish against published reference values,
// typed by hand from the cited source (never computed by this code and pasted back).
import { describe, expect, it } from 'vitest';
import { agreed, evaluateClaim } from '../../src/bind/claims.js';
import { compareProportions, fisherTest, fisherTestOneSided, holmAdjust, kishEffectiveN, propTest, ratioPrecision, riskRatio } from '../../src/stats/index.js';

describe('propTest (R prop.test, default arguments)', () => {
  it('four groups, no continuity correction: R documentation example `prop.test(smokers, patients)`', () => {
    // R, ?prop.test, Examples: smokers <- c(83, 90, 129, 70); patients <- c(86, 93, 136, 82)
    // prints "X-squared = 12.6, df = 3, p-value = 0.005585".
    const r = propTest([83, 90, 129, 70], [86, 93, 136, 82]);
    expect(r.df).toBe(3);
    expect(r.statistic).toBeCloseTo(12.6, 1);
    expect(r.pValue).toBeCloseTo(0.005585, 6);
  });

  it("two groups with Yates' correction: prop.test(c(490, 400), c(500, 500))", () => {
    // Emory University Math Center, "Tech Tips: two-sample proportion tests" (R output):
    // "X-squared = 80.909, df = 1, p-value < 2.2e-16 … 95 percent confidence interval: 0.1408536 0.2191464".
    const r = propTest([490, 400], [500, 500]);
    expect(r.df).toBe(1);
    expect(r.statistic).toBeCloseTo(80.909, 3);
    expect(r.pValue).toBeLessThan(2.2e-16);
    expect(r.confInt![0]).toBeCloseTo(0.1408536, 7);
    expect(r.confInt![1]).toBeCloseTo(0.2191464, 7);
  });

  it('two groups without the correction: prop.test(c(40, 200), c(200, 800), correct = FALSE)', () => {
    // Cross Validated answer 504840 (R output): "X-squared = 2.193, df = 1, p-value = 0.1386;
    // 95 percent confidence interval: -0.11303578 0.01303578".
    const r = propTest([40, 200], [200, 800], { correct: false });
    expect(r.statistic).toBeCloseTo(2.193, 3);
    expect(r.pValue).toBeCloseTo(0.1386, 4);
    expect(r.confInt![0]).toBeCloseTo(-0.11303578, 7);
    expect(r.confInt![1]).toBeCloseTo(0.01303578, 7);
  });

  it('the correction makes a small difference less significant, never more', () => {
    expect(propTest([12, 5], [40, 40]).pValue).toBeGreaterThan(propTest([12, 5], [40, 40], { correct: false }).pValue);
  });
});

describe('fisherTest (R fisher.test)', () => {
  it("Fisher's tea tasting: R documentation example and Agresti's two-sided value", () => {
    // R, ?fisher.test: TeaTasting <- matrix(c(3, 1, 1, 3), nrow = 2);
    // fisher.test(TeaTasting, alternative = "greater") "=> p = 0.2429".
    expect(fisherTestOneSided(3, 1, 1, 3, 'greater')).toBeCloseTo(0.2429, 4);
    // Agresti (2007), An Introduction to Categorical Data Analysis, 2nd ed., §2.6.2: two-sided P = 0.486.
    expect(fisherTest(3, 1, 1, 3).pValue).toBeCloseTo(0.486, 3);
  });

  it('criminal convictions of like-sex twins: R documentation example', () => {
    // R, ?fisher.test: Convictions <- matrix(c(2, 10, 15, 3), nrow = 2) (column-major: rows
    // Dizygotic 2, 15 and Monozygotic 10, 3); R prints "p-value = 0.0005367" two-sided and
    // "p-value = 0.0004652" for alternative = "less".
    expect(fisherTest(2, 15, 10, 3).pValue).toBeCloseTo(0.0005367, 7);
    expect(fisherTestOneSided(2, 15, 10, 3, 'less')).toBeCloseTo(0.0004652, 7);
  });

  it('is symmetric in rows and columns and never exceeds 1', () => {
    expect(fisherTest(5, 0, 0, 5).pValue).toBeCloseTo(fisherTest(0, 5, 5, 0).pValue, 12);
    expect(fisherTest(1, 1, 1, 1).pValue).toBe(1);
  });
});

describe('compareProportions', () => {
  it('uses Fisher when an expected count is under 5, prop.test otherwise', () => {
    expect(compareProportions(3, 5, 1, 4).test).toBe('fisher.test');
    expect(compareProportions(49, 64, 12, 64).test).toBe('prop.test');
  });
});

describe('riskRatio (Katz log interval)', () => {
  it('SciPy documentation example of relative_risk (CHD by catecholamine level)', () => {
    // SciPy, scipy.stats.contingency.relative_risk, Examples: relative_risk(27, 122, 44, 487):
    // relative_risk 2.4495156482861398, confidence_interval(0.95) low=1.5836990926700116, high=3.7886786315466354.
    const rr = riskRatio(27, 122, 44, 487);
    expect(rr.ratio).toBeCloseTo(2.4495156482861398, 12);
    expect(rr.confInt![0]).toBeCloseTo(1.5836990926700116, 6);
    expect(rr.confInt![1]).toBeCloseTo(3.7886786315466354, 6);
  });

  it('prints a ratio at the precision its interval supports', () => {
    // 2.45 with 1.58–3.79: the interval spans more than one unit, so "about 2×".
    expect(ratioPrecision(riskRatio(27, 122, 44, 487))).toEqual({ value: 2, about: true, digits: 0 });
    // Large samples give a narrow interval: one decimal.
    const narrow = riskRatio(6000, 10000, 3000, 10000);
    expect(narrow.confInt![1] - narrow.confInt![0]).toBeLessThan(1);
    expect(ratioPrecision(narrow)).toEqual({ value: 2, about: false, digits: 1 });
  });

  it('has no interval when a group has no events', () => {
    expect(riskRatio(0, 10, 5, 10).confInt).toBeUndefined();
  });
});

describe('holmAdjust (R p.adjust "holm")', () => {
  it('@stdlib/stats-padjust documentation example', () => {
    // stdlib docs, @stdlib/stats/padjust: padjust([0.319, 0.201, 0.4, 0.374, 0.113], 'holm')
    // "returns [ ~0.957, 0.804, ..., ~0.957, ~0.565 ]"; by hand (Holm 1979): 0.113·5, 0.201·4, 0.319·3, then the running max.
    const out = holmAdjust([0.319, 0.201, 0.4, 0.374, 0.113]);
    expect(out.map((p) => Number(p.toFixed(3)))).toEqual([0.957, 0.804, 0.957, 0.957, 0.565]);
  });
});

describe('kishEffectiveN', () => {
  it('equal weights give n; unequal weights give (Σw)²/Σw² (Kish 1965, §11.7)', () => {
    expect(kishEffectiveN([2, 2, 2, 2])).toBe(4);
    // (1 + 2)² / (1 + 4) = 9/5.
    expect(kishEffectiveN([1, 2])).toBeCloseTo(1.8, 12);
  });
});

describe('a difference is claimed only when the test and the ratio interval agree (README, Claims)', () => {
  it('36 of 64 against 1 of 8: significant by Fisher, yet the Katz interval includes 1, so the claim is level', () => {
    const t = compareProportions(36, 64, 1, 8);
    const rr = riskRatio(36, 64, 1, 8);
    expect(t.test).toBe('fisher.test');
    expect(t.pValue).toBeLessThan(0.05);
    expect(rr.confInt![0]).toBeLessThan(1);
    expect(rr.confInt![1]).toBeGreaterThan(1);
    expect(agreed('higher', rr)).toBe('level');
  });

  it('keeps a difference whose interval excludes 1, and never turns a level outcome into a difference', () => {
    // 48 of 64 against 12 of 64: the interval (about 2.5–7.1) lies above 1.
    const rr = riskRatio(48, 64, 12, 64);
    expect(rr.confInt![0]).toBeGreaterThan(1);
    expect(agreed('higher', rr)).toBe('higher');
    expect(agreed('lower', riskRatio(12, 64, 48, 64))).toBe('lower');
    // Not significant (Fisher p > 0.05) though the interval excludes 1: the test decides, level.
    expect(compareProportions(2, 64, 2, 8).pValue).toBeGreaterThan(0.05);
    expect(riskRatio(2, 64, 2, 8).confInt![1]).toBeLessThan(1);
    expect(agreed('level', riskRatio(2, 64, 2, 8))).toBe('level');
    // A zero count has no log interval: the test alone decides.
    expect(agreed('higher', riskRatio(10, 64, 0, 64))).toBe('higher');
  });

  it('evaluateClaim applies it to a compare claim on a small group', () => {
    const base = (n: number) => ({ n, asked: n, population: 'all', description: 'respondents', includesDontKnow: false });
    const finding = (id: string, count: number, n: number) => ({ id, question: 'q1', codes: ['1'], share: count / n, count, base: base(n) });
    const aggregates = { findings: { big: finding('big', 36, 64), few: finding('few', 1, 8), many: finding('many', 48, 64), some: finding('some', 12, 64) }, significance: { level: 0.95 } } as never;
    expect(evaluateClaim('small', { kind: 'compare', a: 'big', b: 'few' } as never, aggregates).outcome).toBe('level');
    expect(evaluateClaim('large', { kind: 'compare', a: 'many', b: 'some' } as never, aggregates).outcome).toBe('higher');
  });
});
