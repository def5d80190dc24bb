// Charts stage, public surface.
export { renderCharts, type RenderChartsOptions } from './render-charts.js';
export { chartConfigFor, chartFontFor, chartTextStyleFor, CSS_PX_PER_IN, MIN_CHART_FONT_SIZE_PX } from './chart-config.js';
export { numberLocaleFor, type NumberLocaleDefinition } from './number-locale.js';
export { findExternalReferences, refusingLoader } from './external-data.js';
export { renderChartsEach, renderChartsSettled, type ChartOutcome } from './render-charts.js';
export { compileChartSpec, renderChartSvg, renderVegaSvg, svgToPng, PNG_PX_PER_IN } from './render-chart.js';
export { prepareSpec, parseSpecText, legendColumns, samplePalette } from './prepare-spec.js';
export { chartCacheKey, CHART_RENDERER_VERSION } from './chart-cache.js';
export { wrapToWidth, wrappedWidthPx, LABEL_LINE_SEPARATOR } from './wrap-labels.js';
export { layoutCategoryAxis, labelBlockHeightPx, type CategoryAxisInput, type CategoryAxisLayout } from './category-axis-layout.js';
export { installTextMetrics } from './text-metrics.js';
export { chartFits, chartFitsFor } from './chart-fits.js';
