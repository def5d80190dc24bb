// Load stage: a catalogue message that states a direction, a ranking or a majority must be governed
// by a claim (an ICU `select` on a claim's name), so that a new wave of data gets the sentence that
// is true for it. One word list per locale; survey wording and labels are exempt. Pure.
import type { Diagnostic } from '../diagnostics.js';
import type { Locale } from '../ir.js';
import { selectsOn } from '../bind/claim-args.js';
import type { Catalogue } from './catalogue.js';

/** Comparative, ranking and majority words, per locale (whole words where the script has them). */
export const CLAIM_WORDS: Record<Locale, RegExp> = {
  en: /\b(more|less|fewer|most|least|majority|minority|higher|lower|highest|lowest|tops? the list|leads? the list|far|differently|differ|size decides|dominates?|likely|only a few|as often|matters)\b|×/i,
  de: /\b(häufiger|seltener|wahrscheinlicher|die meisten|Mehrheit|Minderheit|höher|niedriger|am häufigsten|unterschiedlich|Größe entscheidet|führen die Liste an|dominieren|nur wenige)\b|×/i,
  fr: /\b(plus souvent|plus probables?|plus susceptibles?|moins souvent|la plupart|majorité|minorité|différemment|la taille décide|en tête|dominent|peu nombreux|le plus (souvent|fréquent|cités?|citées?|courante?s?))\b|×/i,
  es: /(?<![\p{L}])(más a menudo|más probables?|menos a menudo|la mayoría|mayoría|minoría|diferente(?:s|mente)|el tamaño decide|encabezan?|dominan|unos pocos|más (?:frecuentes?|citad[oa]s?|comunes?))(?![\p{L}])|×/iu,
  ja: /(多い|少ない|最も|過半数|大半|大多数|高い|低い|異なる|上位を占め|倍|ほとんど|ごく一部|わずか)/,
  'zh-CN': /(更多|更少|更高|更低|最多|最少|最常|多数|大多数|不同|居首|倍|少数|更有可能)/,
};

/**
 * Keys whose text is the survey's own wording or a label, not the deck's assertion; `chart.sig*` is
 * the significance legend, printed only from a `segments` claim's per-answer result. A finding's label
 * (`finding.*`) is the deck's sentence about a figure ("of respondents … report an OSPO"), so it is linted.
 */
const EXEMPT = /^(survey|scale|segment)\.|^chart\.sig/;

export function lintClaimWords(catalogue: Catalogue, claimNames: Iterable<string>): Diagnostic[] {
  // `rest`: the one message (`rest.line`) that gives every `rest` claim its sentence selects on it.
  const claims = new Set([...claimNames, 'mostCommon', 'rest']);
  const words = CLAIM_WORDS[catalogue.locale];
  const out: Diagnostic[] = [];
  for (const key of catalogue.keys()) {
    if (EXEMPT.test(key)) continue;
    const source = catalogue.source(key)!;
    const m = words.exec(source);
    if (!m) continue;
    // A message with such a word passes when it selects on a claim: the sentence is then the claim's.
    // (Parsed only then: ICU-parsing every message cost 20 ms of a one-deck build.)
    const governed = [...selectsOn(source).keys()].some((name) => claims.has(name));
    if (!governed) {
      out.push({
        severity: 'error',
        code: 'CLAIM_UNGOVERNED',
        message: `Message \`${key}\` (${catalogue.locale}) says “${m[0]}” but is governed by no claim`,
        // Where the message is written: the survey's catalogue or the templates'.
        ...(catalogue.whereOf(key) ?? { file: catalogue.file }),
        hint: 'declare the condition under claims: in the survey spec and give one sentence per outcome with {claimName, select, …}, or reword the message',
      });
    }
  }
  return out;
}
