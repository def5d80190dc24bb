// Bind stage: a claim's outcome and figures as ICU arguments for the slide that names it, and the
// check that every message selecting on the claim has a sentence for its outcome. Pure.
//
//   claim `ospoBySize` → {ospoBySize: "higher", ospoBySizeA: 0.77, ospoBySizeB: 0.19, ospoBySizeAN: 64, …}
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import type { Aggregates, ClaimResult } from '../ir.js';
import type { Catalogue } from '../load/catalogue.js';
import { error } from '../diagnostics.js';
import { describeClaim } from './claims.js';
import { ratioPrecision } from '../stats/index.js';
import { optionLabel } from './labels.js';
import { englishVocabulary, labelVocabulary } from './chart-rows.js';
import { midSentenceLabel, normaliseLabelCase } from './label-case.js';

export type ClaimArgs = Record<string, string | number>;

/**
 * Localised label of a figure: an answer of the claim's question in sentence case, as its chart draws it
 * (bind/label-case.ts), or a finding's label. `midSentence`: the form for inside a sentence, undefined
 * when that is the same.
 */
function figureLabel(r: ClaimResult, i: number, aggregates: Aggregates, catalogue: Catalogue): { label: string; midSentence?: string } {
  const f = r.figures[i];
  const decl = aggregates.claims[r.name];
  const qid = 'question' in decl ? decl.question : undefined;
  const q = qid ? aggregates.questions[qid] : undefined;
  // A finding's label is the survey's own sentence-cased wording: only its place in a sentence changes it.
  const vocabulary = q ? labelVocabulary(q, aggregates, catalogue) : catalogue.locale === 'en' ? englishVocabulary(aggregates) : new Set<string>();
  const label = q ? normaliseLabelCase(optionLabel(catalogue, q, f.id, f.label), catalogue.locale, vocabulary) : catalogue.format(`finding.${f.id}`);
  const inside = midSentenceLabel(label, catalogue.locale, vocabulary);
  return inside === label ? { label } : { label, midSentence: inside };
}

/**
 * The claim's answer labels as they read inside a sentence, where that differs from a sentence's start
 * ("…, then time or resource constraints"): label → text. Formatting uses them for each place a message
 * sets such a label after other words of its sentence (bind/helpers.ts formatCounted).
 */
export function midSentenceClaimLabels(r: ClaimResult, aggregates: Aggregates, catalogue: Catalogue): Record<string, string> {
  const from = r.kind === 'rank' ? 0 : r.kind === 'share' ? 1 : r.figures.length;
  const out: Record<string, string> = {};
  for (let i = from; i < Math.min(r.figures.length, from + 3); i++) {
    const { label, midSentence } = figureLabel(r, i, aggregates, catalogue);
    if (midSentence !== undefined) out[label] = midSentence;
  }
  return out;
}

export function claimArgs(r: ClaimResult, aggregates: Aggregates, catalogue: Catalogue): ClaimArgs {
  const n = r.name;
  const args: ClaimArgs = { [n]: r.outcome };
  if (r.test) Object.assign(args, { [`${n}Level`]: r.test.level, [`${n}Test`]: r.test.name === 'fisher.test' ? 'fisher' : 'chisquare', [`${n}P`]: r.test.pValue });
  const round1 = (x: number) => Math.round(x * 10) / 10;
  switch (r.kind) {
    case 'compare':
    case 'rest':
    case 'waves': {
      const [a, b] = r.figures;
      Object.assign(args, { [`${n}A`]: a.share, [`${n}B`]: b.share, [`${n}AN`]: Math.round(a.n), [`${n}BN`]: Math.round(b.n) });
      if (r.kind === 'waves') Object.assign(args, { [`${n}AYear`]: a.label, [`${n}BYear`]: b.label });
      if (r.ratio) {
        const inverse = r.ratio.value > 0 ? ratioPrecision({ ratio: 1 / r.ratio.value, level: r.ratio.level, ...(r.ratio.low && r.ratio.high ? { confInt: [1 / r.ratio.high, 1 / r.ratio.low] as [number, number] } : {}) }) : { value: 0, about: true };
        Object.assign(args, {
          [`${n}Ratio`]: r.ratio.printed,
          [`${n}Exact`]: round1(r.ratio.value),
          [`${n}Inverse`]: inverse.value,
          [`${n}InverseAbout`]: inverse.about ? 'about' : 'exact',
          [`${n}About`]: r.ratio.about ? 'about' : 'exact',
          [`${n}Low`]: r.ratio.low === undefined ? 0 : round1(r.ratio.low),
          [`${n}High`]: r.ratio.high === undefined ? 0 : round1(r.ratio.high),
        });
      }
      break;
    }
    case 'segments':
      Object.assign(args, { [`${n}Count`]: (r.perAnswer ?? []).filter((x) => x.direction !== 'level').length, [`${n}Answers`]: (r.perAnswer ?? []).length });
      break;
    case 'rank': {
      const names = ['First', 'Second', 'Third'];
      r.figures.slice(0, 3).forEach((f, i) => {
        args[`${n}${names[i]}`] = figureLabel(r, i, aggregates, catalogue).label;
        args[`${n}${names[i]}Share`] = f.share;
      });
      break;
    }
    case 'share': {
      args[`${n}Share`] = r.figures[0].share;
      args[`${n}N`] = Math.round(r.figures[0].n);
      const names = ['First', 'Second', 'Third'];
      r.figures.slice(1).forEach((f, i) => {
        args[`${n}${names[i]}`] = figureLabel(r, i + 1, aggregates, catalogue).label;
        args[`${n}${names[i]}Share`] = f.share;
      });
      break;
    }
  }
  return args;
}

/**
 * A claim's share arguments whose figure rests on a base under `showCounts`: argument name → "3 of 5"
 * in the catalogue's words, printed in place of the percentage (issue 7: counts, not percentages, under
 * the spec's threshold, on every figure).
 */
export function countedClaimArgs(r: ClaimResult, catalogue: Catalogue, showCounts: number): Record<string, string> {
  const n = r.name;
  const names = ['First', 'Second', 'Third'];
  const shareArg: (string | undefined)[] =
    r.kind === 'compare' || r.kind === 'waves'
      ? [`${n}A`, `${n}B`]
      : r.kind === 'rank'
        ? names.map((x) => `${n}${x}Share`)
        : r.kind === 'share'
          ? [`${n}Share`, ...names.map((x) => `${n}${x}Share`)]
          : [];
  const out: Record<string, string> = {};
  r.figures.forEach((f, i) => {
    const arg = shareArg[i];
    if (arg && f.n < showCounts) out[arg] = catalogue.format('figure.counts', { count: Math.round(f.count), n: Math.round(f.n) });
  });
  return out;
}

/** The outcomes a message gives sentences for, per claim it selects on. */
export function selectsOn(source: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const el of elements) {
      if (el.type === TYPE.select) {
        const keys = out.get(el.value) ?? new Set<string>();
        for (const k of Object.keys(el.options)) if (k !== 'other') keys.add(k);
        out.set(el.value, keys);
      }
      if ('options' in el) for (const option of Object.values(el.options)) walk(option.value);
      if (el.type === TYPE.tag) walk(el.children);
    }
  };
  walk(parse(source, { ignoreTag: true }));
  return out;
}

/**
 * CLAIM_UNSUPPORTED when a message selecting on a claim has no sentence for its outcome (ICU would
 * fall back to `other`, a sentence written for no outcome). Names deck, slide, claim and numbers.
 */
export function checkClaimSentences(
  results: ClaimResult[],
  messageKeys: string[],
  catalogue: Catalogue,
  where: { file: string; line: number; deck: string; slide: number },
): void {
  for (const r of results) {
    let used = false;
    for (const key of messageKeys) {
      const source = catalogue.source(key);
      if (source === undefined) continue;
      const outcomes = selectsOn(source).get(r.name);
      if (!outcomes) continue;
      used = true;
      if (!outcomes.has(r.outcome)) {
        throw error(
          'CLAIM_UNSUPPORTED',
          `deck ${where.deck}, slide ${where.slide}: claim \`${r.name}\` is \`${r.outcome}\` (${describeClaim(r)}) but message \`${key}\` (${catalogue.locale}) has no sentence for \`${r.outcome}\`; it has ${[...outcomes].map((o) => `\`${o}\``).join(', ') || 'none'}`,
          { file: where.file, line: where.line, hint: `add \`${r.outcome} {…}\` to ${key} in ${catalogue.file}` },
        );
      }
    }
    if (!used) {
      throw error('INVALID_DECK', `deck ${where.deck}, slide ${where.slide}: claim \`${r.name}\` is listed but no message of the slide selects on it`, { file: where.file, line: where.line });
    }
    // A ranking's outcome says whether its top is clear, not which answer is on top: the slide must name
    // it ({xFirst}), else "it is the most used" could be about an answer another wave puts second.
    if (r.kind === 'rank') {
      const names = new RegExp(`\\{\\s*${r.name}(?:First|Second|Third)\\s*[,}]`);
      if (!messageKeys.some((key) => names.test(catalogue.source(key) ?? ''))) {
        throw error(
          'CLAIM_UNNAMED',
          `deck ${where.deck}, slide ${where.slide}: claim \`${r.name}\` ranks ${r.figures.map((f) => `“${f.label}”`).join(', ')} (${r.outcome}), but no message of the slide (${catalogue.locale}) names what it ranks`,
          { file: where.file, line: where.line, hint: `print the ranked answers with {${r.name}First} (and {${r.name}Second}, {${r.name}Third}) in a sentence that selects on {${r.name}, select, …}` },
        );
      }
    }
  }
}
