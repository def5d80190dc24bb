// Bind stage: the words around a figure printed as counts. A percentage is joined to its group by a
// partitive ("27% of respondents", "27 % der Befragten", "el 27 % de los encuestados", "受访者中27%");
// counts already carry theirs ("2 of 8"), so printed in the percentage's place they would say "2 of 8
// of respondents". Per locale, the words next to the counts are rewritten: "2 of 8 respondents …",
// "2 von 8 Befragten …", "2 de 8 encuestados …", "受访者8人中2人". Language, not any survey's wording.
import type { Catalogue } from '../load/catalogue.js';

type Rule = [RegExp, string];

/** The start of the text that follows counts. */
const AFTER: Record<string, Rule[]> = {
  en: [
    [/^(\s+)of (those|them)\b/, '$1among $2'],
    [/^(\s+)of (?:the )?/, '$1'],
  ],
  de: [
    [/^(\s+)derer\b/, '$1unter jenen'],
    [/^(\s+)der /, '$1'],
  ],
  fr: [
    [/^(\s+)de (ceux|celles)\b/, '$1parmi $2'],
    [/^(\s+)des /, '$1'],
  ],
  es: [
    [/^(\s+)de quienes\b/, '$1entre quienes'],
    [/^(\s+)de (?:los|las) /, '$1'],
  ],
  'zh-CN': [[/^(\s*)的\s*/, '$1']],
};

/** The end of the text that precedes counts. */
const BEFORE: Record<string, Rule[]> = {
  es: [
    [/(^|\s)[Ee]l $/, '$1'],
    [/(^|\s)un $/, '$1'],
    [/(^|\s)del $/, '$1de '],
    [/(^|\s)al $/, '$1a '],
  ],
  // "受访者中8人中2人": the group's 中 and the counts' 中 say the same.
  'zh-CN': [[/者中[，,]?$/, '者']],
};

function apply(rules: Rule[] | undefined, text: string): string {
  for (const [re, by] of rules ?? []) if (re.test(text)) return text.replace(re, by);
  return text;
}

/** The text that follows counts, without the partitive a percentage needed. */
export function afterCounts(locale: string, text: string): string {
  return apply(AFTER[locale], text);
}

/** The text that precedes counts, without the article or partitive a percentage needed. */
export function beforeCounts(locale: string, text: string): string {
  return apply(BEFORE[locale], text);
}

/**
 * Whether `text` ends with counts as the catalogue prints them ("2 of 8", "8人中2人"): a KPI's value,
 * whose label is a message of its own. The shape comes from the catalogue's `figure.counts`.
 */
export function endsWithCounts(catalogue: Catalogue, text: string): boolean {
  const sample = catalogue.format('figure.counts', { count: 1, n: 2 });
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const shape = sample
    .split(/([12])/)
    .map((part) => (part === '1' || part === '2' ? '\\d[\\d.,\\u00a0\\u202f ]*' : esc(part)))
    .join('');
  return new RegExp(`${shape}\\s*$`).test(text.trim());
}
