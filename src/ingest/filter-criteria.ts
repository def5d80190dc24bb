// Ingest stage: read the disqualification rules (filter criteria CSV) as answer conditions. Reads the file.
// Only unconditional "DQ" rules apply; "DQ for Panel" depends on the collector and is not in the export.
import type { AnswerCondition } from './reference-model.js';
import { readCsvRecords } from './csv-reader.js';

export async function loadFilterCriteria(file: string): Promise<AnswerCondition[]> {
  const rules: AnswerCondition[] = [];
  let question: string | undefined;
  for await (const { cells } of readCsvRecords(file, 'filter criteria')) {
    const [q = '', r = '', , ...rest] = cells.map((c) => c.trim());
    if (/^\d+$/.test(q)) question = `q${q}`;
    else if (!q && r && question && rest.some((c) => c.toUpperCase() === 'DQ')) rules.push({ question, code: r });
  }
  return rules;
}
