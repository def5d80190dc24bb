// Test helper: the chart requests of every shipped deck in every locale with a catalogue, exactly as
// the pipeline hands them to the charts stage (bound by test/fit/bound-decks.ts: split with chartFits,
// each box the frame of its slide's layout).
import type { ChartRequest, SlideSpec } from '../../src/ir.js';
import { DEFAULT_TEMPLATES_DIR } from '../../src/pipeline.js';
import { bindShippedDecks, type BoundShippedDeck } from '../fit/bound-decks.js';

export type BoundChartDeck = BoundShippedDeck;

export function shippedChartDecks(brandName = 'harbor', templatesDir = DEFAULT_TEMPLATES_DIR): BoundChartDeck[] {
  return bindShippedDecks(brandName, templatesDir);
}

export function chartRequestsOf(deck: BoundChartDeck): { slide: number; slideSpec: SlideSpec; request: ChartRequest }[] {
  return deck.slides.flatMap((s, i) => (s.kind === 'chart' ? [{ slide: i + 1, slideSpec: s, request: s.chartRequest }] : []));
}
