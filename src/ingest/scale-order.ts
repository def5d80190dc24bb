// Init only: the order of an ordered scale's answer labels, guessed from their wording, for exports
// that hold answer text and no codes (Google Forms, Microsoft Forms, tidy tables), where nothing in the
// file says that "Very dissatisfied" comes before "Dissatisfied". A draft's guess, marked CONFIRM like
// every other; `aggregate` reads only the order the spec declares. Hand-written: no maintained library
// ranks Likert wording (sentiment lexicons score words, not the degree words of a response scale).

/** Whole words or phrases of any script, case-blind: `\b` knows no "ü" or "é". */
const words = (...list: string[]) => new RegExp(`(?<![\\p{L}'])(?:${list.join('|')})(?![\\p{L}])`, 'iu');

// English, German, French and Spanish: the languages surveys are fielded in beside the decks'.
/** Degree words: how far from the scale's middle a label sits. */
const DEGREES: [RegExp, number][] = [
  [words('extremely', 'completely', 'totally', 'entirely', 'absolutely', 'voll und ganz', 'völlig', 'äußerst', 'extrem', 'tout à fait', 'extrêmement', 'totalement', 'totalmente', 'extremadamente', 'completamente'), 3],
  [words('not at all', 'überhaupt nicht', 'gar nicht', 'pas du tout', 'en absoluto', 'nada'), 2],
  [words('not very', 'nicht sehr', 'pas très', 'peu', 'poco'), 0.75],
  [words('very', 'strongly', 'highly', 'always', 'never', 'sehr', 'immer', 'nie', 'niemals', 'très', 'toujours', 'jamais', 'muy', 'siempre', 'nunca'), 2],
  [words('slightly', 'a little', 'barely', 'ein wenig', 'un peu', 'un poco', 'ligeramente'), 0.5],
  [
    words('somewhat', 'fairly', 'moderately', 'rather', 'mostly', 'partly', 'often', 'frequently', 'usually', 'rarely', 'seldom', 'eher', 'etwas', 'ziemlich', 'oft', 'häufig', 'selten', 'plutôt', 'assez', 'souvent', 'rarement', 'bastante', 'algo', 'a menudo', 'frecuentemente', 'raramente'),
    1,
  ],
];

/** The middle of a bipolar scale. */
const NEUTRAL = words('neither', 'neutral', 'undecided', 'no opinion', 'sometimes', 'average', 'fair', 'mixed', 'indifferent', 'ok', 'okay', 'weder', 'teils', 'manchmal', 'unentschieden', 'ni', 'neutre', 'parfois', 'moyen', 'neutro', 'a veces', 'regular', 'indiferente');
/** Words on the bad side (a "not" turns a good word bad). */
const NEGATIVE = words(
  'not', 'never', 'rarely', 'seldom', 'dissatisfied', 'unsatisfied', 'disagree', 'unlikely', 'unimportant', 'ineffective', 'unhelpful', 'useless', 'poor', 'bad', 'terrible', 'awful', 'difficult', 'hard', 'worse', 'worst',
  'nicht', 'nie', 'niemals', 'selten', 'unzufrieden', 'unwichtig', 'unwahrscheinlich', 'schlecht', 'lehne', 'ablehnen',
  'pas', 'peu', 'jamais', 'rarement', 'insatisfaite?', 'mécontente?', 'improbable', 'mauvaise?', 'désaccord',
  'no', 'nada', 'poco', 'nunca', 'raramente', 'insatisfech[oa]', 'desacuerdo', 'improbable', 'mal[oa]?', 'poco probable',
);
/** Words on the good side. */
const POSITIVE = words(
  'satisfied', 'agree', 'likely', 'important', 'effective', 'helpful', 'useful', 'good', 'great', 'excellent', 'always', 'often', 'frequently', 'usually', 'easy', 'better', 'best', 'impactful', 'critical', 'valuable', 'confident',
  'zufrieden', 'stimme', 'trifft', 'wichtig', 'wahrscheinlich', 'gut', 'immer', 'oft', 'häufig', 'hervorragend',
  'satisfaite?', "d'accord", 'importante?', 'probable', 'bonne?', 'toujours', 'souvent', 'excellente?',
  'satisfech[oa]', 'de acuerdo', 'importante', 'probable', 'buen[oa]?', 'siempre', 'a menudo', 'excelente',
);
/** Words that are their own degree beyond "very": excellent past very good, terrible past very poor. */
const EXTREME = words('excellent', 'outstanding', 'terrible', 'awful', 'hervorragend', 'excellente?', 'excelente', 'pésim[oa]', 'schrecklich');

// Japanese and Chinese (simplified and traditional), the decks' other two languages: no spaces between
// words, so parts of a label, not whole words. "非常に満足" … "非常に不満", "とてもそう思う" … "全くそう思わない",
// "非常满意" … "非常不满意", "总是" … "从不".
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const CJK_NEUTRAL = /どちらでもない|どちらともいえない|どちらとも言えない|普通|ふつう|時々|ときどき|中立|一般|有时|有時|偶尔|偶爾|中等/;
/** "不" (Chinese), a Japanese verb or adjective denied ("思わない", "重要でない"), "悪い", "差". */
const CJK_NEGATIVE = /不|ない$|ません$|でない|ではない|じゃない|悪い|めったに|很少|從不|从不|从来|從來|差/;
const CJK_POSITIVE = /満足|满意|滿意|そう思う|同意|賛成|赞成|贊成|重要|良い|よい|好|いつも|よく|总是|總是|经常|經常|可能性が高い|可能/;
const CJK_DEGREES: [RegExp, number][] = [
  [/完全に|完全|全面的に/, 3],
  [/あまり|不太|不是很|不大/, 0.75],
  [/非常|とても|大変|たいへん|極めて|全く|まったく|全然|強く|强烈|強烈|十分|总是|總是|いつも|从不|從不|从来|從來|一度も/, 2],
  [/やや|少し|どちらかといえば|どちらかと言えば|比较|比較|有点|有點|较|較|よく|经常|經常|很少|めったに/, 1],
];

// Korean (Hangul, with spaces between words): "매우 불만족" … "매우 만족", "전혀 그렇지 않다" … "매우 그렇다",
// "전혀 동의하지 않음" … "매우 동의함", "전혀 없음" … "항상". A denial ("않다", "불만") is read before the word it denies.
const HANGUL = /\p{Script=Hangul}/u;
const KO_NEUTRAL = /보통|그저 그렇|중립|어느 쪽도 아니|가끔/;
const KO_NEGATIVE = /불만|않[다음아]|나쁘|나쁨|드물|거의 없|전혀 없|반대|낮[다음]/;
const KO_POSITIVE = /만족|그렇다|동의|찬성|중요|좋[다음아]|항상|자주|높[다음]/;
const KO_DEGREES: [RegExp, number][] = [
  [/별로|그다지/, 0.75],
  [/매우|아주|전혀|항상|정말|강하게|대단히|완전히/, 2],
  [/약간|다소|조금|대체로|자주|드물게/, 1],
];

function koRank(l: string): number | undefined {
  if (KO_NEUTRAL.test(l)) return 0;
  const sign = KO_NEGATIVE.test(l) ? -1 : KO_POSITIVE.test(l) ? 1 : 0;
  if (sign === 0) return undefined;
  return sign * (KO_DEGREES.find(([re]) => re.test(l))?.[1] ?? 1.5);
}

function cjkRank(l: string): number | undefined {
  if (CJK_NEUTRAL.test(l)) return 0;
  const sign = CJK_NEGATIVE.test(l) ? -1 : CJK_POSITIVE.test(l) ? 1 : 0;
  if (sign === 0) return undefined;
  return sign * (CJK_DEGREES.find(([re]) => re.test(l))?.[1] ?? 1.5);
}

/**
 * Where an answer label sits on its scale: negative on the bad side, 0 in the middle, positive on the
 * good side, larger further out; undefined when its wording says nothing of the kind.
 */
export function scaleRank(label: string): number | undefined {
  const l = label.toLowerCase().replace(/[’']/g, "'").trim();
  const leading = /^(-?\d+)(?!\d)/.exec(l);
  if (leading) return undefined; // "1 - Poor … 5 - Excellent": the numbers order it (numericOrder)
  if (HANGUL.test(l)) return koRank(l);
  if (CJK.test(l)) return cjkRank(l);
  if (NEUTRAL.test(l)) return 0;
  const sign = NEGATIVE.test(l) ? -1 : POSITIVE.test(l) ? 1 : 0;
  if (sign === 0) return undefined;
  const degree = EXTREME.test(l) ? 2.5 : (DEGREES.find(([re]) => re.test(l))?.[1] ?? 1.5);
  return sign * degree;
}

/**
 * `labels` from the bad end to the good, when every one of them has a rank of its own (a bipolar scale,
 * "Strongly disagree" … "Strongly agree", or a one-sided one, "Not at all important" … "Extremely
 * important"); else undefined (the order is left as it was, for a person to confirm).
 */
export function scaleOrder(labels: string[]): string[] | undefined {
  if (labels.length < 3) return undefined;
  const ranks = labels.map(scaleRank);
  if (ranks.some((r) => r === undefined) || new Set(ranks).size !== ranks.length) return undefined;
  return labels.map((label, i) => ({ label, rank: ranks[i]! })).sort((a, b) => a.rank - b.rank).map((x) => x.label);
}

/** Words before the number of an open-ended range's label, and which side of the number the range lies. */
const BELOW = /^(less than|fewer than|under|below|up to|<)\s*/i;
const ABOVE = /^(more than|greater than|over|above|>)\s*/i;
const BETWEEN = /^(between|from)\s+/i;

/**
 * The number an open end of a range stands for, to count it by: "Less than 1 year" 0, "Under 18" 17,
 * "More than 50 years" 51, "65 or older" and "100+" their number; undefined for other words.
 */
export function openEndValue(label: string): number | undefined {
  const l = label.trim();
  const below = BELOW.exec(l);
  const above = ABOVE.exec(l);
  if (below || above) {
    const n = leadingNumber(l.slice((below ?? above)![0].length));
    // Whole numbers stay whole (the answers' buckets then read "0–9", not "0–<10").
    const step = Number.isInteger(n) ? 1 : 0.5;
    return n === undefined ? undefined : below ? n - step : n + step;
  }
  const n = leadingNumber(l);
  return n !== undefined && /^\S+\s*(\+|or (more|older|over|above|longer))(\s|$)/i.test(l) ? n : undefined;
}

/** The number a label starts with, thousands grouped by commas ("1,000-9,999") or with decimals ("2.5"). */
function leadingNumber(l: string): number | undefined {
  const m = /^(-?\d{1,3}(?:,\d{3})+(?!\d)|-?\d+(?:\.\d+)?)(?![\d.])/.exec(l);
  return m ? Number(m[1].replace(/,/g, '')) : undefined;
}

/**
 * `labels` in numeric order when each starts with a number of its own ("0" … "10", "1 - Poor" …
 * "5 - Excellent", "1-49" … "10,000 or more"), or with a range's words before it ("Less than 1 year",
 * "Under 18", "More than 5,000", "Between 10 and 50"); else undefined.
 */
export function numericOrder(labels: string[]): string[] | undefined {
  const leading = (label: string) => {
    const l = label.trim();
    const below = BELOW.exec(l);
    const above = ABOVE.exec(l);
    const rest = l.slice((below ?? above ?? BETWEEN.exec(l))?.[0].length ?? 0);
    const n = leadingNumber(rest) ?? NaN;
    // "Under 18" sorts before "18-24", "More than 5,000" after "1,001-5,000"
    return below ? n - 0.5 : above ? n + 0.5 : n;
  };
  const numbers = labels.map(leading);
  if (numbers.some((n) => !Number.isFinite(n)) || new Set(numbers).size !== numbers.length) return undefined;
  return labels.map((label, i) => ({ label, n: numbers[i] })).sort((a, b) => a.n - b.n).map((x) => x.label);
}
