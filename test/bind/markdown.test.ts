import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '../../src/bind/markdown.js';

describe('parseMarkdown', () => {
  it('turns headings, bullets, bold, italics and links into runs', () => {
    const blocks = parseMarkdown('# Title\n\n## Sub\n\nSome **bold** and *italic* and [a link](https://x.org).\n\n- one\n  - nested **b**\n- two\n');
    expect(blocks[0]).toEqual({ type: 'heading', depth: 1, runs: [{ text: 'Title' }] });
    expect(blocks[1]).toEqual({ type: 'heading', depth: 2, runs: [{ text: 'Sub' }] });
    const paras = blocks[2];
    expect(paras.type).toBe('paragraphs');
    if (paras.type !== 'paragraphs') return;
    expect(paras.paragraphs[0].runs).toEqual([
      { text: 'Some ' },
      { text: 'bold', bold: true },
      { text: ' and ' },
      { text: 'italic', italic: true },
      { text: ' and ' },
      { text: 'a link', href: 'https://x.org' },
      { text: '.' },
    ]);
    expect(paras.paragraphs.slice(1).map((p) => [p.bulletLevel, p.runs.map((r) => r.text).join('')])).toEqual([
      [1, 'one'],
      [2, 'nested b'],
      [1, 'two'],
    ]);
  });

  it('keeps characters marked escapes, and numbers ordered lists', () => {
    const blocks = parseMarkdown('1. R&D <teams> "quoted"\n2. second\n');
    if (blocks[0].type !== 'paragraphs') throw new Error('expected paragraphs');
    expect(blocks[0].paragraphs[0]).toEqual({ runs: [{ text: 'R&D <teams> "quoted"' }], bulletLevel: 1, numbered: true });
  });

  it('reads a blockquote as a quote block', () => {
    const blocks = parseMarkdown('> Open source is AI infrastructure.\n>\n> — The report\n');
    expect(blocks[0].type).toBe('quote');
  });
});
