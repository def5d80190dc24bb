// Load stage: templates/slides/*.hbs → compiled Handlebars templates. Every template is parsed up
// front, so a syntax error anywhere fails the build before any rendering, with file:line:column.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { error, SurveydeckError, type Diagnostic } from '../diagnostics.js';
import { decodeUtf8, findXmlForbiddenChar, lineColumnAt, xmlTextDiagnostic } from './xml-text.js';
import { INPUT_LIMITS, readBoundedFile } from './input-bounds.js';

export type HandlebarsEnv = typeof Handlebars;

export interface SlideTemplate {
  name: string;
  file: string;
  /** Render with the slide context and private data (`@catalogue`, `@locale`) for the helpers. */
  render: (context: object, data: object) => string;
}

/** Handlebars exceptions carry a 1-based line and a 0-based column; diagnostics use 1-based both. */
export function handlebarsLocation(e: unknown): { line?: number; column?: number } {
  const ex = e as { lineNumber?: number; column?: number; hash?: ParseErrorHash; message?: string };
  if (typeof ex.lineNumber === 'number') return { line: ex.lineNumber, column: (ex.column ?? 0) + 1 };
  // The parser's location is of the last good token; the offending one starts where it ends.
  if (ex.hash?.loc) return { line: ex.hash.loc.last_line, column: ex.hash.loc.last_column + 1 };
  const m = /line (\d+)/.exec(ex.message ?? '');
  return m ? { line: Number(m[1]) } : {};
}

interface ParseErrorHash {
  text?: string;
  token?: string;
  expected?: string[];
  loc?: { first_line: number; first_column: number; last_line: number; last_column: number };
}

/**
 * Handlebars' generated parser throws a bare Error whose message is a multi-line excerpt and drops
 * the position; keep the parser's hash so a syntax error can name its line and column.
 */
function keepParseErrorPosition(env: HandlebarsEnv): void {
  const parser = (env as unknown as { Parser: { parseError: (message: string, hash: ParseErrorHash) => never } }).Parser;
  parser.parseError = (message, hash) => {
    throw Object.assign(new Error(message), { hash });
  };
}

/** The first line of a Handlebars message, without its trailing " - line:col". */
export function handlebarsMessage(e: unknown): string {
  const hash = (e as { hash?: ParseErrorHash }).hash;
  if (hash?.expected) {
    const expected = hash.expected.map((x) => x.replace(/'/g, '')).slice(0, 4).join(', ');
    return `unexpected ${hash.text ? `\`${hash.text}\`` : hash.token}, expected ${expected}${hash.expected.length > 4 ? ', …' : ''}`;
  }
  return String((e as Error).message ?? e)
    .split('\n')[0]
    .replace(/ - \d+:\d+$/, '');
}

export function slidesDir(templatesDir: string): string {
  return path.join(templatesDir, 'slides');
}

export function loadSlideTemplates(templatesDir: string, env: HandlebarsEnv): Map<string, SlideTemplate> {
  const dir = slidesDir(templatesDir);
  const out = new Map<string, SlideTemplate>();
  const problems: Diagnostic[] = [];
  keepParseErrorPosition(env);
  if (!existsSync(dir)) throw error('MISSING_FILE', 'No slide templates folder', { file: dir });
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.hbs')).sort()) {
    const file = path.join(dir, name);
    let source: string;
    try {
      source = decodeUtf8(readBoundedFile(file, INPUT_LIMITS.templateBytes, 'the template'), 'TEMPLATE_SYNTAX', file);
    } catch (e) {
      problems.push(...(e as SurveydeckError).diagnostics);
      continue;
    }
    const bad = findXmlForbiddenChar(source);
    if (bad) {
      problems.push(xmlTextDiagnostic('TEMPLATE_SYNTAX', 'the template', bad, { file, ...lineColumnAt(source, bad.index) }));
      continue;
    }
    let ast: hbs.AST.Program;
    try {
      ast = env.parse(source);
    } catch (e) {
      problems.push({ severity: 'error', code: 'TEMPLATE_SYNTAX', message: handlebarsMessage(e), file, ...handlebarsLocation(e) });
      continue;
    }
    const missing = missingPartials(ast, env);
    if (missing.length) {
      problems.push(...missing.map((m): Diagnostic => ({ severity: 'error', code: 'TEMPLATE_SYNTAX', message: `partial \`${m.name}\` is not defined`, file, line: m.line, column: m.column, hint: 'register the partial or remove `{{> …}}`' })));
      continue;
    }
    // strict: a missing field is an error, never an empty string. noEscape: output is Markdown, not HTML.
    const compiled = env.compile(ast, { strict: true, noEscape: true, knownHelpersOnly: false });
    out.set(name.slice(0, -'.hbs'.length), { name: name.slice(0, -'.hbs'.length), file, render: (ctx, data) => compiled(ctx, { data }) });
  }
  if (problems.length > 0) throw new SurveydeckError(problems);
  return out;
}

/**
 * `{{> name}}` whose partial is not registered: Handlebars says so only while rendering, without a
 * position; found here from the parsed template, with the 1-based line and column of the reference.
 */
function missingPartials(ast: hbs.AST.Program, env: HandlebarsEnv): { name: string; line: number; column: number }[] {
  const out: { name: string; line: number; column: number }[] = [];
  const stack: unknown[] = [ast];
  while (stack.length) {
    const node = stack.pop() as { type?: string; body?: unknown[]; program?: unknown; inverse?: unknown; name?: { type?: string; original?: unknown }; loc?: hbs.AST.SourceLocation } | null;
    if (!node || typeof node !== 'object') continue;
    if ((node.type === 'PartialStatement' || node.type === 'PartialBlockStatement') && node.name?.type !== 'SubExpression') {
      const name = String(node.name?.original ?? '');
      if (!(name in env.partials) && node.type === 'PartialStatement') out.push({ name, line: node.loc?.start.line ?? 1, column: (node.loc?.start.column ?? 0) + 1 });
    }
    if (Array.isArray(node.body)) for (const child of node.body) stack.push(child);
    if (node.program) stack.push(node.program);
    if (node.inverse) stack.push(node.inverse);
  }
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}
