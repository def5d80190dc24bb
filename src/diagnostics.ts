// Diagnostics shared by every stage: one shape, stable codes, exit codes, and the error class that
// carries them. Pure: nothing here prints.

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  code: DiagnosticCode;
  message: string;
  file?: string;
  /** 1-based. */
  line?: number;
  /** 1-based. */
  column?: number;
  hint?: string;
}

/** Exit codes, set by the bin only. */
export const EXIT = {
  ok: 0,
  content: 1,
  usage: 2,
  environment: 3,
  internal: 70,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Every code a user can see, and the exit class it maps to. */
export const DIAGNOSTIC_CODES = {
  // usage / configuration
  UNKNOWN_AUDIENCE: 'usage',
  UNKNOWN_BRAND: 'usage',
  UNKNOWN_LOCALE: 'usage',
  INVALID_OPTION: 'usage',
  INVALID_BRAND: 'usage',
  LOW_CONTRAST: 'usage',
  INVALID_DECK: 'usage',
  INVALID_SHARD: 'usage',
  UNKNOWN_SEGMENT: 'usage',
  EMPTY_SEGMENT: 'usage',
  // content
  INVALID_AGGREGATES: 'content',
  AGGREGATES_STALE: 'content',
  MISSING_FILE: 'content',
  TEMPLATE_SYNTAX: 'content',
  TEMPLATE_RENDER: 'content',
  TEMPLATE_FRONT_MATTER: 'content',
  UNKNOWN_TEMPLATE: 'content',
  UNKNOWN_BINDING: 'content',
  INVALID_CHART_SPEC: 'content',
  UNKNOWN_CHART: 'content',
  CHART_EXTERNAL_DATA: 'content',
  MISSING_MESSAGE: 'content',
  INVALID_MESSAGE: 'content',
  INVALID_CATALOGUE: 'content',
  STALE_TRANSLATION: 'content',
  MISSING_TRANSLATION: 'content',
  LOCALES_UNTRANSLATED: 'content',
  TEXT_OVERFLOW: 'content',
  CHART_TOO_DENSE: 'content',
  GLYPH_MISSING: 'content',
  INVALID_CSV: 'content',
  INVALID_SURVEY_SPEC: 'content',
  SPEC_VERSION: 'content',
  WRONG_FORMAT: 'content',
  UNKNOWN_OPTION_CODE: 'content',
  UNKNOWN_QUESTION: 'content',
  SMALL_BASE: 'content',
  SEGMENT_TOO_SMALL: 'content',
  SEGMENT_SLIDE_OMITTED: 'content',
  NO_HIGHLIGHTS: 'content',
  DRAFT_PLACEHOLDER: 'content',
  DUPLICATE_RESPONDENT: 'content',
  CLAIM_UNSUPPORTED: 'content',
  CLAIM_UNNAMED: 'content',
  CLAIM_UNTESTABLE: 'content',
  CLAIM_MISMATCH: 'content',
  CLAIM_UNGOVERNED: 'content',
  PACKAGE_INVALID: 'content',
  INPUT_TOO_LARGE: 'content',
  NATIVE_CHART_FALLBACK: 'content',
  // refresh (src/update)
  DECK_EDITED: 'content',
  DECK_NOT_SURVEYDECK: 'content',
  DECK_INCOMPATIBLE: 'content',
  DECK_OTHER_SURVEY: 'content',
  DECK_UNSAFE: 'content',
  UPDATE_MISSING_FIGURE: 'content',
  UPDATE_STALE_TEXT: 'content',
  UPDATE_SHAPE_MISSING: 'content',
  // environment
  OUTPUT_NOT_WRITABLE: 'environment',
  CACHE_NOT_WRITABLE: 'environment',
  CACHE_ENTRY_INVALID: 'environment',
  FONT_MISSING: 'environment',
  FILE_NOT_READABLE: 'environment',
  WATCH_UNREADABLE: 'environment',
  TOOL_MISSING: 'environment',
  PREVIEW_FAILED: 'environment',
  // bugs
  INTERNAL: 'internal',
} as const;
export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

/** Longest message, hint and file name a diagnostic keeps: error lines never echo unbounded input. */
export const MAX_MESSAGE_CHARS = 1000;
export const MAX_FILE_CHARS = 400;

/**
 * `text` on one printable line of at most `max` characters: control characters (NUL, ESC, line
 * breaks, DEL, C1) become `\uXXXX`, and a longer text is cut with the count of what was left out.
 */
export function printable(text: string, max = MAX_MESSAGE_CHARS): string {
  const cut = text.length > max * 4 ? text.slice(0, max * 4) : text; // never scan a 30 MB message
  const clean = cut.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (clean.length <= max && cut.length === text.length) return clean;
  return `${clean.slice(0, max)}…(${text.length} characters in all)`;
}

function boundDiagnostic(d: Diagnostic): Diagnostic {
  const out: Diagnostic = { ...d, message: printable(d.message) };
  if (d.hint !== undefined) out.hint = printable(d.hint);
  if (d.file !== undefined) out.file = printable(d.file, MAX_FILE_CHARS);
  return out;
}

/** An error carrying one or more diagnostics. Stages throw it; the CLI prints it. */
export class SurveydeckError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic | Diagnostic[], options?: { cause?: unknown }) {
    const list = (Array.isArray(diagnostics) ? diagnostics : [diagnostics]).map(boundDiagnostic);
    super(list.map(formatDiagnostic).join('\n'), options);
    this.name = 'SurveydeckError';
    this.diagnostics = list;
  }
  get code(): DiagnosticCode {
    return this.diagnostics[0]?.code ?? 'INTERNAL';
  }
}

export function error(
  code: DiagnosticCode,
  message: string,
  where: { file?: string; line?: number; column?: number; hint?: string } = {},
  cause?: unknown,
): SurveydeckError {
  return new SurveydeckError({ severity: 'error', code, message, ...where }, { cause });
}

export function warning(
  code: DiagnosticCode,
  message: string,
  where: { file?: string; line?: number; column?: number; hint?: string } = {},
): Diagnostic {
  return boundDiagnostic({ severity: 'warning', code, message, ...where });
}

/** `file:line:column: CODE message (hint)` on one line. */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const d = boundDiagnostic(diagnostic);
  const where = d.file ? [d.file, d.line, d.line !== undefined ? d.column : undefined].filter((x) => x !== undefined).join(':') + ': ' : '';
  const hint = d.hint ? ` (${d.hint})` : '';
  return `${where}${d.severity} ${d.code}: ${d.message}${hint}`;
}

/** The exit code for a set of diagnostics: the most serious class wins. */
export function exitCodeFor(diagnostics: Diagnostic[], strict = false): ExitCode {
  const errors = diagnostics.filter((d) => d.severity === 'error' || strict);
  if (errors.length === 0) return EXIT.ok;
  const classes = new Set(errors.map((d) => DIAGNOSTIC_CODES[d.code] ?? 'internal'));
  if (classes.has('internal')) return EXIT.internal;
  if (classes.has('environment')) return EXIT.environment;
  if (classes.has('usage')) return EXIT.usage;
  return EXIT.content;
}

/**
 * Turn anything thrown into diagnostics: ours as they are; a file-system error that no stage wrapped
 * as MISSING_FILE or FILE_NOT_READABLE naming its path (an unreadable input is not a bug); the rest as
 * INTERNAL.
 */
export function toDiagnostics(thrown: unknown): Diagnostic[] {
  if (thrown instanceof SurveydeckError) return thrown.diagnostics;
  const errno = thrown as NodeJS.ErrnoException | undefined;
  if (errno && typeof errno.code === 'string' && /^E[A-Z]+$/.test(errno.code) && typeof errno.path === 'string') {
    const missing = errno.code === 'ENOENT';
    return [
      boundDiagnostic({
        severity: 'error',
        code: missing ? 'MISSING_FILE' : 'FILE_NOT_READABLE',
        message: missing ? 'file not found' : `cannot read (${errno.code}${errno.syscall ? ` in ${errno.syscall}` : ''})`,
        file: errno.path,
        hint: errno.code === 'EISDIR' ? 'a folder is where a file should be' : missing ? undefined : 'check that the file exists and that you may read it',
      }),
    ];
  }
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return [boundDiagnostic({ severity: 'error', code: 'INTERNAL', message })];
}

/** "Expected `x` to be one of `a`, `b`, got `c`" */
export function expectedOneOf(what: string, allowed: readonly string[], got: string): string {
  return `Expected \`${what}\` to be one of ${allowed.map((a) => `\`${a}\``).join(', ')}, got \`${got}\``;
}
