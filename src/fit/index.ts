// Fit stage, public surface: choose the type size of every text box by measuring it with the deck's
// fonts (fitDeck), and re-measure a deck as it will be written (measureDeck).
export { fitBox, fitDeck, glyphMissing, layoutBox, measureDeck, missingGlyphs, slideTextFits, textOverflow, type BoxMeasurement, type FitResult } from './fit-deck.js';
export { cssFontList, layoutText, MIN_LINE_HEIGHT_EM, PT_PER_IN, WIDTH_SAFETY, type TextLayout, type TextLayoutInput } from '../fonts/layout-text.js';
export { LINE_BREAK, lineStarts, withMeasuredLineBreaks } from './cjk-lines.js';
