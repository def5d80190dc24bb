// Characters XML 1.0 forbids are an error where text enters (catalogues, aggregates, brands,
// templates), naming the file and position; invalid UTF-8 is an error, not U+FFFD (issue 12, item 3).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SurveydeckError } from '../../src/diagnostics.js';
import { loadAggregates } from '../../src/load/aggregates.js';
import { loadBrand } from '../../src/load/brands.js';
import { loadCatalogue } from '../../src/load/catalogue.js';
import { loadSlideTemplates } from '../../src/load/templates.js';
import { findXmlForbiddenChar } from '../../src/load/xml-text.js';
import { createHandlebars } from '../../src/bind/helpers.js';
import { AGGREGATES, copyTemplates, runCli, tempDir } from '../helpers.js';

function thrown(f: () => unknown): SurveydeckError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SurveydeckError);
    return e as SurveydeckError;
  }
  throw new Error('expected an error');
}

/** A copy of the templates whose en catalogue has `edit` applied; fails if the edit changed nothing. */
function catalogueWith(edit: (s: string) => string): { templates: string; file: string } {
  const templates = copyTemplates();
  const file = path.join(templates, 'locales', 'en.yaml');
  const before = readFileSync(file, 'utf8');
  const after = edit(before);
  expect(after).not.toBe(before);
  writeFileSync(file, after);
  return { templates, file };
}

describe('forbidden characters', () => {
  it('finds C0 controls, U+FFFE/U+FFFF, lone surrogates and references to them; allows TAB/LF/CR and astral characters', () => {
    for (const bad of ['a\u0001', '\u0000', '\u0008', '\u001b[31m', '\uFFFE', '\uFFFF', 'x\uD800y', '\uDC00', '&#x1;', '&#1;', '&#xFFFE;', '&#x110000;']) {
      expect(findXmlForbiddenChar(bad), JSON.stringify(bad)).toBeDefined();
    }
    for (const good of ['tab\there', 'line\nfeed\r', '😀 𝄞', '&#x9;&#10;&#xE9;', 'R&D', '&amp;#x1']) {
      expect(findXmlForbiddenChar(good), JSON.stringify(good)).toBeUndefined();
    }
  });

  it('a control character in a catalogue message: INVALID_CATALOGUE at its line:column, exit 1, nothing written', async () => {
    const { templates, file } = catalogueWith((s) => s.replace('title: "Appendix: open-text questions"', 'title: "Appendix:\u0001 open-text questions"'));
    const out = tempDir();
    const { code, stderr } = await runCli(['build', '-a', 'executive-briefing', '-l', 'en', '--templates', templates, '--out', out]);
    const lines = readFileSync(file, 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('\u0001')) + 1;
    const column = lines[line - 1].indexOf('\u0001') + 1;
    expect(column).toBe(22);
    expect(stderr).toContain(`${file}:${line}:${column}: error INVALID_CATALOGUE: message \`generated.appendix.title\` contains U+0001, a character XML 1.0 does not allow`);
    expect(code).toBe(1);
    expect(readdirSync(out)).toEqual([]);
  });

  it('a YAML escape ("\\x1b") or an entity (&#x1;) in a message: the message is named', () => {
    const escaped = catalogueWith((s) => s.replace('section: "Section"', 'section: "Sec \\x1b[31m tion"'));
    const e1 = thrown(() => loadCatalogue(escaped.templates, 'en'));
    expect(e1.diagnostics[0]).toMatchObject({ code: 'INVALID_CATALOGUE', file: escaped.file, line: expect.any(Number), column: 12 });
    expect(e1.diagnostics[0].message).toMatch(/^message `generated.section` contains U\+001B/);
    const entity = catalogueWith((s) => s.replace('Read with care.', 'Read &#x1; with care.'));
    const e2 = thrown(() => loadCatalogue(entity.templates, 'en'));
    expect(e2.diagnostics[0].message).toMatch(/^message `chart.smallBase` contains `&#x1;` \(U\+0001\)/);
  });

  it('invalid UTF-8 in a catalogue is an error at its line and column, not U+FFFD', () => {
    const templates = copyTemplates();
    const file = path.join(templates, 'locales', 'de.yaml');
    const bytes = readFileSync(file);
    const text = bytes.toString('utf8');
    const at = Buffer.byteLength(text.slice(0, text.indexOf('\n', 10) + 3)); // line 2, column 3
    bytes[at] = 0xff;
    writeFileSync(file, bytes);
    const e = thrown(() => loadCatalogue(templates, 'de'));
    expect(e.diagnostics[0]).toMatchObject({ code: 'INVALID_CATALOGUE', file, line: 2, column: 3, message: `is not valid UTF-8 (byte 0xFF at offset ${at})` });
  });

  it('a control character in an option label of the aggregates: INVALID_AGGREGATES at its JSON path', async () => {
    const data = JSON.parse(readFileSync(AGGREGATES, 'utf8'));
    data.questions.q20.options[0].label = 'Yes\u0008 we do';
    const bad = path.join(tempDir(), 'aggregates.json');
    writeFileSync(bad, JSON.stringify(data));
    const { code, stderr } = await runCli(['build', '-a', 'executive-briefing', '-l', 'en', '--data', bad, '--out', tempDir()]);
    expect(stderr).toContain(`${bad}: error INVALID_AGGREGATES: $.questions.q20.options[0].label (character 4) contains U+0008`);
    expect(code).toBe(1);
  });

  it('a control character in brand text: INVALID_BRAND', () => {
    const templates = copyTemplates();
    const file = path.join(templates, 'brands', 'harbor', 'brand.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('footerText: "surveydeck"', 'footerText: "survey\\0deck"'));
    const e = thrown(() => loadBrand(templates, 'harbor'));
    expect(e.diagnostics[0]).toMatchObject({ code: 'INVALID_BRAND', file, message: expect.stringMatching(/^\$\.footerText \(character 7\) contains U\+0000/) });
  });

  it('a control character in a slide template: TEMPLATE_SYNTAX at its line:column', () => {
    const templates = copyTemplates();
    const file = path.join(templates, 'slides', 'bullets.hbs');
    const source = readFileSync(file, 'utf8');
    const lines = source.split('\n');
    const last = lines.length - 1;
    lines[last - 1] = `ab\u001f${lines[last - 1]}`;
    writeFileSync(file, lines.join('\n'));
    const e = thrown(() => loadSlideTemplates(templates, createHandlebars()));
    expect(e.diagnostics).toEqual([expect.objectContaining({ code: 'TEMPLATE_SYNTAX', file, line: last, column: 3 })]);
  });
});
