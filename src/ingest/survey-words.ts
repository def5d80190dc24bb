// Ingest stage: the few words the aggregates hold that no export or spec wrote (the "Other" answer of a
// question whose export names it nowhere, a top-box net), in the language the survey is written in
// (`survey.language`), since they are shown as its wording and translated with it. Pure.
import type { Locale } from '../ir.js';

const OTHER: Record<Locale, string> = { en: 'Other', de: 'Sonstiges', fr: 'Autre', es: 'Otro', ja: 'その他', 'zh-CN': '其他' };
const TOP_BOX: Record<Locale, (n: number) => string> = {
  en: (n) => `Top ${n} box`,
  de: (n) => `Top-${n}-Box`,
  fr: (n) => `Top ${n} box`,
  es: (n) => `Top ${n} box`,
  ja: (n) => `トップ${n}ボックス`,
  'zh-CN': (n) => `前${n}项`,
};

/** "Other", where the export gives the answer no label of its own. */
export function otherWord(language: Locale = 'en'): string {
  return OTHER[language];
}

/** "Top 2 box": the net of a scale's best `n` answers. */
export function topBoxLabel(n: number, language: Locale = 'en'): string {
  return TOP_BOX[language](n);
}
