// Load stage: templates/locales/<locale>.yaml (the tool's own texts) with the survey's
// data/<survey>/locales/<locale>.yaml merged over it (the survey's texts) → one message catalogue with
// ICU MessageFormat (intl-messageformat). Reads two files; formatting is pure. A missing key or a
// malformed message is an error naming the key, the locale and the file.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import type { Node as YamlNode, LineCounter } from 'yaml';
import { error, SurveydeckError, type Diagnostic } from '../diagnostics.js';
import type { Locale } from '../ir.js';
import { decodeUtf8, findXmlForbiddenChar, xmlTextDiagnostic } from './xml-text.js';
import { INPUT_LIMITS, labelBoundProblem, readBoundedFile } from './input-bounds.js';
import { fingerprint } from './fingerprint.js';
import { cachedValidation, type ValidationCache } from './validation-cache.js';
import { yaml } from './yaml-lazy.js';

export type MessageArgs = Record<string, string | number | boolean | Date | null | undefined>;

interface Entry {
  source: string;
  /** The catalogue file the message was read from: the survey's, or the templates'. */
  file: string;
  line: number;
  column: number;
  compiled?: IntlMessageFormat;
}

/** A catalogue file's messages, flat dotted key → entry, and its `fingerprints:` block. */
export interface CatalogueFile {
  file: string;
  entries: Map<string, Entry>;
  /** Key → fingerprint of the English text the translation was reviewed against (see fingerprint()). */
  fingerprints: Map<string, { value: string; line: number; column: number }>;
}

/** Top-level key of a catalogue file that holds fingerprints rather than messages. */
export const FINGERPRINTS_KEY = 'fingerprints';

export class Catalogue {
  readonly used = new Set<string>();
  constructor(
    readonly locale: Locale,
    readonly file: string,
    private readonly entries: Map<string, Entry>,
    /** Key → fingerprint recorded for the entry, in whichever file the entry came from. */
    private readonly fingerprints: Map<string, string> = new Map(),
    /**
     * Keys whose entry is the survey's English because the locale has no translation of it (see
     * loadCatalogue): formatted like any message, reported as missing, never accepted as a translation.
     */
    private readonly english: ReadonlySet<string> = new Set(),
  ) {}

  /** True when `key` is shown in English for want of a translation of the survey's own English text. */
  inEnglish(key: string): boolean {
    return this.english.has(key);
  }

  /** The file a message was read from (the survey's catalogue or the templates'). */
  fileOf(key: string): string | undefined {
    return this.entries.get(key)?.file;
  }

  /** Where the message is written: file, line and column. */
  whereOf(key: string): { file: string; line: number; column: number } | undefined {
    const e = this.entries.get(key);
    return e && { file: e.file, line: e.line, column: e.column };
  }

  /** The fingerprint recorded for the message's translation, if any. */
  fingerprintOf(key: string): string | undefined {
    return this.fingerprints.get(key);
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  keys(): string[] {
    return [...this.entries.keys()].sort();
  }

  /** The message as written in the catalogue, before formatting. */
  source(key: string): string | undefined {
    return this.entries.get(key)?.source;
  }

  /** Format `key` with ICU arguments. Throws MISSING_MESSAGE / INVALID_MESSAGE. */
  format(key: string, args: MessageArgs = {}): string {
    const entry = this.entries.get(key);
    if (!entry) {
      throw error('MISSING_MESSAGE', `Message \`${key}\` is missing from the \`${this.locale}\` catalogue`, {
        file: this.file,
        hint: `add \`${key}\` to ${path.basename(this.file)}, or for a text of the survey to data/<survey>/locales/${path.basename(this.file)}`,
      });
    }
    this.used.add(key);
    try {
      entry.compiled ??= new IntlMessageFormat(entry.source, this.locale);
      const out = entry.compiled.format(normaliseArgs(args));
      return Array.isArray(out) ? out.join('') : String(out);
    } catch (e) {
      throw error(
        'INVALID_MESSAGE',
        `Message \`${key}\` (${this.locale}) cannot be formatted: ${(e as Error).message.split('\n')[0]}`,
        { file: entry.file, line: entry.line, column: entry.column },
        e,
      );
    }
  }
}

/**
 * Shares are unrounded doubles; 0.835 may be stored as 0.83499999…, which ICU would round down.
 * Snap to 10 decimals so that Intl's half-expand rounding sees the decimal value the data means.
 */
function normaliseArgs(args: MessageArgs): MessageArgs {
  const out: MessageArgs = {};
  for (const [k, v] of Object.entries(args)) out[k] = typeof v === 'number' ? Math.round(v * 1e10) / 1e10 : v;
  return out;
}

export function cataloguePath(templatesDir: string, locale: Locale): string {
  return path.join(templatesDir, 'locales', `${locale}.yaml`);
}

/** The survey's own catalogue: `<survey folder>/locales/<locale>.yaml` (the folder of its survey.yaml and aggregates). */
export function surveyCataloguePath(surveyDir: string, locale: Locale): string {
  return path.join(surveyDir, 'locales', `${locale}.yaml`);
}

/** The survey folder of an aggregates file: the folder it is in (data/<survey>/aggregates.json). */
export function surveyDirOf(dataFile: string): string {
  return path.dirname(path.resolve(dataFile));
}

/** Keys whose source text is the survey's own wording (from the aggregates): its questions, answers and scale levels. */
export function isSurveyWording(key: string): boolean {
  return key.startsWith('survey.') || key.startsWith('scale.');
}

/**
 * The catalogue a deck of `locale` reads: the templates' generic texts, with the survey's own texts
 * (questions, options, titles, its deck sentences) from `surveyDir` merged over them. A survey
 * without a catalogue for the locale reads the generic texts only.
 *
 * A text of the survey's English catalogue (its highlights' sentences, its own wording of a base) that
 * the survey has not translated into `locale` is shown in the survey's English (Catalogue.inEnglish;
 * the build warns MISSING_TRANSLATION), as its untranslated questions are: a generic translation of
 * the same key translates some other English, and is used only when it records the fingerprint of
 * this very English.
 *
 * In the language the survey is written in (`language`, when not English), its questions and answers
 * are shown as written: its English catalogue's translations of them are not used there.
 */
export function loadCatalogue(templatesDir: string, locale: Locale, surveyDir?: string, cache?: ValidationCache, language: Locale = 'en'): Catalogue {
  const file = cataloguePath(templatesDir, locale);
  if (!existsSync(file)) {
    throw error('MISSING_FILE', `No message catalogue for locale \`${locale}\``, { file });
  }
  const generic = readCatalogueFile(file, cache);
  const surveyFile = surveyDir === undefined ? undefined : surveyCataloguePath(surveyDir, locale);
  const survey = surveyFile && existsSync(surveyFile) ? readCatalogueFile(surveyFile, cache) : undefined;
  const entries = new Map(generic.entries);
  const fingerprints = new Map([...generic.fingerprints].map(([k, v]) => [k, v.value]));
  const english = new Set<string>();
  const surveyEnglishFile = locale === 'en' || surveyDir === undefined ? undefined : surveyCataloguePath(surveyDir, 'en');
  if (surveyEnglishFile && existsSync(surveyEnglishFile)) {
    for (const [key, entry] of readCatalogueFile(surveyEnglishFile, cache).entries) {
      if (survey?.entries.has(key)) continue;
      if (locale === language && isSurveyWording(key)) continue;
      if (generic.entries.has(key) && fingerprints.get(key) === fingerprint(entry.source)) continue;
      entries.set(key, entry);
      fingerprints.delete(key);
      english.add(key);
    }
  }
  for (const [key, entry] of survey?.entries ?? []) {
    entries.set(key, entry);
    // A survey's message replaces the generic one, and with it the generic one's fingerprint.
    fingerprints.delete(key);
  }
  for (const [key, fp] of survey?.fingerprints ?? []) fingerprints.set(key, fp.value);
  return new Catalogue(locale, file, entries, fingerprints, english);
}

/**
 * Every file the catalogue of `locale` is merged from, whether or not it exists: the templates', the
 * survey's, and (for a translation) the survey's English, whose texts it must translate.
 */
export function catalogueFiles(templatesDir: string, locale: Locale, surveyDir: string): string[] {
  return [cataloguePath(templatesDir, locale), surveyCataloguePath(surveyDir, locale), ...(locale === 'en' ? [] : [surveyCataloguePath(surveyDir, 'en')])];
}

/**
 * One catalogue file: its messages (flat dotted keys) and its `fingerprints:` block. With `cache`, a
 * file validated before by the same code is not parsed again (validation-cache.ts).
 */
export function readCatalogueFile(file: string, cache?: ValidationCache): CatalogueFile {
  const bytes = readBoundedFile(file, INPUT_LIMITS.catalogueBytes, 'the catalogue');
  const kept = cachedValidation(cache, 'catalogue', file, bytes, () => {
    const parsed = parseCatalogueFile(decodeUtf8(bytes, 'INVALID_CATALOGUE', file), file);
    return {
      entries: [...parsed.entries].map(([key, e]) => [key, e.source, e.line, e.column] as const),
      fingerprints: [...parsed.fingerprints].map(([key, f]) => [key, f.value, f.line, f.column] as const),
    };
  });
  return {
    file,
    entries: new Map(kept.entries.map(([key, source, line, column]) => [key, { source, file, line, column }])),
    fingerprints: new Map(kept.fingerprints.map(([key, value, line, column]) => [key, { value, line, column }])),
  };
}

function parseCatalogueFile(text: string, file: string): CatalogueFile {
  const { LineCounter, parseDocument, isMap, isScalar } = yaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new SurveydeckError(
      doc.errors.map((e): Diagnostic => ({
        severity: 'error',
        code: 'INVALID_CATALOGUE',
        message: e.message.split('\n')[0],
        file,
        line: e.linePos?.[0]?.line,
        column: e.linePos?.[0]?.col,
      })),
    );
  }
  const entries = new Map<string, Entry>();
  const walk = (node: YamlNode | null | undefined, prefix: string): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        walk(pair.value as YamlNode, prefix ? `${prefix}.${key}` : key);
      }
    } else if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')) {
      const pos = lineCounter.linePos(node.range?.[0] ?? 0);
      const source = String(node.value);
      const tooLarge = labelBoundProblem(source);
      if (tooLarge) throw error('INPUT_TOO_LARGE', `message \`${prefix}\` ${tooLarge}`, { file, line: pos.line, column: pos.col });
      const bad = findXmlForbiddenChar(source);
      if (bad) {
        // Written literally, the character is in the file at its own position; written as a YAML
        // escape (`"\x01"`), point at the message.
        const [start, end] = node.range ?? [0, 0];
        const literal = findXmlForbiddenChar(text.slice(start, end));
        const at = lineCounter.linePos(literal ? start + literal.index : start);
        throw new SurveydeckError(xmlTextDiagnostic('INVALID_CATALOGUE', `message \`${prefix}\``, bad, { file, line: at.line, column: at.col }));
      }
      entries.set(prefix, { source, file, line: pos.line, column: pos.col });
    } else {
      const pos = lineCounter.linePos(node?.range?.[0] ?? 0);
      throw error('INVALID_CATALOGUE', `\`${prefix}\` must be a string or a map of strings`, { file, line: pos.line, column: pos.col });
    }
  };
  const fingerprints: CatalogueFile['fingerprints'] = new Map();
  const root = doc.contents as YamlNode | null;
  if (isMap(root)) {
    for (const pair of root.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (key === FINGERPRINTS_KEY) readFingerprints(pair.value as YamlNode, file, lineCounter, fingerprints);
      else walk(pair.value as YamlNode, key);
    }
  } else if (root != null) walk(root, '');
  for (const [key, fp] of fingerprints) {
    if (!entries.has(key)) {
      throw error('INVALID_CATALOGUE', `\`${FINGERPRINTS_KEY}\` names \`${key}\`, which is not a message of this file`, {
        file,
        line: fp.line,
        column: fp.column,
        hint: 'remove the line, or run `surveydeck messages --accept-all` to rewrite the fingerprints',
      });
    }
  }
  return { file, entries, fingerprints };
}

/** Eight hex digits: the start of a SHA-256. */
const FINGERPRINT = /^[0-9a-f]{8}$/;

function readFingerprints(node: YamlNode | null | undefined, file: string, lineCounter: LineCounter, out: CatalogueFile['fingerprints']): void {
  const { isMap, isScalar } = yaml();
  const at = (n: YamlNode | null | undefined) => lineCounter.linePos(n?.range?.[0] ?? 0);
  if (!isMap(node)) {
    const pos = at(node);
    throw error('INVALID_CATALOGUE', `\`${FINGERPRINTS_KEY}\` must be a map of message key → fingerprint`, { file, line: pos.line, column: pos.col });
  }
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const value = pair.value as YamlNode;
    const pos = at(value);
    // An unquoted fingerprint of digits only reads as a number, and "1e234567" as Infinity: require a string.
    if (!isScalar(value) || typeof value.value !== 'string' || !FINGERPRINT.test(value.value)) {
      throw error('INVALID_CATALOGUE', `fingerprint of \`${key}\` must be eight hex digits in quotes`, { file, line: pos.line, column: pos.col, hint: 'run `surveydeck messages --accept KEY` to rewrite it' });
    }
    out.set(key, { value: value.value, line: pos.line, column: pos.col });
  }
}
