// Charts stage: make vega measure text with the real fonts. Changes vega's module-global textMetrics.
import * as vega from 'vega';
import { measureTextWidthPx } from '../fonts/index.js';

let installed = false;

/**
 * Without node-canvas vega estimates a width of 0.8 × fontSize per character, so axis labels got
 * cut with "…", legends overlapped, and `autosize: fit` left wrong gaps. vega looks widths up through
 * `textMetrics.width(item, text)` and, when that is not one of its own functions, calls it for
 * truncation too ("user defined", as vl-convert does). Measuring depends only on the item's font,
 * so one global override is safe while views for different locales render concurrently.
 */
export function installTextMetrics(): void {
  if (installed) return;
  installed = true;
  // Exported by vega (from vega-scenegraph) but missing from vega-typings.
  const { textMetrics } = vega as unknown as { textMetrics: { width: (item: TextItem, text?: unknown) => number } };
  textMetrics.width = (item: TextItem, text?: unknown) => {
    const size = item.fontSize != null ? +item.fontSize || 0 : 11;
    const line = text == null ? '' : String(text).trim();
    if (size <= 0 || !line) return 0;
    // Not vega's textValue(): it truncates by calling back into this function (endless recursion).
    return measureTextWidthPx(line, { family: item.font ? String(item.font) : 'sans-serif', weight: item.fontWeight, sizePx: size });
  };
}

interface TextItem {
  font?: string;
  fontSize?: number | string;
  fontWeight?: number | string;
}
