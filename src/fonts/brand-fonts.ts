// Fonts stage: check that every family a brand names can be supplied. Pure over the registry.
import type { Brand } from '../ir.js';
import { SurveydeckError, type Diagnostic } from '../diagnostics.js';
import { fontMissing, isKnownFamily } from './catalog.js';

/** Throws FONT_MISSING (one diagnostic per missing family) if the brand names a font we lack. */
export function assertBrandFonts(brand: Brand): void {
  const named = [brand.fonts.heading, brand.fonts.body, brand.fonts.eastAsian['zh-CN'], brand.fonts.eastAsian.ja];
  const missing = [...new Set(named.filter((f) => !isKnownFamily(f)))];
  if (missing.length === 0) return;
  const diagnostics: Diagnostic[] = missing.map((f) => ({
    ...fontMissing(f).diagnostics[0],
    message: `Brand \`${brand.name}\` names font family \`${f}\`, which surveydeck has no files for`,
  }));
  throw new SurveydeckError(diagnostics);
}
