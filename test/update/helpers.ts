// Update tests: a new wave of the OSPO survey made from the shipped aggregates by moving respondents
// between answers (counts and shares stay consistent, bases stay), and readers for built decks.
import { readFileSync, writeFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { listShapes, notesBody, notesPartOf, parseShapeName, readManifest, shapeText, slidePartsInOrder, type RefreshManifest } from '../../src/assemble/refresh-manifest.js';
import type { Aggregates, OptionStat } from '../../src/ir.js';
import { AGGREGATES } from '../helpers.js';

function setCounts(options: OptionStat[], n: number, counts: Record<string, number>): void {
  for (const o of options) {
    if (counts[o.code] === undefined) continue;
    o.count = counts[o.code];
    o.share = o.count / n;
  }
  const total = options.filter((o) => !o.nonAnswer || counts[o.code] !== undefined).reduce((s, o) => s + (o.nonAnswer ? 0 : o.count), 0);
  if (total !== n) throw new Error(`perturbed counts add up to ${total}, the base is ${n}`);
}

/**
 * The next wave: GenAI involvement falls (q20: 76 of 91 → 56 of 91), collaboration impact falls
 * (q36 item 5: 78 of 97 → 62 of 97), more small organisations have an OSPO (q12 small: 12 of 64 → 24 of 64).
 */
export function nextWave(): Aggregates {
  const a = JSON.parse(readFileSync(AGGREGATES, 'utf8')) as Aggregates;
  const q20 = a.questions.q20;
  setCounts(q20.options, q20.base.n, { '1': 35, '2': 27, '3': 24, '4': 5 });
  Object.assign(a.findings.genaiInvolved, { count: 56, share: 56 / q20.base.n });
  const item = a.questions.q36.items!.find((i) => i.code === '5')!;
  setCounts(item.levels, item.base.n, { '1': 10, '2': 25, '3': 24, '4': 24, '5': 14 });
  Object.assign(a.findings.collaborationImpact, { count: 62, share: 62 / item.base.n });
  const small = a.questions.q12.crosstabs!.size.find((s) => s.segment === 'size:small')!;
  setCounts(small.options, small.base.n, { '1': 10, '2': 14, '3': 10, '4': 30 });
  Object.assign(a.findings.ospoSmall, { count: 24, share: 24 / small.base.n });
  return a;
}

export function writeJson(file: string, value: unknown): string {
  writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
  return file;
}

export interface ReadSlide {
  part: string;
  /** Slide key from its `sd:` shape names, if any. */
  key?: string;
  /** box → text (titles found as the title placeholder); pictures: box → media part. */
  text: Record<string, string>;
  media: Record<string, string>;
  xml: string;
  notes: string;
}

/** The slides of a deck in presentation order, with what their bound shapes say. */
export function readDeck(bytes: Uint8Array): { files: Record<string, Uint8Array>; slides: ReadSlide[]; manifest: RefreshManifest } {
  const files = unzipSync(bytes);
  const found = readManifest(files);
  if (!('manifest' in found)) throw new Error(`no manifest: ${found.problem}`);
  const slides = slidePartsInOrder(files).map((part) => {
    const xml = strFromU8(files[part]);
    const shapes = listShapes(xml);
    const key = shapes.map((s) => parseShapeName(s.name)?.key).find(Boolean);
    const text: Record<string, string> = {};
    const media: Record<string, string> = {};
    for (const s of shapes) {
      const box = parseShapeName(s.name)?.box ?? (s.isTitle ? 'title' : undefined);
      if (!box) continue;
      if (s.tag === 'pic') {
        const id = /r:embed="([^"]+)"/.exec(s.xml)![1];
        const rels = strFromU8(files[part.replace('slides/', 'slides/_rels/') + '.rels']);
        media[box] = new RegExp(`Id="${id}"[^>]*Target="\\.\\./media/([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="\\.\\./media/([^"]+)"[^>]*Id="${id}"`).exec(rels)![1];
      } else text[box] = shapeText(s.xml);
    }
    const notesPart = notesPartOf(files, part);
    const body = notesPart ? notesBody(strFromU8(files[notesPart])) : undefined;
    return { part, key, text, media, xml, notes: body ? shapeText(body.xml) : '' };
  });
  return { files, slides, manifest: found.manifest };
}
