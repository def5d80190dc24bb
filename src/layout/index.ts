// Layout stage, public surface: slide specs → positioned boxes (layoutDeck), the fixed geometry and type
// scale, and the box of a chart slide's chart (what the charts stage renders for).
export * from './geometry.js';
export { layoutContext, type LayoutContext } from './boxes.js';
export { chartBoxesFor, chartBoxFor, chartFrame, placeChart } from './kinds/chart.js';
export { flagFitsAtTitle, isLaidOut, layoutDeck, layoutSlide, SLIDE_LAYOUTS, specsOf, type SlideLayout } from './layout-deck.js';
export { attributionText, plainParagraphs, quoteText, warningText } from './text.js';
export { BODY_AREA, measureDeckLayout, measureSlideLayout, MIN_PANEL_FILL, SAFE_AREA } from './measures.js';
