// Charts stage: a d3-format locale for a surveydeck locale, read from Intl so "45 %" (de, fr) and
// "45,5" follow CLDR rather than a hand-kept table. Pure.
import { LANG_TAG, type Locale } from '../ir.js';

/** d3-format's FormatLocaleDefinition, the shape vega's `View({locale: {number}})` takes. */
export interface NumberLocaleDefinition {
  decimal: string;
  thousands: string;
  grouping: number[];
  currency: [string, string];
  percent: string;
  minus: string;
}

const memo = new Map<Locale, NumberLocaleDefinition>();

export function numberLocaleFor(locale: Locale): NumberLocaleDefinition {
  let def = memo.get(locale);
  if (def) return def;
  const tag = LANG_TAG[locale];
  const parts = new Intl.NumberFormat(tag, { useGrouping: 'always' } as Intl.NumberFormatOptions).formatToParts(-1234567.5);
  const part = (type: string, fallback: string) => parts.find((p) => p.type === type)?.value ?? fallback;
  // Everything after the last digit group: the space (NBSP in de, narrow NBSP in fr) and the sign.
  const percentParts = new Intl.NumberFormat(tag, { style: 'percent' }).formatToParts(0.45);
  const lastDigit = percentParts.map((p) => p.type).lastIndexOf('integer');
  const percent = percentParts.slice(lastDigit + 1).map((p) => p.value).join('') || '%';
  def = {
    decimal: part('decimal', '.'),
    thousands: part('group', ','),
    grouping: [3],
    currency: ['', ''],
    percent,
    minus: part('minusSign', '-'),
  };
  memo.set(locale, def);
  return def;
}
