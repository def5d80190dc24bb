// Load stage: templates/locales/<locale>.yaml → a message catalogue with ICU MessageFormat
// (intl-messageformat). Reads one file; formatting is pure. A missing key or a malformed message is
// an error naming the key, the locale and the file.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { parseDocument, isMap, isScalar, type Node as YamlNode, LineCounter } from 'yaml';
import { error, SurveydeckError, type Diagnostic } from '../diagnostics.js';
import type { Locale } from '../ir.js';
import { decodeUtf8, findXmlForbiddenChar, xmlTextDiagnostic } from './xml-text.js';
import { INPUT_LIMITS, labelBoundProblem, readBoundedFile } from './input-bounds.js';

export type MessageArgs = Record<string, string | number | boolean | Date | null | undefined>;

interface Entry {
  source: string;
  line: number;
  column: number;
  compiled?: IntlMessageFormat;
}

export class Catalogue {
  readonly used = new Set<string>();
  constructor(
    readonly locale: Locale,
    readonly file: string,
    private readonly entries: Map<string, Entry>,
  ) {}

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
        hint: `add \`${key}\` to ${path.basename(this.file)}`,
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
        { file: this.file, line: entry.line, column: entry.column },
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

export function loadCatalogue(templatesDir: string, locale: Locale): Catalogue {
  const file = cataloguePath(templatesDir, locale);
  if (!existsSync(file)) {
    throw error('MISSING_FILE', `No message catalogue for locale \`${locale}\``, { file });
  }
  const text = decodeUtf8(readBoundedFile(file, INPUT_LIMITS.catalogueBytes, 'the catalogue'), 'INVALID_CATALOGUE', file);
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
      entries.set(prefix, { source, line: pos.line, column: pos.col });
    } else {
      const pos = lineCounter.linePos(node?.range?.[0] ?? 0);
      throw error('INVALID_CATALOGUE', `\`${prefix}\` must be a string or a map of strings`, { file, line: pos.line, column: pos.col });
    }
  };
  walk(doc.contents as YamlNode, '');
  return new Catalogue(locale, file, entries);
}
