// The XLSX reader gives the records the CSV reader would give for the same sheet. The workbook is
// written here with exceljs from cells typed by hand (the reader under test only reads).
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { MAX_RECORD_CHARS } from '../../src/ingest/csv-reader.js';
import { readRecords } from '../../src/ingest/records.js';
import { diagnosticsOf } from './helpers.js';

describe('readRecords on .xlsx', () => {
  it('reads the first sheet as text cells, pads short rows and keeps row numbers', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'surveydeck-xlsx-'));
    const file = path.join(dir, 'export.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Responses');
    ws.addRow(['Timestamp', 'Wie zufrieden?', 'Welche Tools?', 'Alter']);
    ws.addRow([new Date(Date.UTC(2024, 5, 17, 9, 30, 0)), 'Sehr zufrieden', 'Git, Jira', 42]);
    ws.getRow(4).values = ['2024-06-18 10:00:00', { richText: [{ text: 'Eher ' }, { text: 'unzufrieden' }] }];
    wb.addWorksheet('Ignored').addRow(['x']);
    await wb.xlsx.writeFile(file);
    const got = [];
    for await (const r of readRecords(file, 'test')) got.push(r);
    expect(got).toEqual([
      { line: 1, cells: ['Timestamp', 'Wie zufrieden?', 'Welche Tools?', 'Alter'] },
      { line: 2, cells: ['2024-06-17 09:30:00', 'Sehr zufrieden', 'Git, Jira', '42'] },
      { line: 3, cells: ['', '', '', ''] },
      { line: 4, cells: ['2024-06-18 10:00:00', 'Eher unzufrieden', '', ''] },
    ]);
  });

  it('pads every header row to the widest of them: a SurveyMonkey id row ends at its last question\'s first column', async () => {
    // Read as a CSV holds it: the last question's further option columns are blank in row 1, not missing.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'surveydeck-xlsx-'));
    const file = path.join(dir, 'export.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet');
    ws.addRow(['Respondent ID', 'How many tools?']);
    ws.addRow(['', 'Response']);
    ws.addRow(['', '0', '1', '2', 'More than 2']);
    ws.addRow([7, '', '1']);
    await wb.xlsx.writeFile(file);
    const got = [];
    for await (const r of readRecords(file, 'test')) got.push(r);
    expect(got).toEqual([
      { line: 1, cells: ['Respondent ID', 'How many tools?', '', '', ''] },
      { line: 2, cells: ['', 'Response', '', '', ''] },
      { line: 3, cells: ['', '0', '1', '2', 'More than 2'] },
      { line: 4, cells: ['7', '', '1', '', ''] },
    ]);
  });

  it('refuses a row past MAX_RECORD_CHARS (a hostile workbook inflates a cell), naming its row, instead of failing inside', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'surveydeck-xlsx-'));
    const file = path.join(dir, 'export.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Responses');
    ws.addRow(['Timestamp', 'Comment']);
    ws.addRow(['2024-06-18 10:00:00', 'x'.repeat(MAX_RECORD_CHARS / 2)]);
    ws.addRow(['2024-06-18 10:00:00', 'short']);
    ws.addRow(['2024-06-18 10:00:00', 'short']);
    ws.addRow(['2024-06-18 10:00:00', 'x'.repeat(MAX_RECORD_CHARS / 2), 'y'.repeat(MAX_RECORD_CHARS / 2)]);
    await wb.xlsx.writeFile(file);
    const lines: number[] = [];
    const [d] = await diagnosticsOf((async () => {
      for await (const r of readRecords(file, 'survey export')) lines.push(r.line);
    })());
    expect(lines).toEqual([1, 2, 3, 4]);
    expect([d.code, d.file, d.line]).toEqual(['INPUT_TOO_LARGE', file, 5]);
    expect(d.message).toMatch(/^Row 5 holds 16 Mi characters, past the 16 Mi a row is read with/);
  });

  it('reports a file that is not a workbook, naming it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'surveydeck-xlsx-'));
    const file = path.join(dir, 'export.xlsx');
    await writeFile(file, 'Respondent ID,q1\n1,2\n');
    const [d] = await diagnosticsOf((async () => {
      for await (const _ of readRecords(file, 'survey export')) void _;
    })());
    expect([d.code, d.file]).toEqual(['INVALID_CSV', file]);
    expect(d.message).toMatch(/Cannot read the survey export as an \.xlsx workbook/);
  });
});
