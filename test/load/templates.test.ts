import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHandlebars } from '../../src/bind/helpers.js';
import { SurveydeckError } from '../../src/diagnostics.js';
import { loadSlideTemplates } from '../../src/load/templates.js';
import { loadCatalogue } from '../../src/load/catalogue.js';

function templatesDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sd-tpl-'));
  mkdirSync(path.join(dir, 'slides'));
  mkdirSync(path.join(dir, 'locales'));
  writeFileSync(path.join(dir, 'locales', 'en.yaml'), 'hello: "Hello {name}"\n');
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, 'slides', name), text);
  return dir;
}

describe('loadSlideTemplates', () => {
  it('parses every template up front and reports a syntax error as file:line:column', () => {
    const dir = templatesDir({ 'good.hbs': '# {{x}}\n', 'broken.hbs': '---\nlayout: bullets\n---\n# {{#if x}}\n{{/iff}}\n' });
    try {
      loadSlideTemplates(dir, createHandlebars());
      expect.unreachable();
    } catch (e) {
      const [d] = (e as SurveydeckError).diagnostics;
      expect(d.code).toBe('TEMPLATE_SYNTAX');
      expect(d.file).toBe(path.join(dir, 'slides', 'broken.hbs'));
      // Handlebars points at the block that was opened and not closed.
      expect(d.line).toBe(4);
      expect(d.column).toBeGreaterThanOrEqual(1);
    }
  });

  it('renders in strict mode: a missing field throws with its line and 1-based column', () => {
    const dir = templatesDir({ 's.hbs': 'line one\n  {{survey.missing}}\n' });
    const t = loadSlideTemplates(dir, createHandlebars()).get('s')!;
    expect(() => t.render({ survey: {} }, {})).toThrow(/missing/);
    try {
      t.render({ survey: {} }, {});
    } catch (e) {
      expect((e as { lineNumber: number }).lineNumber).toBe(2);
    }
  });

  it('helpers format messages in the render locale and never HTML-escape Markdown', () => {
    const dir = templatesDir({ 's.hbs': '{{t "hello" name="R&D"}} {{pct 0.835}}' });
    const t = loadSlideTemplates(dir, createHandlebars()).get('s')!;
    const catalogue = loadCatalogue(dir, 'en');
    expect(t.render({ args: {} }, { catalogue, locale: 'en' })).toBe('Hello R&D 84%');
  });
});
