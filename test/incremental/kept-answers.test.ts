// Answers kept between builds (incremental/kept-answers.ts; the build keeps whether each chart fits):
// a later process reads them back without working them out; another code version, or a damaged,
// truncated or edited file, works every answer out again.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keptAnswers, keptAnswersStats } from '../../src/incremental/kept-answers.js';
import { tempDir } from '../helpers.js';

/** How many answers `f` worked out (rather than read back). */
function worked(f: () => void): number {
  const before = keptAnswersStats.worked;
  f();
  return keptAnswersStats.worked - before;
}

const questions = ['a', 'b', 'c'];
const answerOf = (q: string) => q !== 'b';

describe('answers kept between builds', () => {
  it('a later process reads them back; another code version works them out again', () => {
    const file = path.join(tempDir('sd-answers-'), 'checks', 'answers.json');
    const first = keptAnswers<boolean>(file, 'code-1');
    expect(worked(() => questions.forEach((q) => expect(first.get(q, () => answerOf(q))).toBe(answerOf(q))))).toBe(3);
    expect(worked(() => questions.forEach((q) => first.get(q, () => answerOf(q))))).toBe(0);
    first.save();

    const later = keptAnswers<boolean>(file, 'code-1');
    // A wrong answer() shows that the kept answer is the one returned.
    expect(worked(() => questions.forEach((q) => expect(later.get(q, () => !answerOf(q))).toBe(answerOf(q))))).toBe(0);
    const otherCode = keptAnswers<boolean>(file, 'code-2');
    expect(worked(() => questions.forEach((q) => expect(otherCode.get(q, () => !answerOf(q))).toBe(!answerOf(q))))).toBe(3);
  });

  it("takes another thread's fresh answers as its own: used without working them out, and saved", () => {
    const file = path.join(tempDir('sd-answers-'), 'checks', 'answers.json');
    const worker = keptAnswers<boolean>(file, 'code-1');
    questions.slice(0, 2).forEach((q) => worker.get(q, () => answerOf(q)));
    expect(worker.fresh()).toHaveLength(2);
    const main = keptAnswers<boolean>(file, 'code-1');
    main.get('c', () => answerOf('c'));
    main.adopt(worker.fresh());
    expect(worked(() => questions.forEach((q) => expect(main.get(q, () => !answerOf(q))).toBe(answerOf(q))))).toBe(0);
    main.save();
    const later = keptAnswers<boolean>(file, 'code-1');
    expect(worked(() => questions.forEach((q) => expect(later.get(q, () => !answerOf(q))).toBe(answerOf(q))))).toBe(0);
    expect(later.fresh()).toEqual([]);
  });

  it('a damaged file (a flipped answer, truncated, no header) is not used at all', () => {
    const file = path.join(tempDir('sd-answers-'), 'answers.json');
    const first = keptAnswers<boolean>(file, 'code-1');
    questions.forEach((q) => first.get(q, () => answerOf(q)));
    first.save();
    const good = readFileSync(file, 'utf8');
    expect(good).toContain('false');
    for (const damaged of [good.replace('false', 'true '), good.slice(0, -5), good.split('\n')[1]]) {
      writeFileSync(file, damaged);
      const before = keptAnswersStats.damaged;
      const later = keptAnswers<boolean>(file, 'code-1');
      expect(keptAnswersStats.damaged).toBe(before + 1);
      expect(worked(() => questions.forEach((q) => expect(later.get(q, () => answerOf(q))).toBe(answerOf(q))))).toBe(3);
    }
  });
});
