// Where lines may break: protected sequences, Chinese/Japanese phrases, German hyphenation — in the
// breaker shared by chart labels (wrapToWidth) and the fit's measurement (layoutText), and in the
// characters written into slide text (protectSequences), which PowerPoint wraps itself.
import { describe, expect, it } from 'vitest';
import { paragraphsToRuns } from '../../src/assemble/text.js';
import { wrapToWidth } from '../../src/charts/wrap-labels.js';
import { cssFontList, layoutText } from '../../src/fit/index.js';
import { lineBreakUnits, measureTextWidthPx, protectSequences } from '../../src/fonts/index.js';

const units = (text: string, locale?: string) => lineBreakUnits(text, { locale }).map((u) => u.text);
const inter = { family: 'Inter', sizePx: 16 };
const cjk = { family: cssFontList('Inter', 'Noto Sans JP'), sizePx: 16 };

/** Wrapped at every width from one character to the whole text: every line break the wrapper ever takes. */
function everyWrap(text: string, style: { family: string; sizePx: number }, locale?: string, fromPx = 4): string[][] {
  const full = measureTextWidthPx(text, style);
  const out: string[][] = [];
  for (let w = fromPx; w <= full + 4; w += 3) out.push(wrapToWidth(text, style, w, locale));
  return out;
}

describe('protected sequences', () => {
  it.each([
    ['Respondents who answered (n = 64) in 2024', 'n = 64', undefined],
    ['Base: all respondents, N = 222, weighted', 'N = 222', undefined],
    ['84 % der Befragten sagen ja', '84 %', 'de'],
    ['Rund 4,1× so viele wie 2023', '4,1×', 'de'],
    ['Grandes organisations : 84\u202F% ont un OSPO', '84\u202F%', 'fr'],
    ['大型组织的比例是小型组织的 4.1倍（n = 91）', '（n = 91）', 'zh-CN'],
    ['大規模組織は4.1倍になりました', '4.1倍', 'ja'],
    ['How the office is funded and staffed (no answers)', '(no answers)', undefined],
    ['Wie das Büro finanziert wird (keine Antworten)', '(keine Antworten)', 'de'],
  ])('never breaks inside %j (%s), in charts or in the fit', (text, sequence, locale) => {
    // The sequence sits on one line, whole, at every width.
    for (const lines of everyWrap(text, locale ? cjk : inter, locale)) expect(lines.some((l) => l.includes(sequence)), lines.join(' / ')).toBe(true);
    let measured = 0;
    for (let widthPt = 10; widthPt < 300; widthPt += 7) {
      const layout = layoutText({ paragraphs: [{ runs: [{ text }], bulletLevel: 0 }], fontFamily: locale ? cjk.family : 'Inter', fontSizePt: 12, widthPt, bulletIndentPt: 22, paraSpaceAfterPt: 0, locale });
      if (layout.overlongWord) continue; // a word wider than the box is cut anywhere, and reported
      measured++;
      expect(layout.lines[0].some((l) => l.includes(protectSequences(sequence))), layout.lines[0].join(' / ')).toBe(true);
    }
    expect(measured).toBeGreaterThan(10);
  });

  it('never breaks before a percent sign or after a word-initial hyphen', () => {
    for (const lines of everyWrap('Open-Source-Organisationen und -Communities: 84 %', inter, 'de')) {
      for (const l of lines.slice(1)) expect(l.startsWith('%'), lines.join(' / ')).toBe(false);
      for (const l of lines) expect(/(^|\s)-$/.test(l), lines.join(' / ')).toBe(false);
    }
  });

  it('writes no-break spaces and a non-breaking hyphen into slide text, where PowerPoint wraps by itself', () => {
    expect(protectSequences('Base (n = 64): 84 % of OSPOs')).toBe('Base (n\u00A0=\u00A064): 84\u00A0% of OSPOs');
    expect(protectSequences('Organisationen und -Communities')).toBe('Organisationen und \u2011Communities');
    expect(protectSequences('84\u202F% und 84\u00A0%')).toBe('84\u202F% und 84\u00A0%'); // Intl's spaces stay
    expect(protectSequences('a plain sentence - with a dash')).toBe('a plain sentence - with a dash');
    // A short aside stays whole; a long one may wrap, as a sentence would.
    expect(protectSequences('Funding (no answers), staffing (12 answers)')).toBe('Funding (no\u00A0answers), staffing (12\u00A0answers)');
    expect(protectSequences('Asia-Pacific (except China, India, Japan)')).toBe('Asia-Pacific (except China, India, Japan)');
    const runs = paragraphsToRuns([{ runs: [{ text: 'Base (n = ' }, { text: '64', bold: true }, { text: ')' }], bulletLevel: 0 }], { fontFace: 'Inter', fontSizePt: 12, color: '000000', linkColor: '0000FF', lang: 'en-US' });
    expect(runs.map((r) => r.text)).toEqual(['Base (n\u00A0=\u00A0', '64', ')']);
  });
});

describe('Chinese and Japanese phrases', () => {
  it('breaks Japanese chart labels between phrases, never inside a word', () => {
    const label = 'オープンソースのプロセスを設置している組織';
    // From the widest phrase up: narrower than a phrase, the phrase itself has to split.
    const widestPhrasePx = Math.max(...units(label, 'ja').map((u) => measureTextWidthPx(u, cjk)));
    for (const lines of everyWrap(label, cjk, 'ja', widestPhrasePx)) {
      const cuts = lines.map((l) => l.length).reduce<number[]>((acc, n) => [...acc, (acc.at(-1) ?? 0) + n], []).slice(0, -1);
      for (const cut of cuts) {
        const before = label.slice(0, cut);
        expect(before.endsWith('プ'), lines.join(' / ')).toBe(false);
        expect(before.endsWith('設'), lines.join(' / ')).toBe(false);
      }
    }
    expect(units('プロセスを設置している', 'ja')).toEqual(['プロセスを', '設置している']);
  });

  it('keeps kinsoku: no line starts with a closing bracket, full stop or comma', () => {
    const quote = '「とても役に立っています。」と回答した組織が多く、特に大規模組織ではそうです。';
    for (const lines of everyWrap(quote, cjk, 'ja')) for (const l of lines.slice(1)) expect(/^[」。、）]/.test(l), lines.join(' / ')).toBe(false);
  });

  it('splits a phrase wider than the line between characters rather than overflowing', () => {
    const lines = wrapToWidth('開発者体験向上施策', cjk, 40, 'ja');
    expect(lines.join('')).toBe('開発者体験向上施策');
    for (const l of lines) expect(measureTextWidthPx(l, cjk)).toBeLessThanOrEqual(40);
  });
});

describe('German hyphenation in chart labels', () => {
  it('hyphenates a compound wider than the column at a real hyphenation point, not anywhere', () => {
    const word = 'Datenschutzgrundverordnung';
    const lines = wrapToWidth(word, inter, measureTextWidthPx('Datenschutzgrund-', inter) + 1, 'de');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('').replace(/-/g, '')).toBe(word);
    for (const l of lines.slice(0, -1)) expect(l.endsWith('-')).toBe(true);
    expect(['Datenschutz-', 'Datenschutzgrund-']).toContain(lines[0]);
  });

  it('leaves words that fit whole (hyphenation is a fallback), and English alone', () => {
    const fits = wrapToWidth('Datenschutz und Sicherheit', inter, measureTextWidthPx('Datenschutz und', inter) + 1, 'de');
    expect(fits).toHaveLength(2);
    expect(fits.join(' ')).toBe('Datenschutz und Sicherheit');
    const en = wrapToWidth('Internationalization', inter, 60, 'en');
    expect(en).toEqual(['Internationalization']);
  });
});

describe('italics', () => {
  it('sets Chinese and Japanese runs upright: no synthetic oblique', () => {
    const style = (lang: string) => ({ fontFace: 'Inter', fontSizePt: 12, color: '000000', linkColor: '0000FF', lang });
    const para = [{ runs: [{ text: '“很有帮助”', italic: true }], bulletLevel: 0 }];
    expect(paragraphsToRuns(para, style('zh-CN'))[0].options?.italic).toBeUndefined();
    expect(paragraphsToRuns(para, style('ja-JP'))[0].options?.italic).toBeUndefined();
    expect(paragraphsToRuns(para, style('en-US'))[0].options?.italic).toBe(true);
  });
});
