// Stats: Holm's step-down adjustment of a family of p-values (Holm 1979), as R's
// `p.adjust(p, "holm")`, through @stdlib/stats-padjust. Pure.
import padjust from '@stdlib/stats-padjust';

export function holmAdjust(pValues: number[]): number[] {
  if (pValues.length === 0) return [];
  return padjust(pValues, 'holm') as number[];
}
