// Load stage: aggregates JSON file → validated Aggregates. Reads one file. A JSON syntax error names
// the line and column; a schema error names the JSON path; a count above its base is an error too.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { error, SurveydeckError, type Diagnostic } from '../diagnostics.js';
import type { Aggregates, Base, OptionStat } from '../ir.js';
import { aggregatesSchema } from './aggregates-schema.js';
import { decodeUtf8, assertXmlStrings } from './xml-text.js';
import { INPUT_LIMITS, readBoundedFile } from './input-bounds.js';
import { parseJsonText } from './json-text.js';
import { cachedValidation, type ValidationCache } from './validation-cache.js';
import { zodIssuesToDiagnostics } from './zod-diagnostics.js';

/**
 * With `cache`, bytes validated before by the same code are not checked against the schema again
 * (validation-cache.ts); the value is the same either way.
 */
export function loadAggregates(file: string, cache?: ValidationCache): Aggregates {
  if (!existsSync(file)) throw error('MISSING_FILE', 'Aggregates file not found', { file, hint: 'run `surveydeck aggregate` or pass --data' });
  if (statSync(file).isDirectory()) throw error('INVALID_OPTION', 'the aggregates file is a folder', { file, hint: 'pass the aggregates JSON file itself' });
  const bytes = readBoundedFile(file, INPUT_LIMITS.aggregatesBytes, 'the aggregates file');
  const data = cachedValidation(cache, 'aggregates', file, bytes, () => {
    const text = decodeUtf8(bytes, 'INVALID_AGGREGATES', file);
    const raw = parseJsonText(text, 'INVALID_AGGREGATES', file);
    assertXmlStrings(raw, 'INVALID_AGGREGATES', file);
    const parsed = aggregatesSchema.safeParse(raw);
    if (!parsed.success) throw zodIssuesToDiagnostics('INVALID_AGGREGATES', file, parsed.error);
    return parsed.data as Aggregates;
  });
  const problems: Diagnostic[] = [];
  const checkCount = (p: string, count: number, n: number) => {
    if (count > n) problems.push({ severity: 'error', code: 'INVALID_AGGREGATES', file, message: `${p}: count ${count} is larger than its base n = ${n}` });
  };
  for (const [id, q] of Object.entries(data.questions)) {
    q.options.forEach((o, i) => checkCount(`$.questions.${id}.options[${i}].count`, o.count, limitOf(o, q.base)));
    q.items?.forEach((item, i) => item.levels.forEach((l, j) => checkCount(`$.questions.${id}.items[${i}].levels[${j}].count`, l.count, limitOf(l, item.base))));
  }
  for (const [id, f] of Object.entries(data.findings)) checkCount(`$.findings.${id}.count`, f.count, f.base.n);
  if (problems.length) throw new SurveydeckError(problems.slice(0, 10));
  return data;
}

/** A non-answer outside the base (its share is of everyone who answered) may count up to n + those excluded. */
function limitOf(option: OptionStat, base: Base): number {
  return option.nonAnswer && !base.includesDontKnow ? base.n + (base.excluded?.count ?? 0) : base.n;
}
