// Charts stage, native charts: the order a chart's categories and series are written in, shared by
// the chart XML and its workbook (the cached values must be the cells the formulas name). Pure.
//
// A description lists categories top-down and series in the picture's legend order. Most charts are
// written that way, horizontal bars on a category axis that runs top-down (`maxMin`). Horizontal
// clustered bars with more than one series are the exception: on a top-down axis, PowerPoint and
// LibreOffice both draw the first series at the top of each group, but LibreOffice always lists the
// legend of horizontal clustered bars in reverse (it assumes the usual bottom-up axis), so its legend
// read against the bars. Written bottom-up (last answer first, series reversed) on a bottom-up axis,
// the bars look the same in both and both legends read in the bars' order, top to bottom:
// PowerPoint's follows the bars, LibreOffice's reverses the written order back.
import type { NativeChartDescription, NativeSeries } from './describe-chart.js';

/** Whether the chart is written bottom-up (categories and series reversed, category axis `minMax`). */
export function writtenBottomUp(chart: Pick<NativeChartDescription, 'direction' | 'grouping' | 'series'>): boolean {
  return chart.direction === 'bar' && chart.grouping === 'clustered' && chart.series.length > 1;
}

/** The description in written order: as it is unless written bottom-up. */
export function inWrittenOrder(chart: NativeChartDescription): NativeChartDescription {
  if (!writtenBottomUp(chart)) return chart;
  const reversed = <T>(a: T[]) => [...a].reverse();
  const series = (s: NativeSeries): NativeSeries => ({
    ...s,
    values: reversed(s.values),
    pointFills: reversed(s.pointFills),
    ...(s.labels ? { labels: { ...s.labels, points: reversed(s.labels.points) } } : {}),
  });
  return { ...chart, categories: reversed(chart.categories), series: reversed(chart.series).map(series) };
}
