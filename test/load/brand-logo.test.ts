// Brand logos: hostile files are INVALID_BRAND naming the file, and brand assets stay inside the brand
// folder (issue 12, item 6).
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SurveydeckError } from '../../src/diagnostics.js';
import { loadBrand } from '../../src/load/brands.js';
import { copyTemplates, runCli, tempDir } from '../helpers.js';

/** A copy of the templates whose harbor brand uses `logo` (written as `name` when given). */
function brandWithLogo(logo: string, bytes?: Buffer | string, name = logo): { templates: string; brandFile: string; logoFile: string } {
  const templates = copyTemplates();
  const dir = path.join(templates, 'brands', 'harbor');
  const brandFile = path.join(dir, 'brand.yaml');
  writeFileSync(brandFile, readFileSync(brandFile, 'utf8').replace('logo: logo.svg', `logo: ${JSON.stringify(logo)}`));
  const logoFile = path.join(dir, name);
  if (bytes !== undefined) writeFileSync(logoFile, bytes);
  return { templates, brandFile, logoFile };
}

function brandError(templates: string): SurveydeckError {
  try {
    loadBrand(templates, 'harbor');
  } catch (e) {
    expect(e).toBeInstanceOf(SurveydeckError);
    return e as SurveydeckError;
  }
  throw new Error('expected INVALID_BRAND');
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
}

/** A 100000 × 100000 PNG of a few hundred bytes: decoding it would need 40 GB. */
function pngBomb(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(100_000, 0);
  ihdr.writeUInt32BE(100_000, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', Buffer.alloc(64)), chunk('IEND', Buffer.alloc(0))]);
}

const LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&c;</text></svg>`;

describe('brand logos', () => {
  it.each([
    ['an SVG with XML entities', LAUGHS, /^the SVG logo declares a DOCTYPE or entities/],
    ['a 100000×100000 SVG', '<svg xmlns="http://www.w3.org/2000/svg" width="100000" height="100000"><rect width="10" height="10"/></svg>', /^the logo is 100000×100000; at most 10000 on a side/],
    ['a huge SVG by viewBox only', '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100000 100000"/>', /^the logo is 100000×100000/],
    ['a PNG bomb', pngBomb(), /^the logo is 100000×100000/],
    ['a text file', 'just some text, not a picture\n', /^the logo is not a PNG, JPEG or SVG file/],
    ['a zero-size file', '', /^the logo file is empty/],
    ['an SVG that reads another file', '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="file:///etc/passwd"/></svg>', /refers to `file:\/\/\/etc\/passwd`/],
  ])('%s is INVALID_BRAND naming the logo file', (_, bytes, message) => {
    const { templates, logoFile } = brandWithLogo('logo.x', bytes);
    const e = brandError(templates);
    expect(e.diagnostics).toEqual([expect.objectContaining({ code: 'INVALID_BRAND', file: logoFile, message: expect.stringMatching(message) })]);
  });

  it('a build with a bad logo exits 2 naming it, before any work', async () => {
    const { templates, logoFile } = brandWithLogo('logo.png', pngBomb());
    const out = tempDir();
    const { code, stderr } = await runCli(['build', '-a', 'executive-briefing', '-l', 'en', '--templates', templates, '--out', out]);
    expect(stderr).toMatch(new RegExp(`^${logoFile}: error INVALID_BRAND: the logo is 100000×100000`, 'm'));
    expect(stderr).not.toMatch(/INTERNAL/);
    expect(code).toBe(2);
    expect(readdirSync(out)).toEqual([]);
  });

  it('a logo sharp cannot decode is INVALID_BRAND naming it, not INTERNAL', async () => {
    const broken = Buffer.concat([pngBomb().subarray(0, 16), Buffer.from([0, 0, 0, 10, 0, 0, 0, 10]), Buffer.alloc(100, 7)]);
    const { templates, logoFile } = brandWithLogo('logo.png', broken);
    const { code, stderr } = await runCli(['build', '-a', 'executive-briefing', '-l', 'en', '--templates', templates, '--out', tempDir()]);
    expect(stderr).toMatch(new RegExp(`^${logoFile}: error INVALID_BRAND: the logo cannot be read as a picture`, 'm'));
    expect(code).toBe(2);
  });

  it('`logo: ../…`, an absolute path and a symlink out of the brand folder are refused', () => {
    const outside = path.join(tempDir(), 'secret.svg');
    writeFileSync(outside, '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>');
    const dotdot = brandWithLogo('../ember/logo.svg');
    expect(brandError(dotdot.templates).diagnostics[0]).toMatchObject({ file: dotdot.brandFile, message: 'logo `../ember/logo.svg` is outside the brand folder; brand assets stay inside it' });
    const absolute = brandWithLogo(outside);
    expect(brandError(absolute.templates).diagnostics[0].message).toBe(`logo \`${outside}\` is an absolute path; brand assets stay inside the brand folder`);
    const link = brandWithLogo('linked.svg');
    symlinkSync(outside, link.logoFile);
    expect(brandError(link.templates).diagnostics[0].message).toBe('logo `linked.svg` is outside the brand folder; brand assets stay inside it');
  });

  it('the shipped logos and a logo in a subfolder are fine', () => {
    const { templates } = brandWithLogo('assets/logo.svg');
    mkdirSync(path.join(templates, 'brands', 'harbor', 'assets'));
    writeFileSync(path.join(templates, 'brands', 'harbor', 'assets', 'logo.svg'), readFileSync(path.join(templates, 'brands', 'harbor', 'logo.svg')));
    expect(loadBrand(templates, 'harbor').logoPath).toBe(path.join(templates, 'brands', 'harbor', 'assets', 'logo.svg'));
    expect(loadBrand(copyTemplates(), 'ember').logoPath).toMatch(/ember\/logo\.svg$/);
  });
});
