// Bind stage: resolve a dotted path ("findings.genaiInvolved.share") into the aggregates. Pure.
// An unknown path is an error naming the deck file and line, never an undefined on a slide.
import { error } from '../diagnostics.js';

export function resolvePath(root: unknown, dotted: string, where: { file: string; line: number }): unknown {
  let node: unknown = root;
  const walked: string[] = [];
  for (const part of dotted.split('.')) {
    if (node === null || typeof node !== 'object' || !(part in (node as object))) {
      const available = node && typeof node === 'object' ? Object.keys(node as object).slice(0, 8) : [];
      throw error('UNKNOWN_BINDING', `\`${dotted}\` does not exist in the aggregates (no \`${part}\` under \`${walked.join('.') || '(root)'}\`)`, {
        ...where,
        hint: available.length ? `available: ${available.join(', ')}${available.length === 8 ? ', …' : ''}` : undefined,
      });
    }
    node = (node as Record<string, unknown>)[part];
    walked.push(part);
  }
  return node;
}
