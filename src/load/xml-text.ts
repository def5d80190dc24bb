// Load stage: text that will end up in the deck's XML must hold only characters XML 1.0 allows
// (https://www.w3.org/TR/xml/#charsets): no C0 controls but TAB, LF and CR, no U+FFFE/U+FFFF, no lone
// surrogates. Checked where text enters (catalogues, aggregates, brands, template output), so the
// error names the file and position instead of PowerPoint offering a repair. Pure.
import { error, SurveydeckError, type Diagnostic, type DiagnosticCode } from '../diagnostics.js';
import { INPUT_LIMITS, labelBoundProblem } from './input-bounds.js';
import { jsonPath } from './zod-diagnostics.js';

// The complement of XML 1.0 `Char`, one UTF-16 code unit at a time.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// A character reference (`&#x1;`, `&#1;`): text that is XML-escaped on its way out keeps it literal,
// but notes and Markdown pass through code that may not, so a reference to a forbidden character is
// refused as well.
const REFERENCE = /&#(?:x([0-9A-Fa-f]{1,8})|([0-9]{1,10}));/g;

export interface ForbiddenChar {
  /** UTF-16 index in the string. */
  index: number;
  /** `U+0001`, or `` `&#x1;` (U+0001) `` for a reference. */
  codePoint: string;
}

const hexCode = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/** The first character XML 1.0 forbids in `text` (raw, or as a character reference), or undefined. */
export function findXmlForbiddenChar(text: string): ForbiddenChar | undefined {
  const m = FORBIDDEN.exec(text);
  let found: ForbiddenChar | undefined = m ? { index: m.index, codePoint: hexCode(m[0].charCodeAt(0)) } : undefined;
  if (text.includes('&#')) {
    for (const r of text.matchAll(REFERENCE)) {
      if (found && r.index! > found.index) break;
      const cp = r[1] !== undefined ? parseInt(r[1], 16) : Number(r[2]);
      if (!isXmlChar(cp)) {
        found = { index: r.index!, codePoint: `\`${r[0]}\` (${cp > 0x10ffff ? 'beyond U+10FFFF' : hexCode(cp)})` };
        break;
      }
    }
  }
  return found;
}

/** 1-based line and column of a UTF-16 index. */
export function lineColumnAt(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: index - lineStart + 1 };
}

export function forbiddenCharMessage(what: string, found: ForbiddenChar): string {
  return `${what} contains ${found.codePoint}, a character XML 1.0 does not allow (a control character or a noncharacter)`;
}

const HINT = 'remove the character; only TAB, line feed and carriage return are allowed below U+0020';

/** Throw `code` naming `file` (and `where`) when `text` holds a character XML forbids. */
export function assertXmlText(text: string, code: DiagnosticCode, what: string, where: { file: string; line?: number; column?: number }): void {
  const found = findXmlForbiddenChar(text);
  if (found) throw new SurveydeckError(xmlTextDiagnostic(code, what, found, where));
}

export function xmlTextDiagnostic(code: DiagnosticCode, what: string, found: ForbiddenChar, where: { file: string; line?: number; column?: number }): Diagnostic {
  return { severity: 'error', code, message: forbiddenCharMessage(what, found), ...where, hint: HINT };
}

/**
 * Decode UTF-8 strictly: invalid bytes are an error at their line:column, never U+FFFD. A BOM is
 * dropped (editors on Windows write one).
 */
export function decodeUtf8(bytes: Uint8Array, code: DiagnosticCode, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    // Find the first bad sequence: the longest prefix that decodes.
    let lo = 0;
    let hi = bytes.length;
    const ok = (n: number) => {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, n), { stream: true });
        return true;
      } catch {
        return false;
      }
    };
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ok(mid)) lo = mid;
      else hi = mid - 1;
    }
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, lo), { stream: true });
    const at = lineColumnAt(before + '\uFFFF', before.length);
    throw new SurveydeckError({
      severity: 'error',
      code,
      message: `is not valid UTF-8 (byte 0x${(bytes[lo] ?? 0).toString(16).toUpperCase().padStart(2, '0')} at offset ${lo})`,
      file,
      ...at,
      hint: 'save the file as UTF-8',
    });
  }
}

/**
 * Every string (and key) of parsed JSON/YAML data: one over the label bounds is INPUT_TOO_LARGE, one
 * with a forbidden character is `code`, both at its JSON path.
 */
export function assertXmlStrings(data: unknown, code: DiagnosticCode, file: string): void {
  // Iterative, so deeply nested input cannot overflow the stack.
  const stack: { node: unknown; path: (string | number)[] }[] = [{ node: data, path: [] }];
  while (stack.length) {
    const { node, path } = stack.pop()!;
    if (typeof node === 'string') {
      const tooLarge = labelBoundProblem(node);
      if (tooLarge) throw error('INPUT_TOO_LARGE', `${jsonPath(path)} ${tooLarge}`, { file, hint: 'labels and messages are sentences, not documents' });
      const found = findXmlForbiddenChar(node);
      if (found) throw new SurveydeckError(xmlTextDiagnostic(code, `${jsonPath(path)} (character ${found.index + 1})`, found, { file }));
    } else if (Array.isArray(node)) {
      if (node.length > INPUT_LIMITS.listLength) {
        throw error('INPUT_TOO_LARGE', `${jsonPath(path)} has ${node.length} entries; at most ${INPUT_LIMITS.listLength} are accepted`, { file });
      }
      node.forEach((v, i) => stack.push({ node: v, path: [...path, i] }));
    } else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (labelBoundProblem(k)) throw error('INPUT_TOO_LARGE', `a key in ${jsonPath(path)} ${labelBoundProblem(k)}`, { file });
        const found = findXmlForbiddenChar(k);
        if (found) throw new SurveydeckError(xmlTextDiagnostic(code, `a key in ${jsonPath(path)}`, found, { file }));
        stack.push({ node: v, path: [...path, k] });
      }
    }
  }
}
