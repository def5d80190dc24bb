// Init only: the order of an ordered scale's answer labels, guessed from English wording, for exports
// that hold answer text and no codes (Google Forms, Microsoft Forms, tidy tables), where nothing in the
// file says that "Very dissatisfied" comes before "Dissatisfied". A draft's guess, marked CONFIRM like
// every other; `aggregate` reads only the order the spec declares. Hand-written: no maintained library
// ranks Likert wording (sentiment lexicons score words, not the degree words of a response scale).

/** Degree words: how far from the scale's middle a label sits. */
const DEGREES: [RegExp, number][] = [
  [/\b(extremely|completely|totally|entirely|absolutely)\b/, 3],
  [/\bnot at all\b/, 2],
  [/\bnot very\b/, 0.75],
  [/\b(very|strongly|highly|always|never)\b/, 2],
  [/\b(slightly|a little|barely)\b/, 0.5],
  [/\b(somewhat|fairly|moderately|rather|mostly|partly|often|frequently|usually|rarely|seldom)\b/, 1],
];

/** The middle of a bipolar scale. */
const NEUTRAL = /\b(neither|neutral|undecided|no opinion|sometimes|average|fair|mixed|indifferent|ok|okay)\b/;
/** Words on the bad side (a "not" turns a good word bad). */
const NEGATIVE = /\b(not|never|rarely|seldom|dissatisfied|unsatisfied|disagree|unlikely|unimportant|ineffective|unhelpful|useless|poor|bad|terrible|awful|difficult|hard|worse|worst)\b/;
/** Words on the good side. */
const POSITIVE = /\b(satisfied|agree|likely|important|effective|helpful|useful|good|great|excellent|always|often|frequently|usually|easy|better|best|impactful|critical|valuable|confident)\b/;
/** Words that are their own degree beyond "very": excellent past very good, terrible past very poor. */
const EXTREME = /\b(excellent|outstanding|terrible|awful)\b/;

/**
 * Where an answer label sits on its scale: negative on the bad side, 0 in the middle, positive on the
 * good side, larger further out; undefined when its wording says nothing of the kind.
 */
export function scaleRank(label: string): number | undefined {
  const l = label.toLowerCase().replace(/[’']/g, "'").trim();
  const leading = /^(-?\d+)(?!\d)/.exec(l);
  if (leading) return undefined; // "1 - Poor … 5 - Excellent": the numbers order it (numericOrder)
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
 * `labels` in numeric order when each starts with a number of its own ("0" … "10", "1 - Poor" …
 * "5 - Excellent", "1-49" … "10,000 or more"), or with a range's words before it ("Less than 1 year",
 * "Under 18", "More than 5,000", "Between 10 and 50"); else undefined.
 */
export function numericOrder(labels: string[]): string[] | undefined {
  // A leading number, with thousands grouped by commas ("1,000-9,999") or decimals ("2.5").
  const number = (l: string) => /^(-?\d{1,3}(?:,\d{3})+(?!\d)|-?\d+(?:\.\d+)?)(?![\d.])/.exec(l)?.[1]?.replace(/,/g, '');
  const leading = (label: string) => {
    const l = label.trim();
    const below = BELOW.exec(l);
    const above = ABOVE.exec(l);
    const rest = l.slice((below ?? above ?? BETWEEN.exec(l))?.[0].length ?? 0);
    const n = Number(number(rest) ?? NaN);
    // "Under 18" sorts before "18-24", "More than 5,000" after "1,001-5,000"
    return below ? n - 0.5 : above ? n + 0.5 : n;
  };
  const numbers = labels.map(leading);
  if (numbers.some((n) => !Number.isFinite(n)) || new Set(numbers).size !== numbers.length) return undefined;
  return labels.map((label, i) => ({ label, n: numbers[i] })).sort((a, b) => a.n - b.n).map((x) => x.label);
}
