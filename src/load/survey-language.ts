// Load stage: the language of a survey's own wording (`survey.language` in its aggregates, English
// when absent), read before a build decides which locales to build. Reads only the file's head: the
// aggregates write `survey` third, after `schemaVersion` and `spec`, so the whole file (1 MB and
// more) is parsed only when its head does not hold the survey object.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { LOCALES, type Locale } from '../ir.js';

const HEAD_BYTES = 64 * 1024;

/** `survey.language` of the aggregates at `dataFile`; 'en' when absent or unreadable (loading the file later says why). */
export function surveyLanguageOf(dataFile: string): Locale {
  try {
    const fd = openSync(dataFile, 'r');
    let head: string;
    try {
      const bytes = Buffer.alloc(HEAD_BYTES);
      head = bytes.toString('utf8', 0, readSync(fd, bytes, 0, HEAD_BYTES, 0));
    } finally {
      closeSync(fd);
    }
    const start = head.indexOf('\n  "survey": {');
    const end = start === -1 ? -1 : head.indexOf('\n  },', start);
    const survey = (end !== -1 ? JSON.parse(`{${head.slice(start, end)}\n  }}`) : JSON.parse(readFileSync(dataFile, 'utf8'))).survey as { language?: unknown } | undefined;
    const language = survey?.language;
    return typeof language === 'string' && (LOCALES as readonly string[]).includes(language) ? (language as Locale) : 'en';
  } catch {
    return 'en';
  }
}

/** English names of the decks' locales, for messages. */
const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', 'zh-CN': 'Chinese', ja: 'Japanese', de: 'German', fr: 'French', es: 'Spanish' };

export function languageName(locale: Locale): string {
  return LANGUAGE_NAMES[locale];
}
