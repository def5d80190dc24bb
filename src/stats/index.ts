// Stats: the significance tests and intervals behind claims. Pure functions over counts.
//   compareProportions: prop.test (Yates) or, when an expected count is under 5, Fisher's exact test.
export { propTest, smallestExpected, type PropTestResult } from './prop-test.js';
export { fisherTest, fisherTestOneSided } from './fisher-test.js';
export { riskRatio, ratioPrecision, type RiskRatio } from './risk-ratio.js';
export { holmAdjust } from './holm.js';
export { kishEffectiveN, testBase } from './kish.js';
import { fisherTest } from './fisher-test.js';
import { propTest, smallestExpected } from './prop-test.js';

export type TestName = 'prop.test' | 'fisher.test';

/** Two-sided test of p1 = p2 on counts: Fisher's exact test when an expected count is under 5. */
export function compareProportions(x1: number, n1: number, x2: number, n2: number): { test: TestName; pValue: number } {
  if (smallestExpected(x1, n1, x2, n2) < 5) return { test: 'fisher.test', pValue: fisherTest(x1, n1 - x1, x2, n2 - x2).pValue };
  return { test: 'prop.test', pValue: propTest([x1, x2], [n1, n2]).pValue };
}
