// Bind stage: rendered Markdown → blocks of editable text (paragraphs of runs). Pure.
// Headings, bullets, bold, italics and links become real PowerPoint runs later, never pictures.
import { Lexer, type Token, type Tokens } from 'marked';
import type { Paragraph, TextRun } from '../ir.js';

export type Block =
  | { type: 'heading'; depth: number; runs: TextRun[] }
  | { type: 'paragraphs'; paragraphs: Paragraph[] }
  | { type: 'quote'; paragraphs: Paragraph[] };

export function parseMarkdown(markdown: string): Block[] {
  const tokens = new Lexer({ gfm: true }).lex(markdown);
  const blocks: Block[] = [];
  for (const token of tokens) {
    switch (token.type) {
      case 'heading':
        blocks.push({ type: 'heading', depth: (token as Tokens.Heading).depth, runs: inlineRuns((token as Tokens.Heading).tokens) });
        break;
      case 'paragraph':
        blocks.push({ type: 'paragraphs', paragraphs: [{ runs: inlineRuns((token as Tokens.Paragraph).tokens), bulletLevel: 0 }] });
        break;
      case 'list':
        blocks.push({ type: 'paragraphs', paragraphs: listParagraphs(token as Tokens.List, 1) });
        break;
      case 'blockquote': {
        const inner = parseMarkdown((token as Tokens.Blockquote).text);
        blocks.push({ type: 'quote', paragraphs: inner.flatMap((b) => (b.type === 'heading' ? [{ runs: b.runs, bulletLevel: 0 }] : b.paragraphs)) });
        break;
      }
      case 'space':
      case 'hr':
        break;
      default:
        if ('text' in token && typeof token.text === 'string' && token.text.trim()) {
          blocks.push({ type: 'paragraphs', paragraphs: [{ runs: [{ text: token.text.trim() }], bulletLevel: 0 }] });
        }
    }
  }
  return mergeAdjacent(blocks);
}

function mergeAdjacent(blocks: Block[]): Block[] {
  const out: Block[] = [];
  for (const b of blocks) {
    const last = out[out.length - 1];
    if (b.type === 'paragraphs' && last?.type === 'paragraphs') last.paragraphs.push(...b.paragraphs);
    else out.push(b);
  }
  return out;
}

function listParagraphs(list: Tokens.List, level: number): Paragraph[] {
  const out: Paragraph[] = [];
  for (const item of list.items) {
    const runs: TextRun[] = [];
    const nested: Paragraph[] = [];
    for (const t of item.tokens) {
      if (t.type === 'list') nested.push(...listParagraphs(t as Tokens.List, level + 1));
      else if (t.type === 'text' || t.type === 'paragraph') {
        const inner = (t as Tokens.Text).tokens;
        runs.push(...(inner ? inlineRuns(inner) : [{ text: (t as Tokens.Text).text }]));
      }
    }
    out.push({ runs: collapse(runs), bulletLevel: level, ...(list.ordered ? { numbered: true } : {}) }, ...nested);
  }
  return out;
}

function inlineRuns(tokens: Token[] | undefined, style: Omit<TextRun, 'text'> = {}): TextRun[] {
  const runs: TextRun[] = [];
  for (const t of tokens ?? []) {
    switch (t.type) {
      case 'strong':
        runs.push(...inlineRuns((t as Tokens.Strong).tokens, { ...style, bold: true }));
        break;
      case 'em':
        runs.push(...inlineRuns((t as Tokens.Em).tokens, { ...style, italic: true }));
        break;
      case 'link':
        runs.push(...inlineRuns((t as Tokens.Link).tokens, { ...style, href: (t as Tokens.Link).href }));
        break;
      case 'br':
        runs.push({ text: '\n', ...style });
        break;
      case 'text':
        if ((t as Tokens.Text).tokens) runs.push(...inlineRuns((t as Tokens.Text).tokens, style));
        else runs.push({ text: decodeEntities((t as Tokens.Text).text), ...style });
        break;
      case 'escape':
      case 'codespan':
        runs.push({ text: decodeEntities((t as Tokens.Codespan).text), ...style });
        break;
      default:
        if ('raw' in t) runs.push({ text: decodeEntities(t.raw), ...style });
    }
  }
  return collapse(runs);
}

/** marked escapes &, <, >, quotes in text tokens; the slide wants the characters. */
function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Join neighbouring runs with the same style, so PowerPoint gets as few runs as the text needs. */
function collapse(runs: TextRun[]): TextRun[] {
  const out: TextRun[] = [];
  for (const r of runs) {
    const last = out[out.length - 1];
    if (last && !!last.bold === !!r.bold && !!last.italic === !!r.italic && last.href === r.href) last.text += r.text;
    else out.push({ ...r });
  }
  return out.filter((r) => r.text.length > 0);
}

export function plainText(runs: TextRun[]): string {
  return runs.map((r) => r.text).join('');
}
