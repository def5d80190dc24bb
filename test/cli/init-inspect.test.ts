// CLI: `init` drafts a spec a person can review and aggregate from; `inspect` shows what the ingest
// sees. From an export to aggregates in the README's commands, on a hand-written Google Forms file.
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCli, slideRuns, tempDir, text, unzip } from '../helpers.js';
import { fixtures, sharedData } from '../ingest/helpers.js';

const formats = path.join(fixtures, 'formats');

describe('surveydeck init and inspect', () => {
  it('init drafts a commented spec, lists what to confirm, and refuses to overwrite it', async () => {
    const dir = tempDir();
    copyFileSync(path.join(formats, 'surveymonkey-condensed.csv'), path.join(dir, 'export.csv'));
    const out = path.join(dir, 'survey');
    const { code, stderr } = await runCli(['init', '--raw', path.join(dir, 'export.csv'), '--out', out]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/surveymonkey-condensed export \(detected: row 1 has question ids/);
    expect(stderr).toMatch(/Guessed 5 questions \(/);
    expect(stderr).toMatch(/Confirm before aggregating/);
    const text = readFileSync(path.join(out, 'survey.yaml'), 'utf8');
    expect(text).toMatch(/^# yaml-language-server: \$schema=/);
    expect(text).toMatch(/CONFIRM/);
    const spec = parseYaml(text);
    expect(spec.version).toBe(2);
    expect(spec.input).toMatchObject({ format: 'surveymonkey-condensed', values: 'codes' });
    expect(spec.questions.Q3.kind).toBe('grid');
    expect(spec.questions.Q3.rows.map((r: { code: string }) => r.code)).toEqual(['1', '2']);
    expect(spec.questions.Q4.kind).toBe('numeric');
    expect(spec.questions.Q5.kind).toBe('text');
    const again = await runCli(['init', '--raw', path.join(dir, 'export.csv'), '--out', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/exists; init never overwrites a spec/);
  });

  it('init on the 2023 OSPO export (no reference model) finds its codes and drafts a multi-level grid', async () => {
    const out = tempDir();
    const { code, stderr } = await runCli(['init', '--raw', path.join(sharedData, 'ospo-survey-2023/raw.csv'), '--out', out]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/q47: grid-multi, respondents ticked several levels of one row/);
    const spec = parseYaml(readFileSync(path.join(out, 'survey.yaml'), 'utf8'));
    expect(spec.input).toMatchObject({ format: 'surveymonkey-expanded', values: 'codes', columns: { started: 'Start Date', ended: 'End Date' } });
    // q13's codes as the export holds them ("Don't know" is 9 in this wave), declared as a non-answer to confirm.
    expect(spec.questions.q13.options.find((o: { label: string }) => o.label === "Don't know or not sure").code).toBe('9');
    expect(spec.questions.q13.nonAnswers).toEqual({ dontKnow: ['9'] });
    expect(spec.questions.q8.kind).toBe('grid');
    expect(spec.questions.q47.kind).toBe('grid-multi');
    expect(spec.questions.q47.exclude).toBeUndefined();
  });

  it('init → review → aggregate: a drafted Google Forms spec aggregates once its guesses are confirmed', async () => {
    const dir = tempDir();
    copyFileSync(path.join(formats, 'google-forms.csv'), path.join(dir, 'google-forms.csv'));
    expect((await runCli(['init', '--raw', path.join(dir, 'google-forms.csv'), '--out', dir])).code).toBe(0);
    const specFile = path.join(dir, 'survey.yaml');
    const spec = parseYaml(readFileSync(specFile, 'utf8'));
    // What the draft guessed for the multi-select question: kind from the joined answers.
    const tools = Object.values(spec.questions as Record<string, { column: string; kind: string }>).find((q) => q.column === 'Welche Werkzeuge nutzen Sie?')!;
    expect(tools.kind).toBe('multi');
    // The review a person does: the draft split "Git, GitHub" blindly; merge it back.
    const reviewed = readFileSync(specFile, 'utf8').replace(/      - \{ code: "\d+", label: "Git" \}\n/, '').replace(/label: "GitHub"/, 'label: "Git, GitHub"');
    writeFileSync(specFile, reviewed);
    const out = path.join(dir, 'aggregates.json');
    const { code, stderr } = await runCli(['aggregate', '--spec', specFile, '--out', out]);
    expect(stderr).toMatch(/6 rows read, 6 respondents kept/);
    expect(code).toBe(0);
    const agg = JSON.parse(readFileSync(out, 'utf8'));
    expect(agg.survey.respondents).toBe(6);
  });

  it('init on an export of answer text: scales in order, numbered answers by their numbers, 0–10 as NPS, commas inside answers kept', async () => {
    // Answers in the order respondents gave them, which is no order: the draft must not keep it.
    const header = ['Timestamp', 'How satisfied are you? [Docs]', 'How satisfied are you? [Support]', 'Company size', 'Recommend us?', 'Do you have an OSPO?', 'Tools you use'];
    const rows = [
      ['2025/03/01 10:00:00', 'Satisfied', 'Very dissatisfied', '10,000 or more', '9', 'Yes, formally', 'Git, Jira'],
      ['2025/03/02 10:00:00', 'Very satisfied', 'Neither satisfied nor dissatisfied', '1-49', '3', 'No', 'Jira'],
      ['2025/03/03 10:00:00', 'Dissatisfied', 'Satisfied', '1,000-9,999', '10', 'Yes, informally', 'Git'],
      ['2025/03/04 10:00:00', 'Very dissatisfied', 'Dissatisfied', 'Prefer not to say', '0', 'No', 'Slack, Git'],
      ['2025/03/05 10:00:00', 'Neither satisfied nor dissatisfied', 'Very satisfied', '50-249', '7', 'Yes, formally', 'Slack'],
      ['2025/03/06 10:00:00', 'Satisfied', 'Satisfied', '250-999', '5', 'No', 'Git'],
      ['2025/03/07 10:00:00', 'Satisfied', 'Satisfied', '50-249', '8', 'No', 'Jira, Slack'],
    ];
    const csv = [header, ...rows].map((r) => r.map((c) => (/[",]/.test(c) ? `"${c}"` : c)).join(',')).join('\n') + '\n';
    const dir = tempDir();
    writeFileSync(path.join(dir, 'export.csv'), csv);
    const { code, stderr } = await runCli(['init', '--raw', path.join(dir, 'export.csv'), '--out', dir]);
    expect(code, stderr).toBe(0);
    const spec = parseYaml(readFileSync(path.join(dir, 'survey.yaml'), 'utf8'));
    const byColumn = (column: string) => Object.values(spec.questions as Record<string, { column: string; kind: string; options: { label: string }[]; scale?: unknown; ordered?: boolean }>).find((q) => q.column === column)!;
    const labels = (column: string) => byColumn(column).options.map((o) => o.label);
    const satisfied = byColumn('How satisfied are you?');
    expect(satisfied.kind).toBe('grid');
    expect(labels('How satisfied are you?')).toEqual(['Very dissatisfied', 'Dissatisfied', 'Neither satisfied nor dissatisfied', 'Satisfied', 'Very satisfied']);
    expect(satisfied.scale).toEqual({ polarity: 'ascending', neutral: '3' });
    expect(byColumn('Company size').kind).toBe('single');
    expect(labels('Company size')).toEqual(['1-49', '50-249', '250-999', '1,000-9,999', '10,000 or more', 'Prefer not to say']);
    expect(byColumn('Company size').ordered).toBe(true);
    // "Prefer not to say" gives no answer: last, and drafted out of the base.
    expect((byColumn('Company size') as unknown as { nonAnswers: unknown }).nonAnswers).toEqual({ noAnswer: ['6'] });
    expect(stderr).toMatch(/an ordered list \(by the numbers its answers start with\)/);
    expect(byColumn('Recommend us?').kind).toBe('nps');
    expect(labels('Recommend us?')).toEqual(['0', '3', '5', '7', '8', '9', '10']);
    // "Yes, formally" holds the separator, but no part of it is an answer of its own: one choice.
    expect(byColumn('Do you have an OSPO?').kind).toBe('single');
    expect(labels('Do you have an OSPO?').sort()).toEqual(['No', 'Yes, formally', 'Yes, informally']);
    expect(byColumn('Tools you use').kind).toBe('multi');
    expect(labels('Tools you use').sort()).toEqual(['Git', 'Jira', 'Slack']);
    // What was drafted aggregates as it stands.
    const agg = await runCli(['aggregate', '--spec', path.join(dir, 'survey.yaml'), '--out', path.join(dir, 'aggregates.json')]);
    expect(agg.code, agg.stderr).toBe(0);
  });

  it('init on a Qualtrics choice-text export: previews and partial responses as filters, ResponseId, the weight, a label with ", " whole, open-ended ranges in order', async () => {
    const q = (id: string) => JSON.stringify({ ImportId: id });
    const header = ['StartDate', 'Status', 'IPAddress', 'Finished', 'ResponseId', 'Q1', 'Q2', 'Q3', 'Q3_NPS_GROUP', 'wt'];
    const texts = ['Start Date', 'Response Type', 'IP Address', 'Finished', 'Response ID', 'Which platforms do you deploy to? - Selected Choice', 'How many engineers work there?', 'How likely are you to recommend us?', 'How likely are you to recommend us? - Group', 'wt'];
    const imports = [q('startDate'), q('status'), q('ipAddress'), q('finished'), q('_recordId'), q('QID1'), q('QID2'), q('QID3'), q('QID3_NPS_GROUP'), q('wt')];
    const sizes = ['1-10', '11-50', 'More than 5,000', '201-1,000', '1,001-5,000', '51-200', 'Under 1'];
    const platforms = ['AWS,On-premises, bare metal', 'On-premises, bare metal', 'AWS', 'Google Cloud,AWS', 'Google Cloud', 'AWS,On-premises, bare metal,Google Cloud', 'On-premises, bare metal,Google Cloud'];
    const rows = sizes.map((size, i) => [
      `2025-05-0${i + 1} 10:00:00`,
      i === 0 ? 'Survey Preview' : 'IP Address',
      '10.0.0.1', // one office: the same address for everyone
      i === 3 ? 'False' : 'True',
      `R_${i}`,
      platforms[i],
      size,
      String([9, 10, 3, 7, 8, 10, 0][i]),
      ['Promoter', 'Promoter', 'Detractor', 'Passive', 'Passive', 'Promoter', 'Detractor'][i],
      ['1.2', '0.8', '1', '1.5', '0.5', '1.1', '0.9'][i],
    ]);
    const cell = (c: string) => (/[",]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
    const csv = [header, texts, imports, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';
    const dir = tempDir();
    writeFileSync(path.join(dir, 'export.csv'), csv);
    const { code, stderr } = await runCli(['init', '--raw', path.join(dir, 'export.csv'), '--out', dir]);
    expect(code, stderr).toBe(0);
    const spec = parseYaml(readFileSync(path.join(dir, 'survey.yaml'), 'utf8'));
    expect(spec.input).toMatchObject({ format: 'qualtrics', values: 'labels', weight: 'wt', columns: { respondentId: 'ResponseId' } });
    expect(spec.filters).toEqual([
      { name: 'previews', why: expect.stringContaining('previews'), removeIf: [{ column: 'Status', values: ['Survey Preview'] }] },
      { name: 'unfinished', why: expect.stringContaining('partial responses'), removeIf: [{ column: 'Finished', values: ['False'] }] },
    ]);
    expect(stderr).toMatch(/filter `previews`: 1 rows with Status Survey Preview/);
    // Qualtrics's promoter/passive/detractor column is derived from Q3: no question of its own.
    expect(Object.keys(spec.questions)).toEqual(['Q1', 'Q2', 'Q3']);
    expect(spec.questions.Q1.text).toBe('Which platforms do you deploy to?');
    expect(spec.questions.Q1.kind).toBe('multi');
    expect(spec.questions.Q1.options.map((o: { label: string }) => o.label).sort()).toEqual(['AWS', 'Google Cloud', 'On-premises, bare metal']);
    expect(spec.questions.Q2.options.map((o: { label: string }) => o.label)).toEqual(['Under 1', '1-10', '11-50', '51-200', '201-1,000', '1,001-5,000', 'More than 5,000']);
    expect(spec.questions.Q2.ordered).toBe(true);
    expect(spec.questions.Q3.kind).toBe('nps');
    // What was drafted aggregates as it stands: the preview and the partial response removed, weighted.
    const out = path.join(dir, 'aggregates.json');
    const agg = await runCli(['aggregate', '--spec', path.join(dir, 'survey.yaml'), '--out', out]);
    expect(agg.code, agg.stderr).toBe(0);
    expect(agg.stderr).toMatch(/7 rows read, 1 removed by previews, 1 removed by unfinished, 5 respondents kept \(weighted\)/);
    // The draft's TODO title and source would be printed on every deck: a warning says so.
    expect(agg.stderr).toMatch(/warning DRAFT_PLACEHOLDER: the survey spec still holds placeholders of its draft: survey\.title \("TODO title of [^"]+"\), source\.publisher \("TODO"\)/);
    const filled = readFileSync(path.join(dir, 'survey.yaml'), 'utf8').replace(/TODO title of [\w-]+/, 'Platform survey').replace(/TODO-?/g, 'x');
    writeFileSync(path.join(dir, 'survey.yaml'), filled);
    const again = await runCli(['aggregate', '--spec', path.join(dir, 'survey.yaml'), '--out', out]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toMatch(/DRAFT_PLACEHOLDER/);
    const platformsChosen = JSON.parse(readFileSync(out, 'utf8')).questions.Q1;
    expect(platformsChosen.base.unweightedN).toBe(5);
    const onPrem = platformsChosen.options.find((o: { label: string }) => o.label === 'On-premises, bare metal');
    expect(onPrem.count).toBeCloseTo(0.8 + 1.1 + 0.9, 10); // rows 2, 6 and 7 (row 1 is the preview)
  });

  it('init on a ";" CSV as Excel writes it where the comma is the decimal mark: delimiter found, a weight column with decimal commas', async () => {
    const lines = ['\uFEFFZeitstempel;Wie zufrieden sind Sie?;Welche Tools nutzen Sie?;Gewicht;Stunden pro Woche'];
    const sat = ['Zufrieden', 'Neutral', 'Sehr zufrieden', 'Unzufrieden'];
    const tools = ['"Git;Jira"', 'Jira', '"Slack;Git"', 'Git', '"Jira;Slack;Git"'];
    for (let i = 0; i < 12; i++) lines.push(`0${1 + (i % 9)}.03.2025 10:00;${sat[i % 4]};${tools[i % 5]};${['1,25', '0,8', '1', '0,95'][i % 4]};${i * 2},5`);
    const dir = tempDir();
    writeFileSync(path.join(dir, 'umfrage.csv'), lines.join('\r\n') + '\r\n');
    const { code, stderr } = await runCli(['init', '--raw', path.join(dir, 'umfrage.csv'), '--out', dir]);
    expect(code, stderr).toBe(0);
    const spec = parseYaml(readFileSync(path.join(dir, 'survey.yaml'), 'utf8'));
    expect(spec.input).toMatchObject({ format: 'tidy', delimiter: ';', separator: ';', weight: 'Gewicht' });
    const columns = Object.values(spec.questions as Record<string, { column: string }>).map((q) => q.column);
    expect(columns).toEqual(['Wie zufrieden sind Sie?', 'Welche Tools nutzen Sie?', 'Stunden pro Woche']); // the weight is no question
    const hours = Object.values(spec.questions as Record<string, { column: string; kind: string }>).find((q) => q.column === 'Stunden pro Woche')!;
    expect(hours.kind).toBe('numeric'); // "0,5" … "22,5": numbers with a decimal comma
    const out = path.join(dir, 'aggregates.json');
    const agg = await runCli(['aggregate', '--spec', path.join(dir, 'survey.yaml'), '--out', out]);
    expect(agg.code, agg.stderr).toBe(0);
    const tools2 = JSON.parse(readFileSync(out, 'utf8')).questions;
    const multi = Object.values(tools2 as Record<string, { kind: string; base: { n: number; unweightedN: number } }>).find((q) => q.kind === 'multi')!;
    expect(multi.base.unweightedN).toBe(12);
    expect(multi.base.n).toBeCloseTo(3 * (1.25 + 0.8 + 1 + 0.95), 10);
    const numeric = Object.values(tools2 as Record<string, { kind: string; numeric?: { min: number; max: number } }>).find((q) => q.kind === 'numeric')!;
    expect(numeric.numeric).toMatchObject({ min: 0.5, max: 22.5 });
  });

  it('init on a Microsoft Forms workbook: its own columns (ID, times, Email, Name) are metadata, the times the fieldwork; decimals are numbers entered', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Form1');
    ws.addRow(['ID', 'Start time', 'Completion time', 'Email', 'Name', 'How satisfied are you with the service?', 'How many years have you been a customer?']);
    const sat = ['Very dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied'];
    for (let i = 0; i < 15; i++) {
      const start = new Date(Date.UTC(2025, 5, 1 + i, 9, 0));
      ws.addRow([i + 1, start, new Date(start.getTime() + 300000), 'anonymous', '', sat[(i * 7) % 5], (i % 6) + 0.5]);
    }
    const dir = tempDir();
    const file = path.join(dir, 'forms.xlsx');
    await wb.xlsx.writeFile(file);
    const { code, stderr } = await runCli(['init', '--raw', file, '--out', dir]);
    expect(code, stderr).toBe(0);
    const text = readFileSync(path.join(dir, 'survey.yaml'), 'utf8');
    const spec = parseYaml(text);
    expect(spec.input.columns).toEqual({ respondentId: 'ID', started: 'Start time', ended: 'Completion time' });
    expect(text).toMatch(/# metadata columns: "ID", "Start time", "Completion time", "Email", "Name"/);
    const kinds = Object.values(spec.questions as Record<string, { column: string; kind: string }>).map((q) => [q.column, q.kind]);
    expect(kinds).toEqual([
      ['How satisfied are you with the service?', 'single'],
      ['How many years have you been a customer?', 'numeric'], // 0.5 … 5.5: no rating scale
    ]);
    expect(stderr).toMatch(/fieldwork 2025-06-01 to 2025-06-15/);
  });

  it('init on a LimeSurvey export: its own columns are metadata, unsubmitted rows a filter, a box per column a multi-select counted by its ticks', async () => {
    // LimeSurvey, "full answers" with question text headings: a multiple-choice question is a column
    // per box ("Yes" or empty) and one for the text typed beside "Other"; a partial response has no
    // "Date submitted". A Yes/No array is a grid, not boxes.
    const tools = ['Reports', 'Dashboards', 'API access'];
    const header = ['Response ID', 'Date submitted', 'Last page', 'Start language', 'Seed', 'Date started', ...tools.map((t) => `Which features do you use? [${t}]`), 'Which features do you use? [Other]', 'Do you use these? [Mobile app]', 'Do you use these? [Web app]', 'How satisfied are you?'];
    const sat = ['Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied'];
    const rows: string[][] = [];
    for (let i = 0; i < 16; i++) {
      const done = i % 8 !== 7; // rows 7 and 15 are partial responses
      const day = `2025-03-${String(10 + i).padStart(2, '0')}`;
      const ticks = tools.map((_, t) => (done && ((i + 1) >> t) & 1 ? 'Yes' : ''));
      rows.push([String(i + 1), done ? `${day} 10:05:00` : '', done ? '2' : '1', 'en', String(1000003 * (i + 7)), `${day} 10:00:00`, ...ticks, done && i % 5 === 0 ? `Typed answer ${i}` : '', done ? (i % 2 ? 'Yes' : 'No') : '', done ? (i % 3 ? 'Yes' : 'No') : '', done ? sat[i % 4] : '']);
    }
    const dir = tempDir();
    writeFileSync(path.join(dir, 'results-survey1.csv'), [header, ...rows].map((r) => r.map((c) => (/[",]/.test(c) ? `"${c}"` : c)).join(',')).join('\n') + '\n');
    const { code, stderr } = await runCli(['init', '--raw', path.join(dir, 'results-survey1.csv'), '--out', dir]);
    expect(code, stderr).toBe(0);
    const text = readFileSync(path.join(dir, 'survey.yaml'), 'utf8');
    const spec = parseYaml(text);
    expect(text).toMatch(/# metadata columns: "Response ID", "Date submitted", "Last page", "Start language", "Seed", "Date started"/);
    // "Date started" comes after "Date submitted" in the file: named, not taken in column order.
    expect(spec.input.columns).toEqual({ respondentId: 'Response ID', started: 'Date started', ended: 'Date submitted' });
    expect(spec.input.checked).toEqual(['Yes']);
    expect(spec.filters).toEqual([{ name: 'unfinished', why: expect.stringContaining('partial responses'), removeIf: [{ column: 'Date submitted', values: [''] }] }]);
    expect(stderr).toMatch(/filter `unfinished`: 2 rows with no Date submitted/);
    const questions = Object.values(spec.questions as Record<string, { column: string; kind: string; options?: { label: string }[]; rows?: { label: string }[]; otherText?: boolean }>);
    expect(questions.map((q) => [q.column, q.kind])).toEqual([
      ['Which features do you use?', 'multi'],
      ['Do you use these?', 'grid'], // "Yes" and "No" in every column: a yes/no row each
      ['How satisfied are you?', 'single'],
    ]);
    expect(questions[0].options!.map((o) => o.label)).toEqual(tools);
    expect(questions[0].otherText).toBe(true);
    const out = path.join(dir, 'aggregates.json');
    const agg = await runCli(['aggregate', '--spec', path.join(dir, 'survey.yaml'), '--out', out]);
    expect(agg.code, agg.stderr).toBe(0);
    expect(agg.stderr).toMatch(/16 rows read, 2 removed by unfinished, 14 respondents kept/);
    const aggregates = JSON.parse(readFileSync(out, 'utf8'));
    const features = Object.values(aggregates.questions as Record<string, { kind: string; base: { n: number }; options: { label: string; count: number }[] }>).find((q) => q.kind === 'multi')!;
    const kept = rows.filter((r) => r[1] !== '');
    // Counted from the rows as written: a respondent who ticked nothing and typed nothing did not answer.
    const answeredRows = kept.filter((r) => r.slice(6, 10).some((c) => c !== ''));
    expect(features.base.n).toBe(answeredRows.length);
    tools.forEach((t, i) => expect(features.options.find((o) => o.label === t)!.count).toBe(kept.filter((r) => r[6 + i] === 'Yes').length));
    expect(features.options.find((o) => o.label === 'Other')!.count).toBe(kept.filter((r) => r[9] !== '').length);
    // A box holding anything but its label, a declared mark or nothing is refused, naming its cell.
    writeFileSync(path.join(dir, 'results-survey1.csv'), readFileSync(path.join(dir, 'results-survey1.csv'), 'utf8').replace(/^(2,[^\n]*?),Yes,/m, '$1,Ja,'));
    const bad = await runCli(['aggregate', '--spec', path.join(dir, 'survey.yaml'), '--out', out]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/results-survey1\.csv:3:8: error UNKNOWN_OPTION_CODE: `Ja` in column H, the box of `Dashboards` \(q6\), is neither its label nor a mark the spec declares \(input.checked: Yes; input.unchecked: none\)/);
  });

  it('init on a KoboToolbox export: its "_" and device columns are metadata, "Question/Option" columns of 1/0 a multi-select read from its boxes', async () => {
    // KoboToolbox, labels, ";" between fields: a select_multiple is its own column (the chosen labels
    // joined by spaces, which cannot be split when a label holds one) and a column per option, 1 or 0.
    // A "/" elsewhere is wording: a header with no column of its prefix, or a prefix's text answers.
    const tools = ['Instant messaging', 'CI/CD', 'Email', 'Other'];
    const roles = ['Manager', 'Engineer', 'Analyst'];
    const header = ['start', 'end', 'today', 'deviceid', 'What is your role?', 'What is your role?/Why', 'Which tools do you use?', ...tools.map((t) => `Which tools do you use?/${t}`), 'Do you prefer Slack/Teams?', '_id', '_uuid', '_submission_time', '_validation_status', '__version__', '_index'];
    const rows: string[][] = [];
    for (let i = 0; i < 24; i++) {
      const ticked = tools.filter((_, t) => ((i + 3) >> t) & 1);
      const day = `2025-05-${String(i + 1).padStart(2, '0')}`;
      rows.push([`${day}T09:00:00.000+02:00`, `${day}T09:07:00.000+02:00`, day, 'ee.kobotoolbox.org:abc', roles[i % 3], `Because ${i}`, ticked.join(' '), ...tools.map((t) => (ticked.includes(t) ? '1' : '0')), i % 2 ? 'Yes' : 'No', String(9000 + i), `u-${i}`, `${day}T07:08:00`, '', 'vAbc', String(i + 1)]);
    }
    const dir = tempDir();
    writeFileSync(path.join(dir, 'kobo.csv'), [header, ...rows].map((r) => r.map((c) => `"${c}"`).join(';')).join('\n') + '\n');
    const { code, stderr } = await runCli(['init', '--raw', path.join(dir, 'kobo.csv'), '--out', dir]);
    expect(code, stderr).toBe(0);
    const text = readFileSync(path.join(dir, 'survey.yaml'), 'utf8');
    const spec = parseYaml(text);
    expect(text).toMatch(/# metadata columns: "start", "end", "today", "deviceid", "_id", "_uuid", "_submission_time", "_validation_status", "__version__", "_index"/);
    expect(spec.input.columns).toEqual({ respondentId: '_id', started: 'start', ended: 'end' });
    expect([spec.input.checked, spec.input.unchecked]).toEqual([['1'], ['0']]);
    const questions = Object.values(spec.questions as Record<string, { column: string; kind: string; options?: { code: string; label: string }[]; nonAnswers?: Record<string, string[]> }>);
    expect(questions.map((q) => [q.column, q.kind])).toEqual([
      ['What is your role?', 'single'],
      ['What is your role?/Why', 'text'],
      ['Which tools do you use?', 'multi'],
      ['Do you prefer Slack/Teams?', 'single'],
    ]);
    // The "Other" box holds 1 or 0: an option to count, never the text typed for "Other".
    expect(questions[2].options!.map((o) => o.label)).toEqual(tools);
    expect(questions[2].nonAnswers).toEqual({ other: [questions[2].options!.find((o) => o.label === 'Other')!.code] });
    expect(stderr).toMatch(/with a column per box \("Which tools do you use\?"\): ticked "1", unticked "0"/);
    const out = path.join(dir, 'aggregates.json');
    const agg = await runCli(['aggregate', '--spec', path.join(dir, 'survey.yaml'), '--out', out]);
    expect(agg.code, agg.stderr).toBe(0);
    const aggregates = JSON.parse(readFileSync(out, 'utf8'));
    const used = Object.values(aggregates.questions as Record<string, { kind: string; base: { n: number }; options: { label: string; count: number }[] }>).find((q) => q.kind === 'multi')!;
    expect(used.base.n).toBe(rows.filter((r) => r[6] !== '').length);
    tools.forEach((t, i) => expect(used.options.find((o) => o.label === t)!.count).toBe(rows.filter((r) => r[7 + i] === '1').length));
  });

  it('init on a REDCap export of labels: "Question (choice=Option)" boxes of Checked/Unchecked a multi-select, its own columns metadata, Incomplete a filter', async () => {
    // REDCap's "CSV (labels)": a checkbox field is a column per choice headed "Label (choice=Choice)",
    // each "Checked" or "Unchecked" (a choice label may hold a parenthesis); the form's status is
    // "Complete?". A respondent who ticked nothing writes every box "Unchecked": no answer.
    const tools = ['Git (self-hosted)', 'Jira', 'Slack', 'Other'];
    const header = ['Record ID', 'Survey Identifier', 'Survey Timestamp', 'What is your role?', ...tools.map((t) => `Which tools do you use? (choice=${t})`), 'Complete?'];
    const rows = Array.from({ length: 30 }, (_, i) => {
      const ticked = tools.filter((_, t) => (i >> t) & 1);
      return [String(i + 1), '', `2025-04-${String(1 + (i % 28)).padStart(2, '0')} 10:15`, ['Manager', 'Engineer', 'Analyst'][i % 3], ...tools.map((t) => (ticked.includes(t) ? 'Checked' : 'Unchecked')), i % 7 === 3 ? 'Incomplete' : 'Complete'];
    });
    const dir = tempDir();
    writeFileSync(path.join(dir, 'redcap.csv'), [header, ...rows].map((r) => r.map((c) => `"${c}"`).join(',')).join('\n') + '\n');
    const { code, stderr } = await runCli(['init', '--raw', path.join(dir, 'redcap.csv'), '--out', dir]);
    expect(code, stderr).toBe(0);
    const text = readFileSync(path.join(dir, 'survey.yaml'), 'utf8');
    const spec = parseYaml(text);
    expect(text).toMatch(/# metadata columns: "Record ID", "Survey Identifier", "Survey Timestamp", "Complete\?"/);
    expect(spec.input.columns).toEqual({ respondentId: 'Record ID', started: 'Survey Timestamp' });
    expect([spec.input.checked, spec.input.unchecked]).toEqual([['Checked'], ['Unchecked']]);
    expect(spec.filters).toEqual([{ name: 'unfinished', why: expect.stringMatching(/partial responses/), removeIf: [{ column: 'Complete?', values: ['Incomplete'] }] }]);
    const questions = Object.values(spec.questions as Record<string, { column: string; kind: string; options?: { label: string }[] }>);
    expect(questions.map((q) => [q.column, q.kind])).toEqual([
      ['What is your role?', 'single'],
      ['Which tools do you use?', 'multi'],
    ]);
    expect(questions[1].options!.map((o) => o.label)).toEqual(tools);
    const out = path.join(dir, 'aggregates.json');
    const agg = await runCli(['aggregate', '--spec', path.join(dir, 'survey.yaml'), '--out', out]);
    expect(agg.code, agg.stderr).toBe(0);
    const kept = rows.filter((r) => r.at(-1) === 'Complete');
    const aggregates = JSON.parse(readFileSync(out, 'utf8'));
    const used = Object.values(aggregates.questions as Record<string, { kind: string; base: { n: number }; options: { label: string; count: number }[] }>).find((q) => q.kind === 'multi')!;
    expect(used.base.n).toBe(kept.filter((r) => r.includes('Checked')).length);
    tools.forEach((t, i) => expect(used.options.find((o) => o.label === t)!.count).toBe(kept.filter((r) => r[4 + i] === 'Checked').length));
  });

  it('init leaves the questionnaire\'s numbers out of the wording ("1. ", "Q2) ", "3 - ") and matches the columns by their headers', async () => {
    const header = ['Timestamp', '1. How satisfied are you?', 'Q2) What is your role?', '3.1 - Which tools do you use?', 'Q4 revenue outlook', '5 things you would change'];
    const rows = Array.from({ length: 24 }, (_, i) => [`2025-01-${String(1 + (i % 28)).padStart(2, '0')} 10:00`, ['Satisfied', 'Dissatisfied'][i % 2], ['Dev', 'Ops', 'PM'][i % 3], ['Git, Jira', 'Jira'][i % 2], ['Up', 'Down'][i % 2], ['More', 'Less'][i % 2]]);
    const dir = tempDir();
    writeFileSync(path.join(dir, 'numbered.csv'), [header, ...rows].map((r) => r.map((c) => `"${c}"`).join(',')).join('\n') + '\n');
    const { code, stderr } = await runCli(['init', '--raw', path.join(dir, 'numbered.csv'), '--out', dir]);
    expect(code, stderr).toBe(0);
    const spec = parseYaml(readFileSync(path.join(dir, 'survey.yaml'), 'utf8'));
    const questions = Object.values(spec.questions as Record<string, { text: string; column: string }>);
    expect(questions.map((q) => [q.text, q.column])).toEqual([
      ['How satisfied are you?', '1. How satisfied are you?'],
      ['What is your role?', 'Q2) What is your role?'],
      ['Which tools do you use?', '3.1 - Which tools do you use?'],
      // A number that is wording stays.
      ['Q4 revenue outlook', 'Q4 revenue outlook'],
      ['5 things you would change', '5 things you would change'],
    ]);
    expect(stderr).toMatch(/question numbers left out of the wording/);
    const out = path.join(dir, 'aggregates.json');
    const agg = await runCli(['aggregate', '--spec', path.join(dir, 'survey.yaml'), '--out', out]);
    expect(agg.code, agg.stderr).toBe(0);
    const aggregates = JSON.parse(readFileSync(out, 'utf8'));
    const role = Object.values(aggregates.questions as Record<string, { text: string; base: { n: number } }>).find((q) => q.text === 'What is your role?')!;
    expect(role.base.n).toBe(rows.length);
  });

  it('init drafts a grid of numbers entered (a slider) as a numeric question per row, and ranks in each item\'s column as a ranking (Qualtrics)', async () => {
    const q = (id: string) => JSON.stringify({ ImportId: id });
    const products = ['Product A', 'Product B', 'Product C'];
    const features = ['Speed', 'Price', 'Support', 'Docs'];
    const header = ['StartDate', 'Finished', 'ResponseId', 'Q1', ...products.map((_, i) => `Q2_${i + 1}`), ...features.map((_, i) => `Q3_${i + 1}`), 'Q4_1', 'Q4_2', 'Q4_3'];
    const texts = ['Start Date', 'Finished', 'Response ID', 'How satisfied are you?', ...products.map((p) => `How likely are you to recommend each? - ${p}`), ...features.map((f) => `Please rank these features - ${f}`), ...products.map((p) => `How important is each? - ${p}`)];
    const imports = [q('startDate'), q('finished'), q('_recordId'), q('QID1'), ...products.map((_, i) => q(`QID2_${i + 1}`)), ...features.map((_, i) => q(`QID3_${i + 1}`)), ...products.map((_, i) => q(`QID4_${i + 1}`))];
    // Ranks as a respondent gives them: a permutation of 1–4 over the four features.
    const orders = [[1, 2, 3, 4], [2, 1, 4, 3], [4, 3, 2, 1], [1, 3, 2, 4], [3, 1, 4, 2]];
    const rows = Array.from({ length: 30 }, (_, i) => ['2025-05-01 10:00:00', '1', `R_${i}`, String(1 + (i % 5)), ...products.map((_, p) => String((i * 37 + p * 11) % 101)), ...orders[i % 5].map(String), ...products.map(() => String(1 + (i % 3)))]);
    const csv = [header, texts, imports, ...rows].map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\n') + '\n';
    const dir = tempDir();
    writeFileSync(path.join(dir, 'export.csv'), csv);
    const { code, stderr } = await runCli(['init', '--raw', path.join(dir, 'export.csv'), '--out', dir]);
    expect(code, stderr).toBe(0);
    const spec = parseYaml(readFileSync(path.join(dir, 'survey.yaml'), 'utf8'));
    expect(Object.entries(spec.questions as Record<string, { text: string; kind: string; rows?: { label: string }[] }>).map(([id, x]) => [id, x.kind, x.text])).toEqual([
      ['Q1', 'single', 'How satisfied are you?'],
      ...products.map((p, i) => [`Q2_${i + 1}`, 'numeric', `How likely are you to recommend each? — ${p}`]),
      ['Q3', 'ranking', 'Please rank these features'],
      // Levels 1–3 given equally often, but one respondent gives one level to several rows: a grid.
      ['Q4', 'grid', 'How important is each?'],
    ]);
    expect(spec.questions.Q3.rows.map((r: { label: string }) => r.label)).toEqual(features);
    // Codes 1–5 whose labels the export does not hold: kept in their order, not sorted by share.
    expect(spec.questions.Q1.ordered).toBe(true);
    expect(stderr).toMatch(/Q2: numbers entered in each row .* drafted as 3 numeric questions/);
    const out = path.join(dir, 'aggregates.json');
    const agg = await runCli(['aggregate', '--spec', path.join(dir, 'survey.yaml'), '--out', out]);
    expect(agg.code, agg.stderr).toBe(0);
    const aggregates = JSON.parse(readFileSync(out, 'utf8'));
    expect(aggregates.questions.Q1.ordinal).toBe(true);
    const values = rows.map((r) => Number(r[4]));
    expect(aggregates.questions.Q2_1.numeric).toMatchObject({ min: Math.min(...values), max: Math.max(...values) });
    expect(aggregates.questions.Q2_1.numeric.mean).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 9);
    // Ranked first: the share of respondents who gave the feature rank 1.
    features.forEach((f, i) => {
      const item = aggregates.questions.Q3.ranking.items.find((it: { label: string }) => it.label === f);
      expect(item.firstShare, f).toBeCloseTo(rows.filter((r) => r[7 + i] === '1').length / rows.length, 9);
    });
  });

  it('init drafts "Question [Row]" columns of numbers entered as a numeric question per row, matched by each header (tidy)', async () => {
    const header = ['Timestamp', 'Hours a week on each [Coding]', 'Hours a week on each [Meetings]', 'Hours a week on each [Reviews]'];
    const rows = Array.from({ length: 20 }, (_, i) => [`2025-01-${String(1 + i).padStart(2, '0')} 10:00`, String((i * 7) % 40), String((i * 3) % 25 + 0.5), String(i % 15)]);
    const dir = tempDir();
    writeFileSync(path.join(dir, 'hours.csv'), [header, ...rows].map((r) => r.join(',')).join('\n') + '\n');
    const { code, stderr } = await runCli(['init', '--raw', path.join(dir, 'hours.csv'), '--out', dir]);
    expect(code, stderr).toBe(0);
    const spec = parseYaml(readFileSync(path.join(dir, 'survey.yaml'), 'utf8'));
    expect(Object.values(spec.questions as Record<string, { text: string; kind: string; column: string }>).map((x) => [x.kind, x.text, x.column])).toEqual([
      ['numeric', 'Hours a week on each — Coding', 'Hours a week on each [Coding]'],
      ['numeric', 'Hours a week on each — Meetings', 'Hours a week on each [Meetings]'],
      ['numeric', 'Hours a week on each — Reviews', 'Hours a week on each [Reviews]'],
    ]);
    const out = path.join(dir, 'aggregates.json');
    const agg = await runCli(['aggregate', '--spec', path.join(dir, 'survey.yaml'), '--out', out]);
    expect(agg.code, agg.stderr).toBe(0);
    const numeric = Object.values(JSON.parse(readFileSync(out, 'utf8')).questions as Record<string, { numeric: { max: number } }>).map((x) => x.numeric.max);
    expect(numeric).toEqual([1, 2, 3].map((c) => Math.max(...rows.map((r) => Number(r[c])))));
  });

  it('init reads an export in the encoding --encoding names, drafts it as input.encoding, and says how when a file is not UTF-8', async () => {
    const header = ['Horodateur', 'Quel est votre rôle ?'];
    const rows = Array.from({ length: 12 }, (_, i) => [`2025-01-${String(i + 1).padStart(2, '0')} 10:00`, ['Développeur', 'Ingénieure', 'Chef de projet'][i % 3]]);
    const dir = tempDir();
    // Excel's "CSV" on Windows in France: windows-1252, ";" between cells.
    writeFileSync(path.join(dir, 'ansi.csv'), Buffer.from([header, ...rows].map((r) => r.join(';')).join('\r\n') + '\r\n', 'latin1'));
    const refused = await runCli(['init', '--raw', path.join(dir, 'ansi.csv'), '--out', dir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Invalid UTF-8 .*--encoding windows-1252/);
    expect(existsSync(path.join(dir, 'survey.yaml'))).toBe(false);
    const bad = await runCli(['init', '--raw', path.join(dir, 'ansi.csv'), '--out', dir, '--encoding', 'latin-9000']);
    expect(bad.code).toBe(2);
    const { code, stderr } = await runCli(['init', '--raw', path.join(dir, 'ansi.csv'), '--out', dir, '--encoding', 'windows-1252']);
    expect(code, stderr).toBe(0);
    const spec = parseYaml(readFileSync(path.join(dir, 'survey.yaml'), 'utf8'));
    expect(spec.input).toMatchObject({ encoding: 'windows-1252', delimiter: ';' });
    const role = Object.values(spec.questions as Record<string, { text: string; options: { label: string }[] }>)[0];
    expect([role.text, role.options.map((o) => o.label).sort()]).toEqual(['Quel est votre rôle ?', ['Chef de projet', 'Développeur', 'Ingénieure']]);
    const out = path.join(dir, 'aggregates.json');
    const agg = await runCli(['aggregate', '--spec', path.join(dir, 'survey.yaml'), '--out', out]);
    expect(agg.code, agg.stderr).toBe(0);
    const counted = Object.values(JSON.parse(readFileSync(out, 'utf8')).questions as Record<string, { options: { label: string; count: number }[] }>)[0];
    expect(counted.options.find((o) => o.label === 'Développeur')!.count).toBe(4);
  });

  it('init on a REDCap raw export: `field___code` boxes of 1/0 are one multi-select read by column, its status 0 a filter, and the export of labels advised', async () => {
    const header = ['record_id', 'redcap_survey_identifier', 'survey_timestamp', 'years', 'tools___1', 'tools___2', 'tools___99', 'survey_complete'];
    const rows = Array.from({ length: 30 }, (_, i) => [String(i + 1), '', `2025-04-${String(1 + (i % 28)).padStart(2, '0')} 10:15`, String(i % 25), String(i % 2), String((i >> 1) % 2), i % 7 === 0 ? '1' : '0', i % 9 === 4 ? '0' : '2']);
    const dir = tempDir();
    writeFileSync(path.join(dir, 'raw.csv'), [header, ...rows].map((r) => r.join(',')).join('\n') + '\n');
    const { code, stderr } = await runCli(['init', '--raw', path.join(dir, 'raw.csv'), '--out', dir]);
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/a REDCap raw export .*CSV \(labels\)/);
    const text = readFileSync(path.join(dir, 'survey.yaml'), 'utf8');
    const spec = parseYaml(text);
    expect(text).toMatch(/# metadata columns: "record_id", "redcap_survey_identifier", "survey_timestamp", "survey_complete"/);
    expect(spec.filters[0].removeIf).toEqual([{ column: 'survey_complete', values: ['0'] }]);
    expect(spec.questions.q4).toMatchObject({ kind: 'multi', options: [{ code: '1', column: 'tools___1' }, { code: '2', column: 'tools___2' }, { code: '99', column: 'tools___99' }] });
    // A person writes the labels; the boxes are still read by their columns.
    writeFileSync(path.join(dir, 'survey.yaml'), text.replace('label: "1", column', 'label: "Git", column').replace('label: "99", column', 'label: "Other tool", column'));
    const out = path.join(dir, 'aggregates.json');
    const agg = await runCli(['aggregate', '--spec', path.join(dir, 'survey.yaml'), '--out', out]);
    expect(agg.code, agg.stderr).toBe(0);
    const kept = rows.filter((r) => r[7] === '2');
    const tools = JSON.parse(readFileSync(out, 'utf8')).questions.q4;
    expect(tools.options.map((o: { label: string; count: number }) => [o.label, o.count]).sort()).toEqual(
      [['Git', kept.filter((r) => r[4] === '1').length], ['2', kept.filter((r) => r[5] === '1').length], ['Other tool', kept.filter((r) => r[6] === '1').length]].sort(),
    );
  });

  it('init and aggregate read a LimeSurvey ranking: a column per place ("[Ranking 1]") holding the item ranked there; an item ranked twice is named', async () => {
    const items = ['Speed', 'Price', 'Support', 'Docs'];
    const orders = [[0, 1, 2, 3], [1, 0, 3, 2], [0, 2, 1, 3], [2, 0, 1, 3], [0, 1, 3, 2]];
    const header = ['Response ID', 'Date submitted', ...items.map((_, k) => `Rank these features [Ranking ${k + 1}]`), 'Your role'];
    // Some respondents rank only their first two.
    const rows = Array.from({ length: 30 }, (_, i) => [String(i + 1), '2025-03-01 10:00:00', ...orders[i % 5].map((k, place) => (i % 6 === 5 && place > 1 ? '' : items[k])), ['Dev', 'Ops'][i % 2]]);
    const dir = tempDir();
    const csv = (r: string[][]) => [header, ...r].map((x) => x.map((c) => `"${c}"`).join(',')).join('\n') + '\n';
    writeFileSync(path.join(dir, 'lime.csv'), csv(rows));
    const { code, stderr } = await runCli(['init', '--raw', path.join(dir, 'lime.csv'), '--out', dir]);
    expect(code, stderr).toBe(0);
    const spec = parseYaml(readFileSync(path.join(dir, 'survey.yaml'), 'utf8'));
    const ranking = Object.values(spec.questions as Record<string, { kind: string; column: string; rows?: { label: string }[] }>)[0];
    expect(ranking).toMatchObject({ kind: 'ranking', column: 'Rank these features' });
    // Listed by mean place: Speed (1.4), Price, Support, Docs.
    expect(ranking.rows!.map((r) => r.label)).toEqual(['Speed', 'Price', 'Support', 'Docs']);
    const out = path.join(dir, 'aggregates.json');
    const agg = await runCli(['aggregate', '--spec', path.join(dir, 'survey.yaml'), '--out', out]);
    expect(agg.code, agg.stderr).toBe(0);
    const q = Object.values(JSON.parse(readFileSync(out, 'utf8')).questions as Record<string, { ranking?: { items: { label: string; firstShare: number }[] } }>).find((x) => x.ranking)!;
    items.forEach((item, k) => expect(q.ranking!.items.find((it) => it.label === item)!.firstShare, item).toBeCloseTo(rows.filter((r) => r[2] === items[k]).length / rows.length, 9));
    // One respondent ranks Speed first and third: an error naming the cell, never a silent overwrite.
    const twice = rows.map((r, i) => (i === 0 ? [r[0], r[1], 'Speed', 'Price', 'Speed', 'Docs', r[6]] : r));
    writeFileSync(path.join(dir, 'lime.csv'), csv(twice));
    const bad = await runCli(['aggregate', '--spec', path.join(dir, 'survey.yaml'), '--out', out]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/lime\.csv:2:5: error UNKNOWN_OPTION_CODE: `Speed` in column E is ranked a second time/);
  });

  it('init on a Jotform export: answers on lines of their own are a multi-select, "Mar 18, 2025" a date, the submission id the respondent id and a name never', async () => {
    // One chosen answer per line (some lines ended "\r\n"), a label with a comma; a comment of two
    // paragraphs is no list (its lines recur nowhere else).
    const tools = ['Git, GitHub', 'Jira', 'Confluence', 'Slack'];
    const header = ['Submission Date', 'Full Name', 'E-mail', 'Which tools do you use?', 'Anything else?', 'Submission ID'];
    const rows = Array.from({ length: 30 }, (_, i) => {
      const ticked = tools.filter((_, t) => ((i + 1) >> t) & 1);
      return [`Mar ${1 + (i % 28)}, 2025`, `Person ${i % 29}`, `p${i}@example.org`, ticked.join(i % 3 ? '\n' : '\r\n'), i % 4 ? '' : `Thanks ${i}.\nSecond paragraph ${i}.`, String(5800000000 + i)];
    });
    const dir = tempDir();
    writeFileSync(path.join(dir, 'jotform.csv'), [header, ...rows].map((r) => r.map((c) => `"${c}"`).join(',')).join('\r\n') + '\r\n');
    const { code, stderr } = await runCli(['init', '--raw', path.join(dir, 'jotform.csv'), '--out', dir]);
    expect(code, stderr).toBe(0);
    const text = readFileSync(path.join(dir, 'survey.yaml'), 'utf8');
    const spec = parseYaml(text);
    expect(spec.input.separator).toBe('\n');
    expect(spec.input.columns).toEqual({ respondentId: 'Submission ID', started: 'Submission Date' });
    expect(stderr).toMatch(/fieldwork dates from `Submission Date` \(named so\)/);
    expect(stderr).toMatch(/options split on line breaks/);
    const questions = Object.values(spec.questions as Record<string, { column: string; kind: string; options?: { label: string }[] }>);
    expect(questions.map((q) => [q.column, q.kind])).toEqual([
      ['Which tools do you use?', 'multi'],
      ['Anything else?', 'text'],
    ]);
    expect(questions[0].options!.map((o) => o.label).sort()).toEqual([...tools].sort());
    const out = path.join(dir, 'aggregates.json');
    const agg = await runCli(['aggregate', '--spec', path.join(dir, 'survey.yaml'), '--out', out]);
    expect(agg.code, agg.stderr).toBe(0);
    const aggregates = JSON.parse(readFileSync(out, 'utf8'));
    expect(aggregates.survey).toMatchObject({ fieldedFrom: '2025-03-01', fieldedTo: '2025-03-28' });
    const used = Object.values(aggregates.questions as Record<string, { kind: string; options: { label: string; count: number }[] }>).find((q) => q.kind === 'multi')!;
    tools.forEach((t) => expect(used.options.find((o) => o.label === t)!.count).toBe(rows.filter((r) => r[3].split(/\r?\n/).includes(t)).length));
  });

  it('init on a Typeform export: columns headed by their answers are one multi-select, "Email" among them, "Other" ticked by what was typed', async () => {
    // Typeform writes a "select several" question as a column per choice, headed by the choice and
    // holding it when chosen, then an "Other" column of typed words; the question's wording is nowhere.
    const tools = ['Slack', 'Microsoft Teams', 'Email'];
    const header = ['#', 'What is your role?', ...tools, 'Other', 'Response Type', 'Start Date (UTC)', 'Submit Date (UTC)', 'Network ID'];
    const rows = Array.from({ length: 24 }, (_, i) => {
      const ticked = tools.filter((_, t) => ((i + 1) >> t) & 1);
      const day = `2025-06-${String(1 + (i % 28)).padStart(2, '0')} 10:00:00`;
      return [`r${i}`, ['Manager', 'Engineer'][i % 2], ...tools.map((t) => (ticked.includes(t) ? t : '')), i % 5 === 0 ? `Pigeon ${i}` : '', 'completed', day, day, `n${i}`];
    });
    const dir = tempDir();
    writeFileSync(path.join(dir, 'typeform.csv'), [header, ...rows].map((r) => r.join(',')).join('\n') + '\n');
    const { code, stderr } = await runCli(['init', '--raw', path.join(dir, 'typeform.csv'), '--out', dir]);
    expect(code, stderr).toBe(0);
    const text = readFileSync(path.join(dir, 'survey.yaml'), 'utf8');
    const spec = parseYaml(text);
    expect(text).toMatch(/# metadata columns: "#", "Response Type", "Start Date \(UTC\)", "Submit Date \(UTC\)", "Network ID"/);
    const questions = Object.values(spec.questions as Record<string, { text: string; column?: string; kind: string; options?: { code: string; label: string; column?: string }[]; nonAnswers?: Record<string, string[]> }>);
    expect(questions.map((q) => [q.column, q.kind])).toEqual([
      ['What is your role?', 'single'],
      [undefined, 'multi'],
    ]);
    const used = questions[1];
    expect(used.text).toBe('TODO wording of the question answered Slack, Microsoft Teams, Email');
    expect(used.options).toEqual([...tools, 'Other'].map((label, i) => ({ code: String(i + 1), label, column: label })));
    expect(used.nonAnswers).toEqual({ other: ['4'] });
    expect(stderr).toMatch(/columns headed by their answers \(“Slack”, “Microsoft Teams”, “Email”, and “Other” where it was typed\) read as one multi-select: write its wording/);
    const out = path.join(dir, 'aggregates.json');
    const agg = await runCli(['aggregate', '--spec', path.join(dir, 'survey.yaml'), '--out', out]);
    expect(agg.code, agg.stderr).toBe(0);
    expect(agg.stderr).toMatch(/DRAFT_PLACEHOLDER: .*questions\.q2\.text \("TODO wording of the question answered Slack, Microsoft Teams, Email"\)/);
    const q = JSON.parse(readFileSync(out, 'utf8')).questions.q2 as { base: { n: number }; options: { label: string; count: number }[] };
    expect(q.base.n).toBe(rows.filter((r) => r.slice(2, 6).some((c) => c !== '')).length);
    tools.forEach((t, i) => expect(q.options.find((o) => o.label === t)!.count).toBe(rows.filter((r) => r[2 + i] === t).length));
    expect(q.options.find((o) => o.label === 'Other')!.count).toBe(rows.filter((r) => r[5] !== '').length);
  });

  it('init on an Alchemer export: "Option:Question" boxes a multi-select, "Row:Question" a grid, its own columns metadata, Partial a filter', async () => {
    // Alchemer (SurveyGizmo) heads a checkbox's boxes "Option:Question" (each holding its option when
    // ticked), the words typed for Other "Other - Write In:Question", and a grid's rows "Row:Question";
    // its own columns (Status, Language, Referer, SessionID, the GeoIP country and city…) lead the file.
    const own = ['Response ID', 'Time Started', 'Date Submitted', 'Status', 'Contact ID', 'Legacy Comments', 'Comments', 'Language', 'Referer', 'SessionID', 'User Agent', 'Tags', 'IP Address', 'Longitude', 'Latitude', 'Country', 'City', 'State/Region', 'Postal'];
    const fruit = 'Which fruits do you buy each week?';
    const fruits = ['Apples', 'Bananas', 'Cherries'];
    const grid = 'How satisfied are you with each of the following?';
    const aspects = ['Price', 'Quality', 'Delivery speed'];
    const scale = ['Very dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied'];
    const heard = 'How did you hear about us?';
    const header = [...own, heard, `Other - Write In:${heard}`, ...fruits.map((f) => `${f}:${fruit}`), `Other - Write In:${fruit}`, ...aspects.map((a) => `${a}:${grid}`), 'Section B: Your age', 'Section B: Your team'];
    const rows = Array.from({ length: 30 }, (_, i) => {
      const day = `2025-03-${String(1 + (i % 20)).padStart(2, '0')} 10:00:00`;
      const meta = [String(1000 + i), day, day, i % 10 === 3 ? 'Partial' : i === 7 ? 'Disqualified' : 'Complete', '', '', '', 'English', 'https://example.com', `s${i}`, 'Mozilla', '', `10.0.0.${i}`, '52.5', '13.4', ['Germany', 'France'][i % 2], ['Berlin', 'Paris'][i % 2], 'BE', '10115'];
      const ticked = fruits.map((f, k) => (((i + 1) >> k) & 1 ? f : ''));
      const source = ['Friend', 'Search engine', 'Other - Write In'][i % 3];
      return [...meta, source, source === 'Other - Write In' ? `A podcast ${i}` : '', ...ticked, i % 4 === 0 ? `Typed fruit ${i}` : '', ...aspects.map((_, k) => scale[(i + k) % 5]), ['18-34', '35-54', '55+'][i % 3], ['Sales', 'Support', 'Engineering', 'Finance'][i % 4]];
    });
    const dir = tempDir();
    const csv = (r: string[]) => r.map((c) => `"${c}"`).join(',');
    writeFileSync(path.join(dir, 'alchemer.csv'), [header, ...rows].map(csv).join('\n') + '\n');
    const { code, stderr } = await runCli(['init', '--raw', path.join(dir, 'alchemer.csv'), '--out', dir]);
    expect(code, stderr).toBe(0);
    const text = readFileSync(path.join(dir, 'survey.yaml'), 'utf8');
    const spec = parseYaml(text);
    expect(text).toContain(`# metadata columns: ${own.map((c) => JSON.stringify(c)).join(', ')}`);
    expect(spec.filters).toEqual([
      { name: 'unfinished', why: 'partial responses; delete this rule to count them (Status Partial)', removeIf: [{ column: 'Status', values: ['Partial'] }] },
      { name: 'disqualified', why: 'responses screened out or marked as tests (Status Disqualified)', removeIf: [{ column: 'Status', values: ['Disqualified'] }] },
    ]);
    type Q = { text: string; column?: string; kind: string; rows?: { label: string }[]; options?: { label: string }[]; otherText?: boolean };
    const questions = Object.values(spec.questions as Record<string, Q>);
    // A heading over questions of their own ("Section B:") is no grid: their answers share no scale.
    // A single choice's "Other - Write In:Question" is the words typed for its Other, no question of its own.
    expect(questions.map((q) => [q.column, q.kind])).toEqual([
      [heard, 'single'],
      [fruit, 'multi'],
      [grid, 'grid'],
      ['Section B: Your age', 'single'],
      ['Section B: Your team', 'single'],
    ]);
    expect(questions[0].otherText).toBe(true);
    expect(questions[1].options!.map((o) => o.label)).toEqual(fruits);
    expect(questions[1].otherText).toBe(true);
    expect(questions[2].rows!.map((r) => r.label)).toEqual(aspects);
    expect(questions[2].options!.map((o) => o.label)).toEqual(scale);
    const out = path.join(dir, 'aggregates.json');
    const agg = await runCli(['aggregate', '--spec', path.join(dir, 'survey.yaml'), '--out', out]);
    expect(agg.code, agg.stderr).toBe(0);
    const kept = rows.filter((r) => r[3] === 'Complete');
    expect(agg.stderr).toContain(`${rows.length} rows read, 3 removed by unfinished, 1 removed by disqualified, ${kept.length} respondents kept`);
    const result = JSON.parse(readFileSync(out, 'utf8')).questions as Record<string, { base: { n: number }; options: { code: string; label: string; count: number }[]; rows?: { label: string; counts?: unknown }[] }>;
    const col = (name: string) => header.indexOf(name);
    const ids = Object.fromEntries(Object.entries(spec.questions as Record<string, Q>).map(([id, q]) => [q.column, id]));
    const bought = result[ids[fruit]];
    // Those who chose Other, its words typed beside it: counted once, as Other.
    expect(Object.fromEntries(result[ids[heard]].options.filter((o) => o.code !== 'other').map((o) => [o.label, o.count]))).toEqual({
      Friend: kept.filter((r) => r[col(heard)] === 'Friend').length,
      'Search engine': kept.filter((r) => r[col(heard)] === 'Search engine').length,
      'Other - Write In': kept.filter((r) => r[col(heard)] === 'Other - Write In').length,
    });
    expect(bought.base.n).toBe(kept.filter((r) => fruits.some((f) => r[col(`${f}:${fruit}`)] !== '') || r[col(`Other - Write In:${fruit}`)] !== '').length);
    fruits.forEach((f) => expect(bought.options.find((o) => o.label === f)!.count).toBe(kept.filter((r) => r[col(`${f}:${fruit}`)] === f).length));
    expect(bought.options.find((o) => o.code === 'other')!.count).toBe(kept.filter((r) => r[col(`Other - Write In:${fruit}`)] !== '').length);
    const gridId = Object.entries(spec.questions as Record<string, Q>).find(([, q]) => q.column === grid)![0];
    expect(result[gridId].base.n).toBe(kept.length);
  });

  it('init keeps ":" headers that share a side but hold dates as metadata, not as a grid ("Start time: UTC", "End time: UTC")', async () => {
    const dir = tempDir();
    const rows = [['Start time: UTC', 'End time: UTC', 'What is your role?'], ...Array.from({ length: 20 }, (_, i) => [`2025-04-${String(1 + (i % 5)).padStart(2, '0')}`, `2025-04-${String(1 + (i % 5)).padStart(2, '0')}`, ['Engineer', 'Manager'][i % 2]])];
    writeFileSync(path.join(dir, 'utc.csv'), rows.map((r) => r.join(',')).join('\n') + '\n');
    const { code, stderr } = await runCli(['init', '--raw', path.join(dir, 'utc.csv'), '--out', dir]);
    expect(code, stderr).toBe(0);
    const spec = parseYaml(readFileSync(path.join(dir, 'survey.yaml'), 'utf8'));
    expect(spec.input.columns).toMatchObject({ started: 'Start time: UTC', ended: 'End time: UTC' });
    expect(Object.values(spec.questions as Record<string, { column: string }>).map((q) => q.column)).toEqual(['What is your role?']);
  });

  it('init reads a tail of answers each given once, beside answers given often, as typed beside "Other" (Google Forms)', async () => {
    // Google Forms writes the words typed beside "Other" in place of an answer, single or joined.
    const hosts = ['GitHub', 'GitLab', 'Bitbucket'];
    const langs = ['Python', 'Go', 'Rust'];
    const rows = Array.from({ length: 60 }, (_, i) => {
      const host = i % 10 === 9 ? `Our own server ${i}` : hosts[i % 3];
      const used = [...langs.filter((_, t) => ((i + 1) >> t) & 1), ...(i % 12 === 5 ? [`Dialect ${i}`] : [])];
      return [`2025-03-${String(1 + (i % 28)).padStart(2, '0')} 10:00:00`, host, used.join(', ') || 'Python'];
    });
    const dir = tempDir();
    writeFileSync(path.join(dir, 'form.csv'), [['Timestamp', 'Where is your code hosted?', 'Which languages do you use?'], ...rows].map((r) => r.map((c) => `"${c}"`).join(',')).join('\n') + '\n');
    const { code, stderr } = await runCli(['init', '--raw', path.join(dir, 'form.csv'), '--out', dir]);
    expect(code, stderr).toBe(0);
    const spec = parseYaml(readFileSync(path.join(dir, 'survey.yaml'), 'utf8'));
    const questions = Object.values(spec.questions as Record<string, { kind: string; options: { label: string }[]; otherText?: boolean }>);
    expect(questions.map((q) => [q.kind, q.options.map((o) => o.label).sort(), q.otherText])).toEqual([
      ['single', [...hosts].sort(), true],
      ['multi', [...langs].sort(), true],
    ]);
    expect(stderr).toMatch(/q1: 6 answers given once each \(“Our own server 9”, “Our own server 19”, “Our own server 29”, …\) read as typed beside “Other”/);
    const out = path.join(dir, 'aggregates.json');
    const agg = await runCli(['aggregate', '--spec', path.join(dir, 'survey.yaml'), '--out', out]);
    expect(agg.code, agg.stderr).toBe(0);
    const host = JSON.parse(readFileSync(out, 'utf8')).questions.q1 as { options: { label: string; count: number }[] };
    expect(host.options.find((o) => o.label === 'Other')!.count).toBe(rows.filter((r) => r[1].startsWith('Our own')).length);
    // Answers given once that are no tail (a small sample, or fewer once than often) stay options.
    writeFileSync(path.join(dir, 'small.csv'), ['Timestamp,Where is your code hosted?', ...rows.slice(0, 12).map((r) => `${r[0]},${r[1]}`)].join('\n') + '\n');
    await runCli(['init', '--raw', path.join(dir, 'small.csv'), '--out', path.join(dir, 'small')]);
    const small = parseYaml(readFileSync(path.join(dir, 'small', 'survey.yaml'), 'utf8'));
    expect(Object.values(small.questions as Record<string, { options: { label: string }[]; otherText?: boolean }>)[0]).toMatchObject({ options: expect.arrayContaining([{ code: expect.any(String), label: 'Our own server 9' }]) });
  });

  it('init refuses, writing nothing, a draft past the size a survey spec is read with (a 40,000-column dump)', async () => {
    const dir = tempDir();
    const n = 40_000;
    writeFileSync(path.join(dir, 'dump.csv'), [Array.from({ length: n }, (_, i) => `Measure ${i}`).join(','), Array.from({ length: n }, (_, i) => String(i % 7)).join(',')].join('\n') + '\n');
    const { code, stderr } = await runCli(['init', '--raw', path.join(dir, 'dump.csv'), '--out', path.join(dir, 'spec')]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/error INPUT_TOO_LARGE: The draft spec of .*dump\.csv would be \d+\.\d MiB \(\d+ questions\), past the 4 MiB a survey spec is read with/);
    expect(existsSync(path.join(dir, 'spec', 'survey.yaml'))).toBe(false);
  });

  it('init drafts a column of cells longer than any label as open text, never as options', async () => {
    // Three respondents, two long answers (pasted documents): as options they would be labels past
    // INPUT_LIMITS.labelChars, which every later stage refuses.
    const long = (c: string) => c.repeat(12_000);
    const dir = tempDir();
    writeFileSync(path.join(dir, 'export.csv'), ['Timestamp,Which plan?,Tell us more', `2025-02-01 10:00,Basic,${long('a')}`, `2025-02-02 10:00,Pro,${long('b')}`, '2025-02-03 10:00,Basic,short'].join('\n') + '\n');
    const { code, stderr } = await runCli(['init', '--raw', path.join(dir, 'export.csv'), '--out', dir]);
    expect(code, stderr).toBe(0);
    const text = readFileSync(path.join(dir, 'survey.yaml'), 'utf8');
    expect(text.length).toBeLessThan(5_000);
    const questions = Object.values(parseYaml(text).questions as Record<string, { column: string; kind: string }>);
    expect(questions.map((q) => [q.column, q.kind])).toEqual([
      ['Which plan?', 'single'],
      ['Tell us more', 'text'],
    ]);
    expect(text).toMatch(/kind: text {2}# CONFIRM: answers longer than 10,000 characters/);
  });

  it('init orders Japanese and Chinese scales and reads their non-answers ("わからない", "其他", "特になし")', async () => {
    const scale = ['非常に不満', '不満', 'どちらでもない', '満足', '非常に満足'];
    const agree = ['非常不同意', '不同意', '中立', '同意', '非常同意'];
    const header = ['タイムスタンプ', '満足度を教えてください', '同意程度', '利用しているツール'];
    const rows = Array.from({ length: 40 }, (_, i) => [
      `2025/04/${String(1 + (i % 28)).padStart(2, '0')} 10:00:00`,
      i % 9 === 0 ? 'わからない' : scale[(i * 3) % 5],
      agree[(i * 2) % 5],
      ['Slack', 'メール', 'その他', '特になし'][i % 4],
    ]);
    const dir = tempDir();
    writeFileSync(path.join(dir, 'jp.csv'), [header, ...rows].map((r) => r.join(',')).join('\n') + '\n');
    const { code, stderr } = await runCli(['init', '--raw', path.join(dir, 'jp.csv'), '--out', dir]);
    expect(code, stderr).toBe(0);
    type Q = { column: string; options: { code: string; label: string }[]; scale?: { polarity: string; neutral?: string }; nonAnswers?: Record<string, string[]> };
    const questions = Object.values(parseYaml(readFileSync(path.join(dir, 'survey.yaml'), 'utf8')).questions as Record<string, Q>);
    const labels = (q: Q) => q.options.map((o) => o.label);
    const codeOf = (q: Q, label: string) => q.options.find((o) => o.label === label)!.code;
    expect(labels(questions[0])).toEqual([...scale, 'わからない']);
    expect(questions[0].scale).toEqual({ polarity: 'ascending', neutral: '3' });
    expect(questions[0].nonAnswers).toEqual({ dontKnow: [codeOf(questions[0], 'わからない')] });
    expect(labels(questions[1])).toEqual(agree);
    expect(questions[2].nonAnswers).toEqual({ other: [codeOf(questions[2], 'その他')], none: [codeOf(questions[2], '特になし')] });
  });

  it('init reads a Korean export: Google Forms\' "2025. 4. 12 오전 10:00:00" timestamps, its scales in order, "모름", "기타" and "응답하고 싶지 않음" as non-answers', async () => {
    const scale = ['매우 불만족', '불만족', '보통', '만족', '매우 만족'];
    const header = ['타임스탬프', '서비스에 얼마나 만족하십니까?', '성별'];
    const rows = Array.from({ length: 40 }, (_, i) => [`2025. 4. ${1 + (i % 28)} 오전 10:00:00`, i % 9 === 0 ? '모름' : scale[(i * 3) % 5], ['남성', '여성', '기타', '응답하고 싶지 않음'][i % 4]]);
    const dir = tempDir();
    writeFileSync(path.join(dir, 'ko.csv'), [header, ...rows].map((r) => r.join(',')).join('\n') + '\n');
    const { code, stderr } = await runCli(['init', '--raw', path.join(dir, 'ko.csv'), '--out', dir]);
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/Guessed 2 questions .*fieldwork 2025-04-01 to 2025-04-28/);
    type Q = { column: string; options: { code: string; label: string }[]; scale?: { polarity: string; neutral?: string }; nonAnswers?: Record<string, string[]> };
    const spec = parseYaml(readFileSync(path.join(dir, 'survey.yaml'), 'utf8'));
    expect(spec.input.columns.started).toBe('타임스탬프');
    const [satisfied, gender] = Object.values(spec.questions as Record<string, Q>);
    const codeOf = (q: Q, label: string) => q.options.find((o) => o.label === label)!.code;
    expect(satisfied.options.map((o) => o.label)).toEqual([...scale, '모름']);
    expect(satisfied.scale).toEqual({ polarity: 'ascending', neutral: '3' });
    expect(satisfied.nonAnswers).toEqual({ dontKnow: [codeOf(satisfied, '모름')] });
    expect(gender.nonAnswers).toEqual({ noAnswer: [codeOf(gender, '응답하고 싶지 않음')], other: [codeOf(gender, '기타')] });
  });

  it('init reads numbers beside non-answers ("N/A", "Don\'t know") as a rating scale or an NPS, the words options after the numbers, out of the base', async () => {
    const header = ['Timestamp', 'How likely are you to recommend us to a friend?', 'Rate our docs (1-5)'];
    const rows = Array.from({ length: 44 }, (_, i) => [`2025/03/${String(1 + (i % 28)).padStart(2, '0')} 10:00:00`, i % 11 === 3 ? 'N/A' : String(i % 11), i % 6 === 5 ? "Don't know" : String(1 + (i % 5))]);
    const dir = tempDir();
    writeFileSync(path.join(dir, 'export.csv'), [header, ...rows].map((r) => r.join(',')).join('\n') + '\n');
    const { code, stderr } = await runCli(['init', '--raw', path.join(dir, 'export.csv'), '--out', dir]);
    expect(code, stderr).toBe(0);
    type Q = { kind: string; options: { code: string; label: string }[]; scale?: unknown; nonAnswers?: Record<string, string[]> };
    const [recommend, docs] = Object.values(parseYaml(readFileSync(path.join(dir, 'survey.yaml'), 'utf8')).questions as Record<string, Q>);
    expect(recommend.kind).toBe('nps');
    expect(recommend.options.map((o) => o.label)).toEqual(['0', '1', '2', '4', '5', '6', '7', '8', '9', '10', 'N/A']);
    expect(recommend.nonAnswers).toEqual({ noAnswer: ['11'] });
    expect(docs).toMatchObject({ kind: 'single', scale: { polarity: 'ascending' }, nonAnswers: { dontKnow: ['6'] } });
    expect(docs.options.map((o) => o.label)).toEqual(['1', '2', '3', '4', '5', "Don't know"]);
    const agg = await runCli(['aggregate', '--spec', path.join(dir, 'survey.yaml'), '--out', path.join(dir, 'aggregates.json')]);
    expect(agg.code, agg.stderr).toBe(0);
    const counted = Object.values(JSON.parse(readFileSync(path.join(dir, 'aggregates.json'), 'utf8')).questions) as { base: { n: number; excluded?: { count: number } }; nps?: { promoters: { count: number } } }[];
    // 44 answered, 4 "N/A" out of the base; promoters: 9 and 10, four times each.
    expect(counted[0].base).toMatchObject({ n: 40, excluded: { count: 4 } });
    expect(counted[0].nps!.promoters.count).toBe(8);
  });

  it('init reads numbers entered beside "Prefer not to say" as a numeric question whose non-answer is that answer, out of the base', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => [`2025/03/${String(1 + (i % 28)).padStart(2, '0')} 10:00:00`, i % 10 === 9 ? 'Prefer not to say' : String(20 + i)]);
    const dir = tempDir();
    writeFileSync(path.join(dir, 'export.csv'), [['Timestamp', 'What is your age?'], ...rows].map((r) => r.join(',')).join('\n') + '\n');
    const { code, stderr } = await runCli(['init', '--raw', path.join(dir, 'export.csv'), '--out', dir]);
    expect(code, stderr).toBe(0);
    const [age] = Object.values(parseYaml(readFileSync(path.join(dir, 'survey.yaml'), 'utf8')).questions as Record<string, { kind: string; nonAnswers?: unknown }>);
    expect(age).toMatchObject({ kind: 'numeric', nonAnswers: { noAnswer: ['Prefer not to say'] } });
    expect(stderr).toContain('non-answers “Prefer not to say” guessed from their wording');
    const agg = await runCli(['aggregate', '--spec', path.join(dir, 'survey.yaml'), '--out', path.join(dir, 'aggregates.json')]);
    expect(agg.code, agg.stderr).toBe(0);
    const [counted] = Object.values(JSON.parse(readFileSync(path.join(dir, 'aggregates.json'), 'utf8')).questions) as { base: { n: number }; numeric: { max: number } }[];
    expect(counted.base.n).toBe(27);
    expect(counted.numeric.max).toBe(48);
  });

  it('init reads the first column as a question when it is one (a table made by hand), and as the ids when every value differs', async () => {
    const dir = tempDir();
    const regions = ['Europe', 'Asia', 'Americas'];
    const made = [['Which region are you in?', 'What is your role?'], ...Array.from({ length: 24 }, (_, i) => [regions[i % 3], ['Engineer', 'Manager'][i % 2]])];
    writeFileSync(path.join(dir, 'made.csv'), made.map((r) => r.join(',')).join('\n') + '\n');
    const a = await runCli(['init', '--raw', path.join(dir, 'made.csv'), '--out', path.join(dir, 'made')]);
    expect(a.code, a.stderr).toBe(0);
    const spec = parseYaml(readFileSync(path.join(dir, 'made', 'survey.yaml'), 'utf8'));
    const questions = Object.values(spec.questions as Record<string, { column: string; options: { label: string }[] }>);
    expect(questions.map((q) => q.column)).toEqual(['Which region are you in?', 'What is your role?']);
    expect(questions[0].options.map((o) => o.label).sort()).toEqual([...regions].sort());
    const ids = [['Respondent', 'What is your role?'], ...Array.from({ length: 24 }, (_, i) => [`R${i + 1}`, ['Engineer', 'Manager'][i % 2]])];
    writeFileSync(path.join(dir, 'ids.csv'), ids.map((r) => r.join(',')).join('\n') + '\n');
    const b = await runCli(['init', '--raw', path.join(dir, 'ids.csv'), '--out', path.join(dir, 'ids')]);
    expect(b.code, b.stderr).toBe(0);
    const idSpec = parseYaml(readFileSync(path.join(dir, 'ids', 'survey.yaml'), 'utf8'));
    expect(idSpec.input.columns.respondentId).toBe('Respondent');
    expect(Object.values(idSpec.questions as Record<string, { column: string }>).map((q) => q.column)).toEqual(['What is your role?']);
    // A grid may start in the first column too ("Rating: Price", "Rating: Quality").
    const scale = ['Poor', 'Fair', 'Good'];
    const grid = [['Rating: Price', 'Rating: Quality', 'Team'], ...Array.from({ length: 24 }, (_, i) => [scale[i % 3], scale[(i + 1) % 3], ['A', 'B'][i % 2]])];
    writeFileSync(path.join(dir, 'grid.csv'), grid.map((r) => r.join(',')).join('\n') + '\n');
    const c = await runCli(['init', '--raw', path.join(dir, 'grid.csv'), '--out', path.join(dir, 'grid')]);
    expect(c.code, c.stderr).toBe(0);
    const gridSpec = Object.values(parseYaml(readFileSync(path.join(dir, 'grid', 'survey.yaml'), 'utf8')).questions as Record<string, { column: string; kind: string; rows?: { label: string }[] }>);
    expect(gridSpec.map((q) => [q.column, q.kind])).toEqual([['Rating', 'grid'], ['Team', 'single']]);
    expect(gridSpec[0].rows!.map((r) => r.label)).toEqual(['Price', 'Quality']);
    // With no id and no dates the draft still aggregates (its `columns:` an empty map, not YAML's null).
    for (const name of ['made', 'grid']) {
      const agg = await runCli(['aggregate', '--spec', path.join(dir, name, 'survey.yaml'), '--input-dir', dir, '--out', path.join(dir, name, 'a.json')]);
      expect(agg.code, agg.stderr).toBe(0);
      expect(agg.stderr).toContain('24 respondents kept');
    }
  });

  it('init reads R\'s NA as no answer where the export writes it so, keeps a 0–10 scale that asks nothing of recommending out of NPS, and "NA" alone among words an answer', async () => {
    const dir = tempDir();
    const rows = [
      ['Id', 'Salary', 'How satisfied are you with your job?', 'How likely are you to recommend us to a friend?', 'Region'],
      ...Array.from({ length: 40 }, (_, i) => [String(i + 1), i % 5 === 0 ? 'NA' : String(30000 + i * 1731), i % 7 === 0 ? 'NA' : String(i % 11), i % 6 === 0 ? 'NA' : String((i * 3) % 11), ['NA', 'EMEA', 'APAC'][i % 3]]),
    ];
    writeFileSync(path.join(dir, 'r.csv'), rows.map((r) => r.join(',')).join('\n') + '\n');
    const { code, stderr } = await runCli(['init', '--raw', path.join(dir, 'r.csv'), '--out', dir]);
    expect(code, stderr).toBe(0);
    const spec = parseYaml(readFileSync(path.join(dir, 'survey.yaml'), 'utf8'));
    expect(spec.input.missing).toEqual(['NA']);
    expect(stderr).toMatch(/row\(s\) hold NA in answer columns \(the missing value R and pandas write\)/);
    const byColumn = Object.fromEntries(Object.values(spec.questions as Record<string, { column: string; kind: string; options?: { label: string }[] }>).map((q) => [q.column, q]));
    expect(byColumn.Salary.kind).toBe('numeric');
    expect(byColumn['How satisfied are you with your job?'].kind).toBe('single');
    expect(stderr).toContain('if it asks how likely one is to recommend, write kind: nps');
    expect(byColumn['How likely are you to recommend us to a friend?'].kind).toBe('nps');
    // `input.missing` reads every column so: the draft says it, for a person to weigh against "Region".
    const agg = await runCli(['aggregate', '--spec', path.join(dir, 'survey.yaml'), '--out', path.join(dir, 'a.json')]);
    expect(agg.code, agg.stderr).toBe(0);
    const salary = JSON.parse(readFileSync(path.join(dir, 'a.json'), 'utf8')).questions[Object.entries(spec.questions as Record<string, { column: string }>).find(([, q]) => q.column === 'Salary')![0]];
    expect(salary.base.n).toBe(rows.slice(1).filter((r) => r[1] !== 'NA').length);
    // Alone in one column of words, "NA" is an answer (North America): no marker drafted.
    const words = [['Region', 'Role'], ...Array.from({ length: 30 }, (_, i) => [['NA', 'EMEA', 'APAC'][i % 3], ['Engineer', 'Manager'][i % 2]])];
    writeFileSync(path.join(dir, 'words.csv'), words.map((r) => r.join(',')).join('\n') + '\n');
    const w = await runCli(['init', '--raw', path.join(dir, 'words.csv'), '--out', path.join(dir, 'w')]);
    expect(w.code, w.stderr).toBe(0);
    const ws = parseYaml(readFileSync(path.join(dir, 'w', 'survey.yaml'), 'utf8'));
    expect(ws.input.missing).toBeUndefined();
    expect(Object.values(ws.questions as Record<string, { options: { label: string }[] }>)[0].options.map((o) => o.label)).toContain('NA');
  });

  it('init drafts numbers entered with the range\'s ends in words as numeric, each end counted as a number (questions.<id>.numbers)', async () => {
    const dir = tempDir();
    const years = (i: number) => (i % 13 === 0 ? 'Less than 1 year' : i % 17 === 0 ? 'More than 50 years' : String(1 + (i % 30)));
    const rows = [['ResponseId', 'YearsCode'], ...Array.from({ length: 60 }, (_, i) => [String(i + 1), years(i)])];
    writeFileSync(path.join(dir, 'years.csv'), rows.map((r) => r.join(',')).join('\n') + '\n');
    const { code, stderr } = await runCli(['init', '--raw', path.join(dir, 'years.csv'), '--out', dir]);
    expect(code, stderr).toBe(0);
    const spec = parseYaml(readFileSync(path.join(dir, 'survey.yaml'), 'utf8'));
    const [id, q] = Object.entries(spec.questions as Record<string, { kind: string; numbers?: Record<string, number> }>)[0];
    expect(q.kind).toBe('numeric');
    expect(q.numbers).toEqual({ 'Less than 1 year': 0, 'More than 50 years': 51 });
    // A variable name for a header is said to be one: the slide titles need wording.
    expect(stderr).toContain(`${id}: headed by names, not wording (“YearsCode”): write each question's wording in \`text:\``);
    const out = path.join(dir, 'a.json');
    const agg = await runCli(['aggregate', '--spec', path.join(dir, 'survey.yaml'), '--out', out]);
    expect(agg.code, agg.stderr).toBe(0);
    const counted = rows.slice(1).map(([, v]) => (v === 'Less than 1 year' ? 0 : v === 'More than 50 years' ? 51 : Number(v)));
    const stats = JSON.parse(readFileSync(out, 'utf8')).questions[id].numeric as { mean: number; max: number; min: number; openEnds?: true };
    expect(stats.mean).toBeCloseTo(counted.reduce((a, b) => a + b, 0) / counted.length, 9);
    expect([stats.min, stats.max]).toEqual([0, 51]);
    // 0 and 51 stand in for words nobody wrote as numbers: marked, so no slide prints them as the answers' range.
    expect(stats.openEnds).toBe(true);
    // The last range holds "More than 50 years": open, "50+", not "50–59".
    expect(JSON.parse(readFileSync(out, 'utf8')).questions[id].options.at(-1).label).toBe('50+');
    // A word the spec gives no number is named, with where to give it one.
    writeFileSync(path.join(dir, 'years.csv'), [...rows, ['61', 'A long time']].map((r) => r.join(',')).join('\n') + '\n');
    const bad = await runCli(['aggregate', '--spec', path.join(dir, 'survey.yaml'), '--out', out]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`Expected a number for ${id}, got \`A long time\` (an answer in words: give it a number under questions.${id}.numbers, or, if it is no answer ("N/A"), list it under questions.${id}.nonAnswers)`);
  });

  it('init names a title row above a table made by hand, and writes no spec', async () => {
    const dir = tempDir();
    const table = [['Customer survey 2025', '', ''], ['', '', ''], ['Region', 'Role', 'Team size'], ...Array.from({ length: 10 }, (_, i) => [['Europe', 'Asia'][i % 2], 'Engineer', String(i + 3)])];
    writeFileSync(path.join(dir, 'titled.csv'), table.map((r) => r.join(',')).join('\n') + '\n');
    const { code, stderr } = await runCli(['init', '--raw', path.join(dir, 'titled.csv'), '--out', path.join(dir, 'out')]);
    expect(code).toBe(1);
    expect(stderr).toContain('WRONG_FORMAT: Row 1 holds one cell, “Customer survey 2025”, above a table whose header is row 3');
    expect(stderr).toContain('delete the 2 rows above the header row');
    expect(existsSync(path.join(dir, 'out', 'survey.yaml'))).toBe(false);
  });

  it('init drafts Spanish, French and German non-answers whose last letter is accented ("No lo sé", "Ningún")', async () => {
    const header = ['Marca temporal', '¿Recomendaría el servicio? [Calidad]', '¿Recomendaría el servicio? [Precio]', '¿Qué herramienta usa más?', 'Wie zufrieden sind Sie?'];
    const levels = ['Sí', 'No', 'No lo sé'];
    const tools = ['Git', 'Jira', 'Ningún'];
    const sat = ['Zufrieden', 'Unzufrieden', 'Weiß nicht', 'Neutral'];
    const rows = Array.from({ length: 12 }, (_, i) => [`2025-03-${String(i + 1).padStart(2, '0')} 10:00`, levels[i % 3], levels[(i + 1) % 3], tools[i % 3], sat[i % 4]].join(','));
    const dir = tempDir();
    writeFileSync(path.join(dir, 'encuesta.csv'), [header.join(','), ...rows].join('\n') + '\n');
    const { code, stderr } = await runCli(['init', '--raw', path.join(dir, 'encuesta.csv'), '--out', dir]);
    expect(code, stderr).toBe(0);
    const spec = parseYaml(readFileSync(path.join(dir, 'survey.yaml'), 'utf8'));
    const byColumn = (column: string) => Object.values(spec.questions as Record<string, { column: string; options: { code: string; label: string }[]; nonAnswers?: Record<string, string[]> }>).find((q) => q.column === column)!;
    const codeOf = (q: ReturnType<typeof byColumn>, label: string) => q.options.find((o) => o.label === label)!.code;
    const grid = byColumn('¿Recomendaría el servicio?');
    expect(grid.nonAnswers).toEqual({ dontKnow: [codeOf(grid, 'No lo sé')] });
    const tool = byColumn('¿Qué herramienta usa más?');
    expect(tool.nonAnswers).toEqual({ none: [codeOf(tool, 'Ningún')] });
    expect(byColumn('Wie zufrieden sind Sie?').nonAnswers).toEqual({ dontKnow: [codeOf(byColumn('Wie zufrieden sind Sie?'), 'Weiß nicht')] });
    expect(stderr).toMatch(/non-answers \d “No lo sé” guessed from their wording/);
  });

  it('init and aggregate read a Microsoft Forms ranking: every item in one cell, in the respondent\'s order', async () => {
    const items = ['Price', 'Speed', 'Support, phone and chat', 'Docs'];
    // Each respondent's own order (a rotation and a swap), as Forms writes it: "A;B;C;D;".
    const orders = Array.from({ length: 9 }, (_, i) => {
      const o = items.map((_, k) => items[(k + i) % items.length]);
      if (i % 2) [o[0], o[1]] = [o[1], o[0]];
      return o;
    });
    const lines = ['ID,Start time,Completion time,Rank these by importance', ...orders.map((o, i) => `${i + 1},2025-05-0${i + 1} 10:00,2025-05-0${i + 1} 10:05,"${o.join(';')};"`)];
    const dir = tempDir();
    writeFileSync(path.join(dir, 'forms.csv'), lines.join('\n') + '\n');
    const { code, stderr } = await runCli(['init', '--raw', path.join(dir, 'forms.csv'), '--out', dir]);
    expect(code, stderr).toBe(0);
    const spec = parseYaml(readFileSync(path.join(dir, 'survey.yaml'), 'utf8'));
    const [id, q] = Object.entries(spec.questions as Record<string, { kind: string; rows: { code: string; label: string }[] }>)[0];
    expect(q.kind).toBe('ranking');
    expect(q.rows.map((r) => r.label).sort()).toEqual([...items].sort()); // "Support, phone and chat" whole: the separator is ";"
    expect(stderr).toMatch(new RegExp(`${id}: a ranking in one column`));
    const out = path.join(dir, 'aggregates.json');
    const agg = await runCli(['aggregate', '--spec', path.join(dir, 'survey.yaml'), '--out', out]);
    expect(agg.code, agg.stderr).toBe(0);
    const grid = JSON.parse(readFileSync(out, 'utf8')).questions[id];
    // Each item's count at each rank, from the orders as written.
    for (const item of grid.items as { label: string; levels: { code: string; count: number }[] }[]) {
      for (const level of item.levels) expect(level.count, `${item.label} rank ${level.code}`).toBe(orders.filter((o) => o.indexOf(item.label) + 1 === Number(level.code)).length);
    }
    expect(grid.ranking.items[0].firstShare).toBeCloseTo(orders.filter((o) => o[0] === grid.ranking.items[0].label).length / orders.length, 12);
    // A cell that names an item twice is no ranking: an error naming its cell.
    writeFileSync(path.join(dir, 'forms.csv'), readFileSync(path.join(dir, 'forms.csv'), 'utf8').replace(/^(1,[^"]*)"[^"]*"/m, '$1"Price;Price;Speed;Docs;"'));
    const bad = await runCli(['aggregate', '--spec', path.join(dir, 'survey.yaml'), '--out', out]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/forms\.csv:2:4: error UNKNOWN_OPTION_CODE: `Price;Price;Speed;Docs;` in column D is no ranking of the items of/);
  });

  it('one header over two columns ("Please explain" after two questions) is two questions, each reading its own column', async () => {
    const rows = [
      ['Timestamp', 'How satisfied are you with support?', 'Please explain', 'How satisfied are you with billing?', 'Please explain'],
      ...Array.from({ length: 8 }, (_, i) => [`2025-01-0${i + 1} 10:00`, ['Satisfied', 'Neutral'][i % 2], ['good', 'slow', ''][i % 3], ['Neutral', 'Satisfied', 'Dissatisfied'][i % 3], ['fine', '', 'too expensive', 'cheap'][i % 4]]),
    ];
    const dir = tempDir();
    writeFileSync(path.join(dir, 'dup.csv'), rows.map((r) => r.join(',')).join('\n') + '\n');
    const { code, stderr } = await runCli(['init', '--raw', path.join(dir, 'dup.csv'), '--out', dir]);
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/one header for several columns \(“Please explain”…\), read in column order/);
    const spec = parseYaml(readFileSync(path.join(dir, 'survey.yaml'), 'utf8'));
    const explains = Object.entries(spec.questions as Record<string, { column: string }>).filter(([, q]) => q.column === 'Please explain').map(([id]) => id);
    expect(explains).toHaveLength(2);
    const out = path.join(dir, 'aggregates.json');
    const agg = await runCli(['aggregate', '--spec', path.join(dir, 'survey.yaml'), '--out', out]);
    expect(agg.code, agg.stderr).toBe(0);
    const questions = JSON.parse(readFileSync(out, 'utf8')).questions;
    const answersOf = (id: string) => Object.fromEntries((questions[id].options as { label: string; count: number }[]).map((o) => [o.label, o.count]));
    const tally = (col: number) => rows.slice(1).reduce<Record<string, number>>((t, r) => (r[col] ? { ...t, [r[col]]: (t[r[col]] ?? 0) + 1 } : t), {});
    expect(answersOf(explains[0])).toEqual(tally(2));
    expect(answersOf(explains[1])).toEqual(tally(4));
  });

  it('init refuses an export in which it finds no question, and writes no spec', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'export.csv'), 'Timestamp,Email Address\n2025-01-01 10:00,a@example.org\n');
    const out = path.join(dir, 'survey');
    const { code, stderr } = await runCli(['init', '--raw', path.join(dir, 'export.csv'), '--out', out]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/error WRONG_FORMAT: Found no question in .*export\.csv \(tidy\): every column is metadata \(Timestamp, Email Address\)/);
    expect(existsSync(path.join(out, 'survey.yaml'))).toBe(false);
  });

  it('init marks wording too long for a slide title where a short title goes, and lists it to confirm', async () => {
    const long = 'Thinking about the last twelve months and every project your team took part in, which of the following best describes how dependencies are approved?';
    const dir = tempDir();
    writeFileSync(path.join(dir, 'export.csv'), ['Timestamp,Team size,' + JSON.stringify(long), ...Array.from({ length: 6 }, (_, i) => `2025-01-0${i + 1} 10:00,${['1-5', '6-20'][i % 2]},${['Allow-list', 'Each team decides', 'No process'][i % 3]}`)].join('\n') + '\n');
    const { code, stderr } = await runCli(['init', '--raw', path.join(dir, 'export.csv'), '--out', dir]);
    expect(code, stderr).toBe(0);
    const text = readFileSync(path.join(dir, 'survey.yaml'), 'utf8');
    const spec = parseYaml(text);
    const [id] = Object.entries(spec.questions as Record<string, { text: string }>).find(([, q]) => q.text === long)!;
    expect(stderr).toContain(`${id}: wording over 90 characters, set small as a slide title: write a \`short:\` title`);
    expect(stderr).not.toMatch(/q\d+, q\d+: wording/); // "Team size" is short
    expect(text).toContain(`    # short: "…"  # CONFIRM: the wording has ${long.length} characters`);
    expect(spec.questions[id].short).toBeUndefined(); // commented: nothing printed until a person writes it
  });

  it('init on a LimeSurvey export with question codes as headings: "Y" boxes, the text typed for [other], one date column', async () => {
    const lines = ['id,submitdate,lastpage,startlanguage,seed,G01Q01,G01Q02[SQ001],G01Q02[SQ002],G01Q02[SQ003],G01Q02[other]'];
    for (let i = 0; i < 12; i++) lines.push([i + 1, `2025-02-${String(i + 1).padStart(2, '0')} 10:00:00`, 2, 'en', 1000 + i * 37, ['A1', 'A2', 'A3'][i % 3], i % 2 ? 'Y' : '', i % 3 ? 'Y' : '', i % 4 ? '' : 'Y', i % 5 ? '' : `own ${i}`].join(','));
    const dir = tempDir();
    writeFileSync(path.join(dir, 'results.csv'), lines.join('\n') + '\n');
    const { code, stderr } = await runCli(['init', '--raw', path.join(dir, 'results.csv'), '--out', dir]);
    expect(code, stderr).toBe(0);
    const spec = parseYaml(readFileSync(path.join(dir, 'survey.yaml'), 'utf8'));
    // The submit date alone: both ends of the fieldwork, named once.
    expect(spec.input.columns).toEqual({ respondentId: 'id', started: 'submitdate' });
    expect(stderr).toMatch(/fieldwork dates from `submitdate` \(named so\)/);
    expect(spec.input.checked).toEqual(['Y']);
    const boxes = Object.values(spec.questions as Record<string, { column: string; kind: string; options: { label: string }[]; otherText?: boolean }>).find((q) => q.column === 'G01Q02')!;
    expect(boxes).toMatchObject({ kind: 'multi', otherText: true });
    expect(boxes.options.map((o) => o.label)).toEqual(['SQ001', 'SQ002', 'SQ003']);
    // Answers that are codes: listed in their order, with how to give them labels.
    const single = Object.entries(spec.questions as Record<string, { column: string; options: { code: string; label: string }[] }>).find(([, q]) => q.column === 'G01Q01')!;
    expect(single[1].options.map((o) => o.label)).toEqual(['A1', 'A2', 'A3']);
    expect(stderr).toContain(`${single[0]}: its answers look like codes (A1, A2, A3…): give the labels to show as \`labels: { <code>: <label> }\``);
    // Labels given as the line says: the deck shows them, and the export's codes still match.
    const [singleId, singleQ] = single;
    const names: Record<string, string> = { A1: 'Very satisfied', A2: 'Satisfied', A3: 'Not satisfied' };
    const labels = Object.fromEntries(singleQ.options.map((o) => [o.code, names[o.label]]));
    const specText = readFileSync(path.join(dir, 'survey.yaml'), 'utf8').replace(`  "${singleId}":\n`, `  "${singleId}":\n    labels: ${JSON.stringify(labels)}\n`);
    writeFileSync(path.join(dir, 'survey.yaml'), specText);
    const agg = await runCli(['aggregate', '--spec', path.join(dir, 'survey.yaml'), '--out', path.join(dir, 'aggregates.json')]);
    expect(agg.code, agg.stderr).toBe(0);
    const counted = JSON.parse(readFileSync(path.join(dir, 'aggregates.json'), 'utf8')).questions[singleId].options as { label: string; count: number }[];
    expect(Object.fromEntries(counted.map((o) => [o.label, o.count]))).toEqual({ 'Very satisfied': 4, Satisfied: 4, 'Not satisfied': 4 });
  });

  it('init and aggregate a LimeSurvey export of full answers: a list\'s "[Other]" beside its own column is the text typed for "Other", "N/A" an answer that gives none', async () => {
    const header = ['Response ID', 'Date submitted', 'How satisfied are you?', 'What is your role?', 'What is your role? [Other]', 'Which tools do you use? [Git]', 'Which tools do you use? [Jira]', 'Which tools do you use? [Other]'];
    const sat = ['Very dissatisfied', 'Dissatisfied', 'Neither satisfied nor dissatisfied', 'Satisfied', 'Very satisfied', 'N/A'];
    const roles = ['Developer', 'Manager', 'Other', 'Developer'];
    const rows = Array.from({ length: 24 }, (_, i) => [
      String(i + 1),
      `2025-03-${String((i % 28) + 1).padStart(2, '0')} 10:00:00`,
      sat[i % 6],
      roles[i % 4],
      roles[i % 4] === 'Other' ? ['Designer', 'Writer', 'Student'][i % 3] : '',
      i % 2 ? 'Yes' : '',
      i % 3 ? 'Yes' : '',
      i % 5 === 0 ? ['Gitea', 'Gerrit', 'Forgejo'][i % 3] : '',
    ]);
    const dir = tempDir();
    writeFileSync(path.join(dir, 'results.csv'), [header, ...rows].map((r) => r.map((c) => `"${c}"`).join(',')).join('\n') + '\n');
    const { code, stderr } = await runCli(['init', '--raw', path.join(dir, 'results.csv'), '--out', dir]);
    expect(code, stderr).toBe(0);
    type Drafted = { column: string; kind: string; options: { code: string; label: string }[]; otherText?: boolean; nonAnswers?: Record<string, string[]>; scale?: unknown };
    const questions = Object.entries(parseYaml(readFileSync(path.join(dir, 'survey.yaml'), 'utf8')).questions as Record<string, Drafted>);
    // One question per wording: no grid of one row "Other".
    expect(questions.filter(([, q]) => q.column === 'What is your role?')).toHaveLength(1);
    expect(questions.some(([, q]) => q.kind === 'grid')).toBe(false);
    const [roleId, role] = questions.find(([, q]) => q.column === 'What is your role?')!;
    expect(role).toMatchObject({ kind: 'single', otherText: true });
    expect(questions.find(([, q]) => q.column === 'Which tools do you use?')![1]).toMatchObject({ kind: 'multi', otherText: true });
    // "N/A" is no point of the scale: out of it, so the scale is found.
    const [satId, satisfied] = questions.find(([, q]) => q.column === 'How satisfied are you?')!;
    expect(satisfied.nonAnswers).toEqual({ noAnswer: [satisfied.options.find((o) => o.label === 'N/A')!.code] });
    expect(satisfied.scale).toMatchObject({ polarity: 'ascending' });
    expect(stderr).not.toMatch(/one header for several columns/);
    const agg = await runCli(['aggregate', '--spec', path.join(dir, 'survey.yaml'), '--out', path.join(dir, 'aggregates.json')]);
    expect(agg.code, agg.stderr).toBe(0);
    const counted = JSON.parse(readFileSync(path.join(dir, 'aggregates.json'), 'utf8')).questions;
    // 24 answered, 4 "N/A" out of the base.
    expect(counted[satId].base).toMatchObject({ n: 20, excluded: { count: 4, kinds: ['noAnswer'] } });
    // The typed roles are no answers of their own: 6 chose "Other", and its column holds their words.
    const chosen = Object.fromEntries((counted[roleId].options as { label: string; code: string; count: number }[]).filter((o) => o.code !== 'other').map((o) => [o.label, o.count]));
    expect(chosen).toEqual({ Developer: 12, Manager: 6, Other: 6 });
    // The briefing and the talk show drafted highlights, each a question's own slide: the scale, the
    // list, then the other choice, in questionnaire order.
    const drafted = parseYaml(readFileSync(path.join(dir, 'survey.yaml'), 'utf8')).highlights as { id: string; question: string }[];
    const toolsId = questions.find(([, q]) => q.column === 'Which tools do you use?')![0];
    expect(drafted.map((h) => h.question)).toEqual([satId, roleId, toolsId]);
    const out = tempDir();
    const built = await runCli(['build', '-a', 'executive-briefing,conference-talk', '-l', 'en', '--data', path.join(dir, 'aggregates.json'), '--out', out, '--cache', tempDir()]);
    expect(built.code, built.stderr).toBe(0);
    expect(built.stderr).not.toContain('NO_HIGHLIGHTS');
    const titles = slideRuns(path.join(out, 'executive-briefing.en.pptx')).map((runs) => runs[0]);
    expect(titles.slice(1, 4)).toEqual(['How satisfied are you?', 'What is your role?', 'Which tools do you use?']);
    // The talk's presenter gets notes on them: the chart's figures, bar by bar, and its base.
    const talk = unzip(readFileSync(path.join(out, 'conference-talk.en.pptx')));
    const notes = [...talk.keys()].filter((k) => /^ppt\/notesSlides\/notesSlide\d+\.xml$/.test(k)).map((k) => [...text(talk, k).matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1]).join(''));
    expect(notes.find((n) => n.startsWith('Very dissatisfied'))).toMatch(/^Very dissatisfied 20%, Dissatisfied 20%, .*, and Very satisfied 20%\. Base: all respondents who answered \(n = 20\), excl\. no answer, 17%; 24 were asked\./);
  });

  it('init keeps a SurveyMonkey grid\'s levels in their columns\' order ("Row - Level" of answer text), "N/A" an answer that gives none, out of each row\'s base', async () => {
    const head1 = ['Respondent ID', 'Collector ID', 'Start Date', 'End Date', 'Please rate the following:', '', '', '', '', ''];
    const head2 = ['', '', '', '', 'Speed - Poor', 'Speed - Good', 'Speed - N/A', 'Support - Poor', 'Support - Good', 'Support - N/A'];
    const levels = ['Poor', 'Good', 'N/A'];
    // Speed: Poor, Good, N/A, Poor, Good, N/A …; Support: Good every time but every fourth, N/A.
    const rows = Array.from({ length: 12 }, (_, i) => [String(100 + i), '1', '03/04/2024 09:12:01 AM', '03/04/2024 09:15:40 AM', ...levels.map((l) => (levels[i % 3] === l ? l : '')), ...levels.map((l) => ((i % 4 === 3 ? 'N/A' : 'Good') === l ? l : ''))]);
    const dir = tempDir();
    writeFileSync(path.join(dir, 'export.csv'), [head1, head2, ...rows].map((r) => r.join(',')).join('\n') + '\n');
    const { code, stderr } = await runCli(['init', '--raw', path.join(dir, 'export.csv'), '--out', dir]);
    expect(code, stderr).toBe(0);
    const spec = parseYaml(readFileSync(path.join(dir, 'survey.yaml'), 'utf8'));
    const grid = spec.questions.Q1;
    expect(grid.kind).toBe('grid');
    expect(grid.options.map((o: { label: string }) => o.label)).toEqual(['Poor', 'Good', 'N/A']);
    expect(grid.nonAnswers).toEqual({ noAnswer: ['N/A'] });
    const agg = await runCli(['aggregate', '--spec', path.join(dir, 'survey.yaml'), '--out', path.join(dir, 'aggregates.json')]);
    expect(agg.code, agg.stderr).toBe(0);
    const [speed, support] = JSON.parse(readFileSync(path.join(dir, 'aggregates.json'), 'utf8')).questions.Q1.items;
    expect(speed.base).toMatchObject({ n: 8, excluded: { count: 4, kinds: ['noAnswer'] } });
    expect(support.base).toMatchObject({ n: 9, excluded: { count: 3, kinds: ['noAnswer'] } });
    // The chart's alt text sets the wording inside its sentence without its own colon ("…of Please rate the following: Speed…").
    const out = tempDir();
    const built = await runCli(['build', '-a', 'full-results', '-l', 'en', '--data', path.join(dir, 'aggregates.json'), '--out', out, '--cache', tempDir(), '--charts', 'picture']);
    expect(built.code, built.stderr).toBe(0);
    const parts = unzip(readFileSync(path.join(out, 'full-results.en.pptx')));
    const alts = [...parts.keys()].filter((k) => /^ppt\/slides\/slide\d+\.xml$/.test(k)).flatMap((k) => [...text(parts, k).matchAll(/descr="([^"]*chart of[^"]*)"/g)].map((m) => m[1]));
    expect(alts).toEqual([expect.stringMatching(/^100% stacked bar chart of Please rate the following: Speed \(n = 8\): Poor 4 of 8, Good 4 of 8; Support \(n = 9\)/)]);
  });

  it('init reads boxes written 1/0 as a multi-select whatever the wording, and counts the ticks', async () => {
    const tools = ['Git', 'Jira', 'Slack'];
    const rows = Array.from({ length: 10 }, (_, i) => tools.map((_, t) => (((i + 1) >> t) & 1 ? '1' : '0')));
    const dir = tempDir();
    writeFileSync(path.join(dir, 'boxes.csv'), [['Timestamp', ...tools.map((t) => `Tools [${t}]`)].join(','), ...rows.map((r, i) => [`2025-01-0${(i % 9) + 1} 10:00`, ...r].join(','))].join('\n') + '\n');
    const { code, stderr } = await runCli(['init', '--raw', path.join(dir, 'boxes.csv'), '--out', dir]);
    expect(code, stderr).toBe(0);
    const spec = parseYaml(readFileSync(path.join(dir, 'survey.yaml'), 'utf8'));
    expect(spec.input).toMatchObject({ checked: ['1'], unchecked: ['0'] });
    const [id, q] = Object.entries(spec.questions as Record<string, { kind: string }>)[0];
    expect(q.kind).toBe('multi');
    expect(readFileSync(path.join(dir, 'survey.yaml'), 'utf8')).toContain(`kind: multi  # CONFIRM: a column per box, up to ${Math.max(...rows.map((r) => r.filter((c) => c === '1').length))} ticked by one respondent`);
    const out = path.join(dir, 'aggregates.json');
    const agg = await runCli(['aggregate', '--spec', path.join(dir, 'survey.yaml'), '--out', out]);
    expect(agg.code, agg.stderr).toBe(0);
    const counted = JSON.parse(readFileSync(out, 'utf8')).questions[id].options as { label: string; count: number }[];
    tools.forEach((t, i) => expect(counted.find((o) => o.label === t)!.count, t).toBe(rows.filter((r) => r[i] === '1').length));
  });

  it('init takes ";" for a Microsoft Forms export whose open answers hold more ", " than its lists hold ";"', async () => {
    const tools = ['Git;Jira;', 'Jira;', 'Git;Slack;', 'Slack;Jira;Git;', 'Git;'];
    const prose = 'Fine, mostly, though slow, and, frankly, pricey, as ever';
    const rows = Array.from({ length: 10 }, (_, i) => `${i + 1},"${tools[i % 5]}","${prose} ${i}"`);
    const dir = tempDir();
    writeFileSync(path.join(dir, 'forms.csv'), ['Id,Which tools do you use?,Any comments?', ...rows].join('\n') + '\n');
    const { code, stderr } = await runCli(['init', '--raw', path.join(dir, 'forms.csv'), '--out', dir]);
    expect(code, stderr).toBe(0);
    const spec = parseYaml(readFileSync(path.join(dir, 'survey.yaml'), 'utf8'));
    expect(spec.input.separator).toBe(';');
    const tool = Object.values(spec.questions as Record<string, { column: string; kind: string; options: { label: string }[] }>).find((q) => q.column === 'Which tools do you use?')!;
    expect(tool.kind).toBe('multi');
    expect(tool.options.map((o) => o.label).sort()).toEqual(['Git', 'Jira', 'Slack']);
  });

  it('init reads a select-all column of many distinct combinations as multi, not as open answers', async () => {
    // Microsoft Forms style: every cell its own set of five tools, each ended by ";" (30 sets, 30 rows).
    const tools = ['Git', 'Jira', 'Slack', 'Notion', 'Figma'];
    const rows = Array.from({ length: 30 }, (_, i) => tools.filter((_, t) => ((i + 1) >> t) & 1).map((t) => `${t};`).join(''));
    expect(new Set(rows).size).toBe(30);
    const dir = tempDir();
    writeFileSync(path.join(dir, 'export.csv'), ['Id,Which tools do you use?', ...rows.map((r, i) => `${i + 1},${r}`)].join('\n') + '\n');
    const { code, stderr } = await runCli(['init', '--raw', path.join(dir, 'export.csv'), '--out', dir]);
    expect(code, stderr).toBe(0);
    const spec = parseYaml(readFileSync(path.join(dir, 'survey.yaml'), 'utf8'));
    expect(spec.input.separator).toBe(';');
    const q = Object.values(spec.questions as Record<string, { kind: string; options: { label: string }[] }>)[0];
    expect(q.kind).toBe('multi');
    expect(q.options.map((o) => o.label).sort()).toEqual([...tools].sort());
    const agg = await runCli(['aggregate', '--spec', path.join(dir, 'survey.yaml'), '--out', path.join(dir, 'aggregates.json')]);
    expect(agg.code, agg.stderr).toBe(0);
  });

  it('inspect prints questions, kinds, codes, bases and who was asked; --json for programs', async () => {
    const spec = path.join(formats, 'qualtrics-numeric.yaml');
    const table = await runCli(['inspect', '--spec', spec]);
    expect(table.code).toBe(0);
    expect(table.stderr).toMatch(/6 rows read, 1 removed by previews, 5 respondents kept \(weighted\)/);
    expect(table.stdout).toMatch(/^id\s+kind\s+asked\s+answered\s+base\s+eff\. n\s+who was asked/);
    // People, not sums of weights (6, 6 and 5.5 here): 5 asked, 5 answered, 4 in the base once the
    // "don't know" is out; the effective n beside them.
    expect(table.stdout).toMatch(/\nsat\s+single\s+5\s+5\s+4\s+\d+\s+all\s+1=Very satisfied; 2=Satisfied/);
    const json = await runCli(['inspect', '--spec', spec, '--json']);
    const found = JSON.parse(json.stdout);
    expect(found.summary).toMatchObject({ format: 'qualtrics', rowsRead: 6, respondents: 5 });
    const sat = found.questions.find((q: { id: string }) => q.id === 'sat');
    expect(sat).toMatchObject({ asked: 5, answered: 5, base: 4 });
    expect(sat.effectiveN).toBeGreaterThan(0);
    expect(sat.effectiveN).toBeLessThanOrEqual(4);
    expect(found.questions.find((q: { id: string }) => q.id === 'tools').codes.map((c: { code: string; nonAnswer?: string }) => `${c.code}${c.nonAnswer ? `:${c.nonAnswer}` : ''}`)).toEqual(['1', '2', '3', '4:none', '5:other']);
  });

  it('an older spec is refused with the change to make, exit 1', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'survey.yaml'), 'survey: { id: x, title: X, year: 2024 }\nkinds: { q7: numeric }\n');
    const { code, stderr } = await runCli(['aggregate', '--spec', path.join(dir, 'survey.yaml')]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/SPEC_VERSION: The survey spec has no `version:`; this surveydeck reads version 2/);
    expect(stderr).toMatch(/add `version: 2` at the top and move: `kinds: \{ <id>: numeric \}` → `questions: \{ <id>: \{ kind: numeric \} \}`/);
  });
});
