// Ingest stage: a fieldwork timestamp as an export writes it → an ISO date (YYYY-MM-DD). Pure.
// Exports write dates in the vendor's or the account's convention: ISO (Qualtrics, Microsoft Forms;
// `YYYY/MM/DD` too), `Mar 18, 2025` or `18-Mar-2025` (Jotform, Excel; English month names),
// `MM/DD/YYYY hh:mm:ss` (SurveyMonkey, Google Forms in US English; Microsoft Forms with `YY`), `DD.MM.YYYY hh:mm:ss` (Google Forms
// in German and other dotted locales), `YYYY. M. D` (Google Forms in Korean), `YYYY年M月D日`. Compared as text, `01.03.2024` sorts before `28.02.2024` and
// its first four characters are no year, so every date is made ISO before it is compared or printed.

const ISO = /^(\d{4})-(\d{2})-(\d{2})/;
const SLASHED = /^(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})\b/;
const DOTTED = /^(\d{1,2})\.(\d{1,2})\.(\d{4})\b/;
const YMD_SLASHED = /^(\d{4})\/(\d{1,2})\/(\d{1,2})\b/;
/** `2025. 4. 12 오전 10:00:00` (Google Forms in Korean), `2025.04.12` */
const YMD_DOTTED = /^(\d{4})\.\s?(\d{1,2})\.\s?(\d{1,2})(?!\d)/;
/** `2025年4月12日` (Japanese, Chinese), `2025년 4월 12일` (Korean) */
const YMD_WORDS = /^(\d{4})\s?[年년]\s?(\d{1,2})\s?[月월]\s?(\d{1,2})\s?[日일]/;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
/** `Mar 18, 2025`, `March 18 2025` */
const MONTH_FIRST = new RegExp(`^${MONTH}\\s+(\\d{1,2}),?\\s+(\\d{4})\\b`, 'i');
/** `18 March 2025`, `18-Mar-2025`, `18-Mar-25` */
const DAY_FIRST = new RegExp(`^(\\d{1,2})[\\s-]${MONTH}[\\s-](\\d{4}|\\d{2})\\b`, 'i');

/**
 * Month or day first in slashed dates: `MM/DD/YYYY` (US English) unless a cell's first number cannot
 * be a month (`14/03/2025`, Google Forms in British English, French, Spanish …). A column is read one
 * way: `03/04/2025` is 4 March in a column that also holds `14/03/2025`.
 */
export type SlashOrder = 'mdy' | 'dmy';

/** The order a column's slashed dates are in: day first when one of them starts with a day past 12. */
export function slashOrderOf(cells: Iterable<string>): SlashOrder {
  for (const cell of cells) {
    const m = SLASHED.exec(cell.trim());
    if (m && Number(m[1]) > 12 && Number(m[2]) <= 12) return 'dmy';
  }
  return 'mdy';
}

/** The ISO date a timestamp cell starts with, or undefined when it is in none of the conventions above. */
export function isoDate(cell: string, order: SlashOrder = 'mdy'): string | undefined {
  const text = cell.trim();
  const pad = (n: string) => n.padStart(2, '0');
  const valid = (y: string, m: string, d: string) => (Number(m) >= 1 && Number(m) <= 12 && Number(d) >= 1 && Number(d) <= 31 ? `${y}-${pad(m)}-${pad(d)}` : undefined);
  let m = ISO.exec(text);
  if (m) return valid(m[1], m[2], m[3]);
  m = SLASHED.exec(text);
  // Microsoft Forms writes two-digit years (`3/4/24 9:12:01`).
  if (m) return valid(m[3].length === 2 ? `20${m[3]}` : m[3], order === 'mdy' ? m[1] : m[2], order === 'mdy' ? m[2] : m[1]);
  m = DOTTED.exec(text);
  if (m) return valid(m[3], m[2], m[1]);
  m = YMD_SLASHED.exec(text) ?? YMD_DOTTED.exec(text) ?? YMD_WORDS.exec(text);
  if (m) return valid(m[1], m[2], m[3]);
  const month = (name: string) => String(MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1);
  m = MONTH_FIRST.exec(text);
  if (m) return valid(m[3], month(m[1]), m[2]);
  m = DAY_FIRST.exec(text);
  if (m) return valid(m[3].length === 2 ? `20${m[3]}` : m[3], month(m[2]), m[1]);
  return undefined;
}
