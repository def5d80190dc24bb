// Test helper: the public raw export counted by hand, with a CSV parser of its own and nothing from
// src/ingest or the aggregates. Read: header row 1 names a question on its first column, row 3 holds
// each column's answer label ("Item - Level" for a grid row), each cell the answer's code (or the
// text of an "Other (please specify)"). What counts comes from the survey spec, read as plain YAML:
// the screener filters, the base policy for "Don't know", the findings' codes, the segments' codes.
// A grid row's code is its row number in the questionnaire (reference-model.csv, read the same way).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { sharedData } from '../ingest/helpers.js';
import { ROOT } from '../helpers.js';

/** RFC 4180: quoted fields, doubled quotes, line breaks inside quotes. */
export function parseCsv(source: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = source.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(field), rows.push(row), (row = []), (field = '');
    } else field += c;
  }
  if (field || row.length) row.push(field), rows.push(row);
  return rows;
}

export const writeCsv = (rows: string[][]) => rows.map((r) => r.map((f) => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',')).join('\r\n') + '\r\n';

export const RAW_2024 = path.join(sharedData, 'ospo-survey-2024', 'raw-numeric.csv');

/** The raw export: header row 1 names a question on its first column; each choice column holds its code. */
export class Export {
  readonly header: string[][];
  readonly rows: string[][];
  constructor(rows: string[][]) {
    this.header = rows.slice(0, 3);
    this.rows = rows.slice(3).filter((r) => r.length > 1);
  }
  columns(q: string): number[] {
    let owner = '';
    return this.header[0].flatMap((id, col) => ((owner = id.trim() ? id.trim().toLowerCase() : owner) === q ? [col] : []));
  }
  /** Codes a respondent gave to a question (one for single choice). */
  answers(row: string[], q: string): string[] {
    return this.columns(q).map((c) => row[c].trim()).filter(Boolean);
  }
  /** Grid: the level code a respondent gave to the row whose label starts with `item`. */
  level(row: string[], q: string, item: string): string | undefined {
    return this.columns(q).filter((c) => this.header[2][c].startsWith(`${item} - `)).map((c) => row[c].trim()).find(Boolean);
  }
}

interface Spec {
  filters: { removeIf: { question: string; codes: number[] }[] }[];
  base: { nonAnswers: 'exclude' | 'include' };
  questions: Record<string, { labels?: Record<string, string> }>;
  segments: Record<string, { question: string; segments: { id: string; codes: number[] }[] }>;
  findings: Record<string, { question: string; codes: number[]; item?: number; segment?: string; published?: { share: number } }>;
  significance: { level: number };
  thresholds: { smallBase: number; showCounts: number };
}

export const SPEC_2024 = parse(readFileSync(path.join(ROOT, 'data', 'ospo-2024', 'survey.yaml'), 'utf8')) as Spec;

/** A "Don't know" answer, as this export labels it (straight or curly apostrophe). */
const DONT_KNOW = /(?:^| - )Don.t know/;
/** "Other (please specify)" is charted as "Other". */
const plainLabel = (label: string) => label.replace(/ \(please specify\)$/, '').trim();

export interface Counted {
  count: number;
  n: number;
  share: number;
  /** Answered only "Don't know" (outside the base when the spec excludes them). */
  dontKnow: number;
}

/** The 2024 export counted by hand, as the spec declares. */
export class RawCount {
  readonly raw: Export;
  /** Respondents left after the spec's screener filters. */
  readonly kept: string[][];
  /** The questionnaire (reference-model.csv beside the export): Q#, R# and wording per row. */
  readonly model: string[][];
  constructor(readonly spec: Spec = SPEC_2024, file = RAW_2024) {
    this.raw = new Export(parseCsv(readFileSync(file, 'utf8')));
    const model = path.join(path.dirname(file), 'reference-model.csv');
    this.model = existsSync(model) ? parseCsv(readFileSync(model, 'utf8')) : [];
    const removeIf = spec.filters.flatMap((f) => f.removeIf);
    this.kept = this.raw.rows.filter((r) => !removeIf.some((rule) => this.raw.answers(r, rule.question).some((code) => rule.codes.map(String).includes(code))));
  }

  /** Choice columns of a question: label (as the chart names it), code, column. */
  choices(q: string): { col: number; label: string; code: string }[] {
    const overrides = this.spec.questions[q]?.labels ?? {};
    return this.raw.columns(q).map((col) => {
      const code = this.kept.map((r) => r[col].trim()).find((v) => /^\d+$/.test(v)) ?? 'other';
      return { col, code, label: overrides[code] ?? plainLabel(this.raw.header[2][col]) };
    });
  }

  /** Respondents in a segment (`size:large`), by the spec's codes. */
  segment(id: string): string[][] {
    const [dim, seg] = id.split(':');
    const d = this.spec.segments[dim];
    const codes = d.segments.find((s) => s.id === seg)!.codes.map(String);
    return this.kept.filter((r) => codes.includes(this.raw.answers(r, d.question)[0]));
  }

  /** Share of respondents giving any of `match` to a (single or multi choice) question. */
  option(q: string, match: (c: { label: string; code: string }) => boolean, rows = this.kept): Counted {
    const cols = this.choices(q);
    const dk = cols.filter((c) => DONT_KNOW.test(c.label)).map((c) => c.col);
    const answered = rows.filter((r) => cols.some((c) => r[c.col].trim()));
    const onlyDk = answered.filter((r) => cols.every((c) => !r[c.col].trim() || dk.includes(c.col)));
    const inBase = this.spec.base.nonAnswers === 'exclude' ? answered.filter((r) => !onlyDk.includes(r)) : answered;
    const hit = cols.filter((c) => match(c)).map((c) => c.col);
    const count = inBase.filter((r) => hit.some((col) => r[col].trim())).length;
    return { count, n: inBase.length, share: count / inBase.length, dontKnow: onlyDk.length };
  }

  /** Grid: share of one item's respondents answering any of `levels` (labels), "Don't know" per the base policy. */
  grid(q: string, item: string, levels: (level: string) => boolean, rows = this.kept): Counted {
    const cols = this.raw.columns(q).filter((c) => this.raw.header[2][c].startsWith(`${item} - `));
    const levelOf = (col: number) => this.raw.header[2][col].slice(item.length + 3);
    const answered = rows.filter((r) => cols.some((c) => r[c].trim()));
    const onlyDk = answered.filter((r) => cols.every((c) => !r[c].trim() || DONT_KNOW.test(levelOf(c))));
    const inBase = this.spec.base.nonAnswers === 'exclude' ? answered.filter((r) => !onlyDk.includes(r)) : answered;
    const count = inBase.filter((r) => cols.some((c) => r[c].trim() && levels(levelOf(c)))).length;
    return { count, n: inBase.length, share: count / inBase.length, dontKnow: onlyDk.length };
  }

  /** A grid question's rows in the reference model: R# → wording (rows follow the question's Q# line up to a blank line). */
  modelItems(q: string): Map<string, string> {
    const number = q.replace(/^q/i, '');
    const out = new Map<string, string>();
    const at = this.model.findIndex((r) => r[1]?.trim() === number);
    if (at < 0) return out;
    for (const r of this.model.slice(at + 1)) {
      if (r.every((c) => !c.trim()) || r[1]?.trim()) break;
      if (/^\d+$/.test(r[2]?.trim() ?? '')) out.set(r[2].trim(), r[3].trim());
    }
    return out;
  }

  /** A grid row's answer levels (labels) in export order, "Don't know" left out. */
  levels(q: string, item: string): string[] {
    return this.raw.columns(q).filter((c) => this.raw.header[2][c].startsWith(`${item} - `)).map((c) => this.raw.header[2][c].slice(item.length + 3)).filter((l) => !DONT_KNOW.test(` - ${l}`));
  }

  /** Grid items (row labels) of a question, in export order. */
  items(q: string): string[] {
    return [...new Set(this.raw.columns(q).map((c) => this.raw.header[2][c].split(' - ')[0]))];
  }

  /** A finding of the spec: its question, codes, grid item and segment. */
  finding(id: string): Counted {
    const f = this.spec.findings[id];
    const q = `q${String(f.question).replace(/^q/, '')}`;
    const rows = f.segment ? this.segment(f.segment) : this.kept;
    const codes = f.codes.map(String);
    if (f.item === undefined) return this.option(q, (c) => codes.includes(c.code), rows);
    return this.gridCodes(q, String(f.item), codes, rows);
  }

  /**
   * Grid by codes: the item code is the questionnaire's row number (R#) in the reference model that
   * ships with the export, which names the row as the export's header does; the level codes are the
   * cells' values.
   */
  gridCodes(q: string, itemCode: string, levelCodes: string[], rows = this.kept): Counted {
    const label = this.modelItems(q).get(itemCode);
    const item = this.items(q).find((i) => i === label);
    if (item === undefined) throw new Error(`${q} has no item ${itemCode} (the reference model names ${label ?? 'none'})`);
    const cols = this.raw.columns(q).filter((c) => this.raw.header[2][c].startsWith(`${item} - `));
    const levelCode = new Map(cols.map((c) => [this.raw.header[2][c].slice(item.length + 3), this.kept.map((r) => r[c].trim()).find(Boolean)]));
    return this.grid(q, item, (level) => levelCodes.includes(levelCode.get(level) ?? ''), rows);
  }
}
