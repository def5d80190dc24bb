// Fonts stage, public surface: the font registry (families → whole TTFs from npm), the font cache
// that fontconfig reads, and the width measurer shared by charts and the text fitter.
export {
  FALLBACK_FAMILIES,
  FONT_PACKAGES,
  FONT_WEIGHTS,
  SUBSET_EMBEDDED_FAMILIES,
  faceOf,
  facesOf,
  fontMissing,
  isKnownFamily,
  type FontFace,
  type FontFamily,
  type FontWeight,
} from './catalog.js';
export { defaultFontCacheDir, prepareFonts, sfntPath, type FontCache } from './font-cache.js';
export { adoptMeasures, codePointName, missingCharsText, scriptHint, eastAsianFallbackFor, isInvisibleChar, exportMeasures, isEastAsianCodePoint, faceForCodePoint, fontHasGlyph, hasKeptMeasures, loadFace, loadTextWidths, measureTextWidthPx, measuringFor, parseFontList, saveTextWidths, useFontCache, type GroupMeasures, type TextStyle } from './measure.js';
export { assertBrandFonts } from './brand-fonts.js';
export { lineBreakSegments, lineBreakUnits, protectedPositions, protectSequences, type BreakSegment, type BreakUnit, type LineBreakOptions } from './line-break.js';
