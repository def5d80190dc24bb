// Init's guess at the order of an ordered scale written as answer text (scale-order.ts): from the bad end
// to the good for the common English response scales, by their numbers for numbered answers, and no
// guess at all for a list that is no scale.
import { describe, expect, it } from 'vitest';
import { numericOrder, scaleOrder } from '../../src/ingest/scale-order.js';

/** `ordered` shuffled the same way each time (reversed, then every other one first). */
const shuffled = (ordered: string[]) => {
  const r = [...ordered].reverse();
  return [...r.filter((_, i) => i % 2 === 1), ...r.filter((_, i) => i % 2 === 0)];
};

describe('scaleOrder', () => {
  const scales: Record<string, string[]> = {
    satisfaction: ['Very dissatisfied', 'Dissatisfied', 'Somewhat dissatisfied', 'Neither satisfied nor dissatisfied', 'Somewhat satisfied', 'Satisfied', 'Very satisfied'],
    agreement: ['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'],
    importance: ['Not at all important', 'Slightly important', 'Moderately important', 'Very important', 'Extremely important'],
    frequency: ['Never', 'Rarely', 'Sometimes', 'Often', 'Always'],
    quality: ['Very poor', 'Poor', 'Fair', 'Good', 'Very good', 'Excellent'],
    likelihood: ['Very unlikely', 'Unlikely', 'Neutral', 'Likely', 'Very likely'],
    'Japanese satisfaction': ['非常に不満', '不満', 'やや不満', 'どちらでもない', 'やや満足', '満足', '非常に満足'],
    'Japanese agreement': ['全くそう思わない', 'そう思わない', 'あまりそう思わない', 'どちらともいえない', 'ややそう思う', 'そう思う', 'とてもそう思う'],
    'Japanese importance': ['全く重要でない', 'あまり重要でない', 'やや重要', '重要', '非常に重要'],
    'Japanese frequency': ['一度もない', 'めったにない', '時々', 'よくある', 'いつも'],
    'Chinese satisfaction': ['非常不满意', '不满意', '一般', '满意', '非常满意'],
    'Korean satisfaction': ['매우 불만족', '불만족', '보통', '만족', '매우 만족'],
    'Korean agreement': ['전혀 그렇지 않다', '그렇지 않다', '보통이다', '그렇다', '매우 그렇다'],
    'Korean agreement (동의)': ['전혀 동의하지 않음', '동의하지 않음', '보통', '동의함', '매우 동의함'],
    'Korean importance': ['전혀 중요하지 않음', '별로 중요하지 않음', '보통', '중요', '매우 중요'],
    'Korean frequency': ['전혀 없음', '드물게', '가끔', '자주', '항상'],
    'Chinese agreement': ['非常不同意', '不同意', '不太同意', '中立', '比较同意', '同意', '非常同意'],
    'Chinese frequency': ['从不', '很少', '有时', '经常', '总是'],
    'Traditional Chinese satisfaction': ['非常不滿意', '不滿意', '普通', '滿意', '非常滿意'],
  };
  for (const [name, ordered] of Object.entries(scales)) {
    it(`orders a ${name} scale from its bad end to its good, whatever order the export met its answers in`, () => {
      expect(shuffled(ordered)).not.toEqual(ordered);
      expect(scaleOrder(shuffled(ordered))).toEqual(ordered);
    });
  }

  it('makes no guess for answers that are no scale, or whose wording leaves two at one place', () => {
    expect(scaleOrder(['Designer', 'Product manager', 'Software engineer'])).toBeUndefined();
    expect(scaleOrder(['Satisfied', 'Designer', 'Very satisfied'])).toBeUndefined();
    expect(scaleOrder(['Very often', 'Always', 'Never'])).toBeUndefined(); // "very often" and "always" both read as 2
    expect(scaleOrder(['Good', 'Bad'])).toBeUndefined(); // two answers: nothing to order
    expect(scaleOrder(['エンジニア', 'マネージャー', 'デザイナー'])).toBeUndefined();
    expect(scaleOrder(['工程师', '经理', '设计师'])).toBeUndefined();
  });
});

describe('numericOrder', () => {
  it('orders answers by the numbers they start with, thousands grouped or not', () => {
    expect(numericOrder(['10,000 or more', '250-999', '1-49', '1,000-9,999', '50-249'])).toEqual(['1-49', '50-249', '250-999', '1,000-9,999', '10,000 or more']);
    expect(numericOrder(['10', '2', '0', '7'])).toEqual(['0', '2', '7', '10']);
    expect(numericOrder(['5 - Excellent', '1 - Poor', '3 - Fair'])).toEqual(['1 - Poor', '3 - Fair', '5 - Excellent']);
  });

  it('places an open-ended range by its words: "Less than 1 year" first, "More than 5,000" last', () => {
    expect(numericOrder(['3-5 years', 'More than 10 years', 'Less than 1 year', '1-2 years', '6-10 years'])).toEqual(['Less than 1 year', '1-2 years', '3-5 years', '6-10 years', 'More than 10 years']);
    expect(numericOrder(['18-24', 'Over 65', 'Under 18', '25-64'])).toEqual(['Under 18', '18-24', '25-64', 'Over 65']);
    expect(numericOrder(['Between 10 and 50', 'Fewer than 10', 'Above 50'])).toEqual(['Fewer than 10', 'Between 10 and 50', 'Above 50']);
    expect(numericOrder(['Less than half', 'More than half', 'About half'])).toBeUndefined(); // words, no numbers
  });

  it('makes no guess when an answer has no number, or two share one', () => {
    expect(numericOrder(['1-49', 'Prefer not to say'])).toBeUndefined();
    expect(numericOrder(['1-49', '1,000-9,999 ', '1 or fewer'])).toBeUndefined();
  });
});

describe('scaleOrder in the languages surveys are fielded in', () => {
  it('orders German, French and Spanish scales from the bad end to the good', () => {
    expect(scaleOrder(['Zufrieden', 'Sehr unzufrieden', 'Neutral', 'Sehr zufrieden', 'Unzufrieden'])).toEqual(['Sehr unzufrieden', 'Unzufrieden', 'Neutral', 'Zufrieden', 'Sehr zufrieden']);
    expect(scaleOrder(['Stimme eher zu', 'Stimme überhaupt nicht zu', 'Teils/teils', 'Stimme voll und ganz zu', 'Stimme eher nicht zu'])).toEqual([
      'Stimme überhaupt nicht zu',
      'Stimme eher nicht zu',
      'Teils/teils',
      'Stimme eher zu',
      'Stimme voll und ganz zu',
    ]);
    expect(scaleOrder(["Plutôt d'accord", "Pas du tout d'accord", "Ni d'accord ni pas d'accord", "Tout à fait d'accord", "Plutôt pas d'accord"])).toEqual([
      "Pas du tout d'accord",
      "Plutôt pas d'accord",
      "Ni d'accord ni pas d'accord",
      "Plutôt d'accord",
      "Tout à fait d'accord",
    ]);
    expect(scaleOrder(['De acuerdo', 'Muy en desacuerdo', 'Ni de acuerdo ni en desacuerdo', 'Muy de acuerdo', 'En desacuerdo'])).toEqual([
      'Muy en desacuerdo',
      'En desacuerdo',
      'Ni de acuerdo ni en desacuerdo',
      'De acuerdo',
      'Muy de acuerdo',
    ]);
    expect(scaleOrder(['Oft', 'Nie', 'Manchmal', 'Immer', 'Selten'])).toEqual(['Nie', 'Selten', 'Manchmal', 'Oft', 'Immer']);
    expect(scaleOrder(['Peu satisfait', 'Très satisfait', 'Pas du tout satisfait', 'Satisfait'])).toEqual(['Pas du tout satisfait', 'Peu satisfait', 'Satisfait', 'Très satisfait']);
  });

  it('leaves words that are no scale alone', () => {
    expect(scaleOrder(['Entwickler', 'Managerin', 'Zu teuer'])).toBeUndefined();
    expect(scaleOrder(['Nordamerika', 'Europa', 'Asien'])).toBeUndefined();
  });
});
