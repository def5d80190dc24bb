import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SurveydeckError } from '../../src/diagnostics.js';
import { loadCatalogue } from '../../src/load/catalogue.js';

function catalogueDir(locale: string, yaml: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sd-cat-'));
  mkdirSync(path.join(dir, 'locales'));
  writeFileSync(path.join(dir, 'locales', `${locale}.yaml`), yaml);
  return dir;
}

describe('loadCatalogue', () => {
  it('formats ICU plural and select messages with locale number formats', () => {
    const c = loadCatalogue(catalogueDir('de', 'a:\n  b: "{n, plural, one {# Antwort} other {# Antworten}} – {share, number, percent}"\n'), 'de');
    expect(c.format('a.b', { n: 1, share: 0.835 })).toMatch(/^1 Antwort – 84\s%$/u);
    expect(c.format('a.b', { n: 1200, share: 0.5 })).toMatch(/^1\.200 Antworten – 50\s%$/u);
  });

  it('names the key and the locale when a message is missing', () => {
    const c = loadCatalogue(catalogueDir('fr', 'a: "x"\n'), 'fr');
    try {
      c.format('nope.key');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SurveydeckError);
      const d = (e as SurveydeckError).diagnostics[0];
      expect(d.code).toBe('MISSING_MESSAGE');
      expect(d.message).toContain('nope.key');
      expect(d.message).toContain('fr');
    }
  });

  it('reports a malformed message with its line', () => {
    const c = loadCatalogue(catalogueDir('en', 'ok: "fine"\nbad: "{n, plural, one {x}"\n'), 'en');
    try {
      c.format('bad', { n: 1 });
      expect.unreachable();
    } catch (e) {
      const d = (e as SurveydeckError).diagnostics[0];
      expect(d.code).toBe('INVALID_MESSAGE');
      expect(d.line).toBe(2);
    }
  });

  it('reports YAML errors with file and line', () => {
    try {
      loadCatalogue(catalogueDir('en', 'a: "x"\na: "dup"\n'), 'en');
      expect.unreachable();
    } catch (e) {
      const d = (e as SurveydeckError).diagnostics[0];
      expect(d.code).toBe('INVALID_CATALOGUE');
      expect(d.file).toMatch(/en\.yaml$/);
      expect(d.line).toBe(2);
    }
  });
});
