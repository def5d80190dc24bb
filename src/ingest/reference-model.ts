// Ingest stage: parse the survey reference model CSV (sections, questions, option codes, show logic).
// Reads the file; the parsing itself (parseReferenceModel) is pure over records.
import type { QuestionKind } from '../ir.js';
import { error } from '../diagnostics.js';
import { readCsvRecords, type CsvRecord } from './csv-reader.js';

/** "q21r1": answer code 1 at question q21. */
export interface AnswerCondition {
  question: string;
  code: string;
}

export interface ModelOption {
  code: string;
  label: string;
  /** Answer that disqualifies the respondent ("DQ" in the logic column). */
  disqualifies: boolean;
}

export interface ModelQuestion {
  id: string;
  /** 1-based number, as in "Q#". */
  number: number;
  section: string;
  text: string;
  /** Kind the model's structure says: `text` for a textbox, else undefined (the spec declares it). */
  kind?: QuestionKind;
  /** Kind read from English instruction wording ("(select one)"); used only if the spec allows it. */
  wordingKind?: QuestionKind;
  /** Choices (single/multi) or rows (grid), without the free-text "Other" entry. */
  options: ModelOption[];
  /** Has an "Other (please specify)" free-text entry. */
  hasOther: boolean;
  /** The label of that entry, which names its column in the export. */
  otherLabel?: string;
  /** Shown only if any of these answers was given ("Show q22 if q21r1"). Empty: always. */
  showIf: AnswerCondition[];
  /** Reference model line, for diagnostics. */
  line: number;
}

export interface ModelSection {
  id: string;
  title: string;
  /** "Show P4 if q12r1 or q12r2": shown only if any of these answers was given. */
  showIf: AnswerCondition[];
  line: number;
}

export interface SurveyModel {
  file: string;
  surveyName?: string;
  sections: ModelSection[];
  questions: ModelQuestion[];
}

const TEXT_CODES = new Set(['text', '0/text', 'textbox']);

export async function loadReferenceModel(file: string): Promise<SurveyModel> {
  const records: CsvRecord[] = [];
  for await (const r of readCsvRecords(file, 'reference model')) records.push(r);
  return parseReferenceModel(file, records);
}

/** Kind from the question wording, the way SurveyMonkey instructions are phrased. */
export function kindFromWording(text: string): QuestionKind | undefined {
  const t = text.toLowerCase();
  if (t.includes('one response per row')) return 'grid';
  if (t.includes('(select one)')) return 'single';
  if (t.includes('select all') || t.includes('select up to')) return 'multi';
  return undefined;
}

/** "Show P4 if q12r1 or q12r2" → target P4, conditions [q12=1, q12=2]. Other logic words are ignored. */
export function parseShowRule(logic: string): { target: string; anyOf: AnswerCondition[] } | undefined {
  const m = /show\s+(p\d+|q\d+)\s+if\s+([^\n]+)/i.exec(logic);
  if (!m) return undefined;
  const anyOf = m[2]
    .split(/\s+or\s+/i)
    .map((part) => /^(q\d+)r(\d+)$/i.exec(part.trim()))
    .filter((x): x is RegExpExecArray => x !== null)
    .map((x) => ({ question: x[1].toLowerCase(), code: x[2] }));
  return { target: m[1].toLowerCase(), anyOf };
}

export function parseReferenceModel(file: string, records: CsvRecord[]): SurveyModel {
  const headerAt = records.findIndex((r) => r.cells[0]?.trim().toLowerCase() === 'page or section');
  if (headerAt === -1) {
    throw error('INVALID_CSV', 'No "Page or Section,Q#,R#,Questions and Responses" header row in the reference model', {
      file,
      line: 1,
      column: 1,
    });
  }
  const surveyName = records
    .slice(0, headerAt)
    .find((r) => r.cells[0]?.trim().toLowerCase() === 'survey name:')
    ?.cells.slice(1)
    .find((c) => c.trim() !== '')
    ?.trim();

  const sections: ModelSection[] = [];
  const questions: ModelQuestion[] = [];
  let current: ModelQuestion | undefined;
  for (const { cells, line } of records.slice(headerAt + 1)) {
    const [page = '', q = '', r = '', text = '', logic = ''] = cells.map((c) => c.trim());
    if (!page && !q && !r && !text) {
      current = undefined; // a blank row ends a question's option list
      continue;
    }
    if (page && !q && !r && text) {
      if (!sections.some((s) => s.id === page)) {
        const rule = parseShowRule(logic);
        sections.push({ id: page, title: text, showIf: rule?.anyOf ?? [], line });
      }
      current = undefined;
      continue;
    }
    if (/^\d+$/.test(q)) {
      const rule = parseShowRule(logic);
      const id = `q${q}`;
      const isTextbox = r.toLowerCase() === 'textbox';
      current = {
        id,
        number: Number(q),
        section: page,
        text,
        kind: isTextbox ? 'text' : undefined,
        wordingKind: kindFromWording(text),
        options: [],
        hasOther: false,
        showIf: rule && rule.target === id ? rule.anyOf : [],
        line,
      };
      questions.push(current);
      continue;
    }
    if (!q && r && current) {
      if (TEXT_CODES.has(r.toLowerCase())) {
        if (r.toLowerCase() === 'textbox') current.kind = 'text';
        else {
          current.hasOther = true;
          current.otherLabel ??= text;
        }
      } else {
        current.options.push({ code: r, label: text, disqualifies: /^dq\b/i.test(logic) });
      }
    }
  }
  return { file, surveyName, sections, questions };
}
