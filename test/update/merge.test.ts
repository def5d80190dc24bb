// Text that follows the data keeps the person's formatting when its runs line up with the new text's.
import { describe, expect, it } from 'vitest';
import { shapeText } from '../../src/assemble/refresh-manifest.js';
import { figuresIn, replaceText } from '../../src/update/merge.js';

const sp = (paragraphs: string) => `<p:sp><p:nvSpPr><p:cNvPr id="5" name="sd:highlights.genai/takeaway"/></p:nvSpPr><p:txBody><a:bodyPr anchor="t"/><a:lstStyle/>${paragraphs}</p:txBody></p:sp>`;
const run = (text: string, colour: string) => `<a:r><a:rPr lang="en-US" sz="2000"><a:solidFill><a:srgbClr val="${colour}"/></a:solidFill></a:rPr><a:t>${text}</a:t></a:r>`;

describe('replaceText', () => {
  it('changes only the characters when paragraphs and runs line up, so colours and sizes set by hand stay', () => {
    const edited = sp(`<a:p>${run('84%', 'C00000')}${run(' of OSPOs are involved.', '1F2933')}</a:p>`);
    const rebuilt = sp(`<a:p>${run('62%', '1F3A5F')}${run(' of OSPOs are involved.', '1F3A5F')}</a:p>`);
    const out = replaceText(edited, rebuilt);
    expect(shapeText(out)).toBe('62% of OSPOs are involved.');
    expect(out).toContain('val="C00000"');
    expect(out).not.toContain('1F3A5F');
  });

  it('takes the new paragraphs under the shape’s own body properties when they do not line up', () => {
    const edited = sp(`<a:p>${run('84% of OSPOs are involved.', 'C00000')}</a:p>`);
    const rebuilt = sp(`<a:p>${run('62%', '1F3A5F')}${run(' of OSPOs are involved.', '1F3A5F')}</a:p><a:p>${run('A second line.', '1F3A5F')}</a:p>`);
    const out = replaceText(edited.replace('anchor="t"', 'anchor="ctr"'), rebuilt);
    expect(shapeText(out)).toBe('62% of OSPOs are involved.\nA second line.');
    expect(out).toContain('<a:bodyPr anchor="ctr"/>');
  });
});

describe('figuresIn', () => {
  it('reads the figures a slide prints, as printed', () => {
    expect(figuresIn('84% of 91 OSPOs; 4.1× as likely; n = 1,234; 45\u00a0%; 1\u202f234; in 2024 91 answered')).toEqual(['84%', '91', '4.1×', '1,234', '45\u00a0%', '1\u202f234', '2024', '91']);
  });
});
