// Load stage: templates/brands/<name>/brand.yaml → Brand. Reads files; validates with zod so that a
// bad colour or a missing font is a clear error here, not a silent default inside pptxgenjs.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { cachedValidation, type ValidationCache } from './validation-cache.js';
import { yaml } from './yaml-lazy.js';
import { error, expectedOneOf } from '../diagnostics.js';
import { assertXmlStrings, decodeUtf8 } from './xml-text.js';
import { INPUT_LIMITS, readBoundedFile } from './input-bounds.js';
import { checkBrandLogo } from './brand-logo.js';
import type { Brand } from '../ir.js';
import { zodIssuesAtNodes } from './zod-diagnostics.js';

export const DEFAULT_BRAND = 'harbor';

const hex = z.string().regex(/^[0-9A-Fa-f]{6}$/, 'a colour is six hex digits without #');
const palette = z.array(hex).min(3);

/** `brand.yaml`; its JSON Schema (schemas/brand.schema.json, `npm run schemas`) is derived from this. */
export const brandFileSchema = z.object({
  displayName: z.string().min(1),
  colors: z.object({
    primary: hex,
    secondary: hex,
    accent: hex,
    background: hex,
    text: hex,
    muted: hex,
    categorical: palette.min(6),
    sequential: palette,
    diverging: palette,
  }),
  fonts: z.object({
    heading: z.string().min(1),
    body: z.string().min(1),
    eastAsian: z.object({ 'zh-CN': z.string().min(1), ja: z.string().min(1) }),
  }),
  logo: z.string().optional(),
  footerText: z.string(),
  minFontSizePt: z.number().min(6).max(40),
  titleFontSizePt: z.number().min(12).max(72),
  bodyFontSizePt: z.number().min(8).max(48),
});

export function brandsDir(templatesDir: string): string {
  return path.join(templatesDir, 'brands');
}

export function listBrands(templatesDir: string): string[] {
  const dir = brandsDir(templatesDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, 'brand.yaml')))
    .map((d) => d.name)
    .sort();
}

/** With `cache`, a brand.yaml validated before by the same code is not parsed again (validation-cache.ts). */
export function loadBrand(templatesDir: string, name: string, cache?: ValidationCache): Brand {
  const known = listBrands(templatesDir);
  if (!known.includes(name)) {
    throw error('UNKNOWN_BRAND', expectedOneOf('brand', known, name), {
      hint: `add templates/brands/${name}/brand.yaml to create it`,
    });
  }
  const file = path.join(brandsDir(templatesDir), name, 'brand.yaml');
  const bytes = readBoundedFile(file, INPUT_LIMITS.templateBytes, 'brand.yaml');
  const b = cachedValidation(cache, 'brand', file, bytes, () => {
    // Parsed as a document, so that a schema error can name the line and column of the value it is about.
    const { LineCounter, parseDocument } = yaml();
    const lineCounter = new LineCounter();
    const doc = parseDocument(decodeUtf8(bytes, 'INVALID_BRAND', file), { lineCounter });
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      throw error('INVALID_BRAND', e.message.split('\n')[0], { file, line: e.linePos?.[0]?.line, column: e.linePos?.[0]?.col });
    }
    let raw: unknown;
    try {
      raw = doc.toJS(); // the yaml library refuses an alias bomb here (maxAliasCount)
    } catch (e) {
      throw error('INVALID_BRAND', (e as Error).message.split('\n')[0], { file, hint: 'anchors and aliases may be used a hundred times at most' }, e);
    }
    assertXmlStrings(raw, 'INVALID_BRAND', file);
    const parsed = brandFileSchema.safeParse(raw);
    if (!parsed.success) throw zodIssuesAtNodes('INVALID_BRAND', file, parsed.error, doc, lineCounter);
    return parsed.data;
  });
  const logoPath = b.logo ? checkBrandLogo(file, b.logo).file : undefined;
  return {
    name,
    displayName: b.displayName,
    colors: {
      ...b.colors,
      primary: b.colors.primary.toUpperCase(),
    },
    fonts: b.fonts,
    logoPath,
    footerText: b.footerText,
    minFontSizePt: b.minFontSizePt,
    titleFontSizePt: b.titleFontSizePt,
    bodyFontSizePt: b.bodyFontSizePt,
  };
}
