// Bind stage: answer labels in one casing, sentence case ("Not impactful at all" beside "Slightly
// impactful", not "Not impactful at All"). Pure.
//
// Only the first letter is raised. A later word is lowered only when it is capitalised as a title
// would be ("All", "Impactful") and the survey itself writes that word in lower case somewhere
// (the `vocabulary`): so "North America", "Europe" or "Developer Advocate" (never written in lower
// case) keep their capitals, and all-caps tokens (OSPO, AI, IT), mixed-case names (InnerSource,
// GitHub) and anything in parentheses ("(e.g., VS Code, Eclipse)") are never touched. German
// capitalises its nouns, so there only the first letter is set; Chinese and Japanese have no case.
import type { Locale } from '../ir.js';

const WORD = /\p{L}[\p{L}\p{M}'’-]*/gu;

/** Lower-case words of the given texts, for `normaliseLabelCase`. */
export function lowerCaseVocabulary(texts: Iterable<string>): Set<string> {
  const words = new Set<string>();
  for (const t of texts) for (const [w] of t.matchAll(WORD)) if (w === w.toLowerCase() && w !== w.toUpperCase()) words.add(w);
  return words;
}

export function normaliseLabelCase(label: string, locale: Locale, vocabulary: Set<string>): string {
  if (locale === 'ja' || locale === 'zh-CN') return label;
  let depth = 0;
  let first = true;
  let out = '';
  let last = 0;
  for (const m of label.matchAll(/[()]|\p{L}[\p{L}\p{M}'’-]*/gu)) {
    out += label.slice(last, m.index);
    last = m.index! + m[0].length;
    const token = m[0];
    if (token === '(' || token === ')') {
      depth = Math.max(0, depth + (token === '(' ? 1 : -1));
      out += token;
      continue;
    }
    let word = token;
    if (depth === 0) {
      // The label's first letter is raised only when the label starts with this word: in
      // "35 and over" the first character is a figure, so "and" is a later word, not a start.
      if (first && /^[\s\p{P}]*$/u.test(label.slice(0, m.index))) {
        // The first letter only, and only of a word in lower case ("iOS" stays).
        if (word === word.toLowerCase()) word = word.charAt(0).toLocaleUpperCase(locale) + word.slice(1);
      } else if (locale !== 'de' && isTitleCased(word) && vocabulary.has(word.toLocaleLowerCase(locale))) {
        word = word.toLocaleLowerCase(locale);
      }
    }
    first = false;
    out += word;
  }
  return out + label.slice(last);
}

/**
 * A label set inside a sentence ("Named most often: develop and execute open source strategy", "…, then
 * time or resource constraints"): its first word lower case too, unless that word may be a name. A
 * one-word label is lowered where the survey writes the word in lower case (the `vocabulary`), a longer
 * one where its other words are in sentence case, so its capital is only the label's own start. So "Europe"
 * (never written in lower case), labels with capitals further on ("United States or Canada", "North
 * America", "Developer / software Engineer"), acronyms and mixed case (OSPO, GitHub) keep theirs. German
 * nouns keep their capitals; Chinese and Japanese have no case. `label` is sentence-cased already
 * (normaliseLabelCase).
 */
export function midSentenceLabel(label: string, locale: Locale, vocabulary: Set<string>): string {
  if (locale === 'ja' || locale === 'zh-CN' || locale === 'de') return label;
  const words = [...label.replace(/\([^()]*\)/g, ' ').matchAll(WORD)].map((m) => m[0]);
  const first = new RegExp(WORD.source, 'u').exec(label);
  if (!first || first.index === undefined || !/^[\s\p{P}]*$/u.test(label.slice(0, first.index)) || !isTitleCased(first[0])) return label;
  const word = first[0];
  const lower = word.toLocaleLowerCase(locale);
  const restInSentenceCase = words.length > 1 && words.slice(1).every((w) => w === w.toLocaleLowerCase(locale) || isAcronym(w));
  if (words.length > 1 ? !restInSentenceCase : !vocabulary.has(lower)) return label;
  return label.slice(0, first.index) + lower + label.slice(first.index + word.length);
}

/** "OSPO", "CTO", "AI": two or more letters, all capitals. */
function isAcronym(word: string): boolean {
  return word.length > 1 && word === word.toUpperCase() && word !== word.toLowerCase();
}

/** "All", "Impactful": a capital, then lower case only (not "IT", "InnerSource", "I"). */
function isTitleCased(word: string): boolean {
  const rest = word.slice(1);
  return word.length > 1 && word[0] !== word[0].toLowerCase() && rest === rest.toLowerCase();
}
