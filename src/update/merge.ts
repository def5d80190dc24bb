// Refresh: merge a freshly built deck into the deck a person edited. Pure over package parts.
//
//   edited deck (its manifest says what the build wrote) + new build (its manifest, its parts)
//     per slide of the edited deck, in its order (added, deleted, reordered slides stay so):
//       identify ─ key from its `sd:` shape names (a title-only slide: by its recorded title or notes)
//       per bound shape ─ text still as generated → new text (runs kept where the structure allows);
//                         text edited → kept, flagged when the generated text changed
//                         picture as generated → new image, same frame (position, size, crop, border)
//                         shape gone from the new build (a small-base flag vanished) → removed if unedited
//       shapes new in the build (a flag appeared) → added; notes like text
//     ─▶ the new manifest, so the next update compares against what this one wrote
import { strFromU8, strToU8 } from 'fflate';
import { attr, encodeXml, parseRels, relativeTarget, relsPartFor, resolveTarget } from '../assemble/ooxml.js';
import {
  blipTarget,
  layoutFooters,
  listShapes,
  notesBody,
  notesPartOf,
  parseShapeName,
  putManifest,
  sha256Hex,
  shapeName,
  shapeText,
  slidePartsInOrder,
  type RefreshManifest,
  type ShapeXml,
  type SlideRecord,
} from '../assemble/refresh-manifest.js';
import type { ChartRow } from '../ir.js';
import { attachWorkbook, chartPartOf, refreshChartXml, workbookOf } from './native-chart.js';

export interface FigureChange {
  slide: string;
  /** Argument expression (a path into the aggregates) or `chart: <category>` for a chart row. */
  figure: string;
  old: string | number;
  new: string | number;
}

export interface TextChange {
  slide: string;
  box: string;
  old: string;
  new: string;
}

export interface UpdateReport {
  /** Figures the slides were bound from that changed. */
  figures: FigureChange[];
  /** Claims whose outcome changed with the new data (e.g. `higher` → `level`): their sentences changed. */
  claims: { slide: string; claim: string; old: string; new: string }[];
  /** Generated text replaced because the person had not edited it. */
  updated: TextChange[];
  /** Generated sentences whose wording changed, not only their numbers (a claim's outcome changed). */
  sentences: TextChange[];
  /** Text the person rewrote, left as written, whose generated version changed: check it by hand. */
  stale: (TextChange & { edited: string; oldFigures: string[]; figureChanges: string[] })[];
  /** Text the person rewrote whose generated version did not change. */
  keptEdited: { slide: string; box: string }[];
  /** Chart bars the new data adds (a new answer) or takes away, with the share they draw or drew. */
  bars: { slide: string; bar: string; change: 'added' | 'removed'; share?: number }[];
  /** Small-base flags (warning boxes) that appeared or vanished with the new data. */
  flags: { slide: string; change: 'appeared' | 'vanished'; text: string }[];
  /** Chart pictures replaced. */
  charts: { slide: string; box: string }[];
  /** Pictures the person replaced (kept). */
  keptPictures: { slide: string; box: string }[];
  /** Shapes the build wrote that are not in the edited deck (deleted by the person). */
  missing: { slide: string; box: string }[];
  /** Slides the build wrote that are not in the edited deck: deleted, and left deleted. */
  deletedSlides: string[];
  /** Slides of the edited deck surveydeck did not write (added by the person), by position. */
  addedSlides: number[];
  /** Slides the new build has that the edited deck never had (e.g. a new question): not added. */
  newSlides: string[];
  /** Slides that appear more than once (duplicated by the person): every copy is updated. */
  duplicatedSlides: string[];
}

export interface MergeResult {
  files: Record<string, Uint8Array>;
  report: UpdateReport;
  /** False when no part changed: the caller keeps the input bytes as they are. */
  changed: boolean;
}

interface Built {
  files: Record<string, Uint8Array>;
  manifest: RefreshManifest;
  /** key → slide part in the new build. */
  parts: Map<string, string>;
}

/** Figures as printed: `84%`, `1,234`, `1 234` (French), `4.1×`, `84 %`; two numbers a space apart stay two. */
const FIGURE = /\d[\d.,\u00a0\u202f]*\d(?:[\s\u00a0\u202f]?[%×])?|\d(?:[\s\u00a0\u202f]?[%×])?/g;
export const figuresIn = (text: string): string[] => (text.match(FIGURE) ?? []).map((f) => f.trim());
const masked = (text: string) => text.replace(FIGURE, '#');

export function mergeDeck(edited: Record<string, Uint8Array>, old: RefreshManifest, newFiles: Record<string, Uint8Array>, manifest: RefreshManifest): MergeResult {
  const files = { ...edited };
  const built: Built = { files: newFiles, manifest, parts: new Map(slidePartsInOrder(newFiles).map((p, i) => [manifest.slides[i]?.key, p])) };
  const oldByKey = new Map(old.slides.map((s) => [s.key, s]));
  const newByKey = new Map(manifest.slides.map((s) => [s.key, s]));
  const report: UpdateReport = {
    figures: [],
    claims: [],
    updated: [],
    sentences: [],
    stale: [],
    keptEdited: [],
    bars: [],
    flags: [],
    charts: [],
    keptPictures: [],
    missing: [],
    deletedSlides: [],
    addedSlides: [],
    newSlides: [],
    duplicatedSlides: [],
  };
  const changedParts = new Set<string>();
  const put = (part: string, xml: string) => {
    if (strFromU8(files[part]) === xml) return;
    files[part] = strToU8(xml);
    changedParts.add(part);
  };

  // 1. which recorded slide each slide of the edited deck is
  const slideParts = slidePartsInOrder(files);
  const keyOf = new Map<string, string>();
  const anchorless = old.slides.filter((s) => Object.keys(s.shapes).every((b) => b === 'title'));
  slideParts.forEach((part, i) => {
    const shapes = listShapes(strFromU8(files[part]));
    const named = shapes.map((s) => parseShapeName(s.name)?.key).filter((k): k is string => !!k && oldByKey.has(k));
    let key: string | undefined = named[0];
    if (!key) {
      // Title-only slides (section dividers): LibreOffice renames placeholders, so match what they say.
      const title = shapes.find((s) => s.isTitle);
      const titleText = title ? shapeText(title.xml) : undefined;
      const notesPart = notesPartOf(files, part);
      const notesShape = notesPart && files[notesPart] ? notesBody(strFromU8(files[notesPart])) : undefined;
      const notes = notesShape ? shapeText(notesShape.xml) : undefined;
      key = anchorless.find((s) => (titleText !== undefined && s.shapes.title?.text === titleText) || (notes && s.notes === notes))?.key;
    }
    if (key) keyOf.set(part, key);
    else report.addedSlides.push(i + 1);
  });
  const present = new Map<string, number>();
  for (const key of keyOf.values()) present.set(key, (present.get(key) ?? 0) + 1);
  report.duplicatedSlides = [...present].filter(([, n]) => n > 1).map(([k]) => k);
  report.deletedSlides = old.slides.filter((s) => !present.has(s.key)).map((s) => s.key);
  report.newSlides = manifest.slides.filter((s) => !oldByKey.has(s.key)).map((s) => s.key);

  // 2. figures behind the slides that are still there (once per slide, however often it is duplicated)
  for (const key of present.keys()) {
    const was = oldByKey.get(key)!;
    const now = newByKey.get(key);
    if (now) report.figures.push(...figureChanges(was, now));
    if (now) report.bars.push(...barChanges(was, now));
    for (const [claim, outcome] of Object.entries(was.claims ?? {})) {
      const next = now?.claims?.[claim];
      if (next !== undefined && next !== outcome) report.claims.push({ slide: key, claim, old: outcome, new: next });
    }
  }

  // 3. per slide, per bound shape
  for (const part of slideParts) {
    const key = keyOf.get(part);
    if (!key) continue;
    const was = oldByKey.get(key)!;
    const now = newByKey.get(key);
    if (!now) continue; // the caller refuses a deck whose slides the new data cannot build
    const moved = figureMoves(was, now);
    const newPart = built.parts.get(key)!;
    const newShapes = listShapes(strFromU8(newFiles[newPart]));
    const newShape = (box: string) => newShapes.find((s) => (box === 'title' ? s.isTitle : s.name === shapeName(key, box)));
    let xml = strFromU8(files[part]);
    const seen = new Set<string>();
    // Last to first: replacements change lengths after the shape only.
    for (const shape of listShapes(xml).reverse()) {
      const parsed = parseShapeName(shape.name);
      const box = parsed && parsed.key === key ? parsed.box : shape.isTitle ? 'title' : undefined;
      if (!box || !was.shapes[box] || seen.has(box)) continue;
      seen.add(box);
      const replacement = mergeShape({ files, part, shape, box, key, was, now, newShape: newShape(box), newFiles, newPart, report, moved });
      if (replacement !== undefined) xml = xml.slice(0, shape.start) + replacement + xml.slice(shape.end);
    }
    for (const box of Object.keys(was.shapes)) if (!seen.has(box) && now.shapes[box]) report.missing.push({ slide: key, box });
    // Shapes the new data brings (a small-base flag): added where the build puts them.
    for (const box of Object.keys(now.shapes)) {
      if (was.shapes[box] || seen.has(box)) continue;
      const add = newShape(box);
      if (!add) continue;
      const imported = importRelationships(add.xml, newFiles, newPart, files, part, changedParts);
      xml = xml.replace(/<\/p:spTree>/, `${withFreshId(imported, xml)}</p:spTree>`);
      if (box === 'warning') report.flags.push({ slide: key, change: 'appeared', text: now.shapes[box].text ?? '' });
      else report.updated.push({ slide: key, box, old: '', new: now.shapes[box].text ?? '' });
    }
    put(part, xml);

    // notes
    const notesPart = notesPartOf(files, part);
    const newNotesPart = notesPartOf(newFiles, newPart);
    if (notesPart && files[notesPart] && newNotesPart && (was.notes ?? '') !== (now.notes ?? '')) {
      const notesXml = strFromU8(files[notesPart]);
      const body = notesBody(notesXml);
      const newBody = notesBody(strFromU8(newFiles[newNotesPart]));
      if (body && newBody) {
        const current = shapeText(body.xml);
        if (current === (was.notes ?? '')) {
          const replaced = replaceText(body.xml, newBody.xml);
          put(notesPart, notesXml.slice(0, body.start) + replaced + notesXml.slice(body.end));
          noteTextChange(report, key, 'notes', was.notes ?? '', now.notes ?? '');
        } else {
          report.stale.push(staleEntry(key, 'notes', was.notes ?? '', now.notes ?? '', current, moved));
        }
      }
    }
  }
  mergeFooter(files, old, newFiles, report, put);
  dedupeReport(report);

  // 4. parts nothing points at any more (replaced chart pictures)
  dropUnreferencedMedia(files, changedParts);

  // 5. the manifest of what this deck now holds as generated
  const touched = () => Object.keys(files).length !== Object.keys(edited).length || Object.keys(files).some((p) => files[p] !== edited[p]);
  if (touched() || JSON.stringify(old) !== JSON.stringify(manifest)) putManifest(files, manifest);
  return { files, report, changed: touched() };
}

/**
 * The footer of the content layouts ("Source: … · N = 321 · licence"), which is in the slide layouts,
 * not on a slide: the new one where it is as the build wrote it (a deck whose manifest predates the
 * record: where it differs only in its figures), else kept and reported as text to check.
 */
function mergeFooter(files: Record<string, Uint8Array>, old: RefreshManifest, newFiles: Record<string, Uint8Array>, report: UpdateReport, put: (part: string, xml: string) => void): void {
  const next = new Map(layoutFooters(newFiles).map((f) => [f.part, f]));
  for (const { part, xml, shape } of layoutFooters(files)) {
    const built = next.get(part);
    if (!built) continue;
    const current = shapeText(shape.xml);
    const now = shapeText(built.shape.xml);
    if (current === now) continue;
    const was = old.footer ?? (masked(current) === masked(now) ? current : undefined);
    if (current === was) {
      put(part, xml.slice(0, shape.start) + replaceText(shape.xml, built.shape.xml) + xml.slice(shape.end));
      noteTextChange(report, FOOTER_KEY, 'footer', current, now);
    } else if (was === now) {
      report.keptEdited.push({ slide: FOOTER_KEY, box: 'footer' });
    } else {
      report.stale.push(staleEntry(FOOTER_KEY, 'footer', was ?? current, now, current, movesOf([[was ?? current, now]])));
    }
  }
}

/** How the report names the layouts' footer, which belongs to no slide. */
const FOOTER_KEY = '(footer)';

interface ShapeMerge {
  files: Record<string, Uint8Array>;
  part: string;
  shape: ShapeXml;
  box: string;
  key: string;
  was: SlideRecord;
  now: SlideRecord;
  newShape: ShapeXml | undefined;
  newFiles: Record<string, Uint8Array>;
  newPart: string;
  report: UpdateReport;
  /** Printed figures of this slide that the new data changes: old → new. */
  moved: Map<string, string>;
}

/** The shape's new XML, '' to remove it, or undefined to leave it as it is. */
function mergeShape(m: ShapeMerge): string | undefined {
  const { shape, box, key, was, now, newShape, report, moved } = m;
  const old = was.shapes[box];
  const next = now.shapes[box];
  if (shape.tag === 'pic') {
    const media = blipTarget(m.files, m.part, shape.xml);
    const current = media && m.files[media] ? sha256Hex(m.files[media]) : undefined;
    if (!next || !newShape) return undefined;
    let xml = shape.xml;
    if (current !== old.media) report.keptPictures.push({ slide: key, box });
    else if (next.media !== old.media) {
      const newMedia = blipTarget(m.newFiles, m.newPart, newShape.xml);
      if (newMedia) {
        retargetBlip(m.files, m.part, xml, newMedia, m.newFiles[newMedia]);
        report.charts.push({ slide: key, box });
      }
    }
    // Alt text follows the data unless the person rewrote it.
    const descr = attr(/<p:cNvPr\b[^>]*>/.exec(xml)?.[0] ?? '', 'descr') ?? '';
    if (descr === (old.descr ?? '') && next.descr !== old.descr) {
      xml = xml.replace(/(<p:cNvPr\b[^>]*?)\sdescr="[^"]*"/, `$1 descr="${encodeXml(next.descr ?? '')}"`);
      if (!/<p:cNvPr\b[^>]*\sdescr=/.test(xml)) xml = xml.replace(/<p:cNvPr\b/, `<p:cNvPr descr="${encodeXml(next.descr ?? '')}"`);
    }
    return xml === shape.xml ? undefined : xml;
  }
  if (shape.tag === 'graphicFrame') return next && newShape ? mergeNativeChart(m, old.descr ?? '', next.descr ?? '') : undefined;
  if (shape.tag !== 'sp') return undefined;
  const current = shapeText(shape.xml);
  const oldText = old.text ?? '';
  if (!next || !newShape) {
    // Gone from the new build: a small-base flag that no longer applies, say.
    if (current !== oldText) {
      report.stale.push(staleEntry(key, box, oldText, '', current, moved));
      return undefined;
    }
    if (box === 'warning') report.flags.push({ slide: key, change: 'vanished', text: oldText });
    else report.updated.push({ slide: key, box, old: oldText, new: '' });
    return '';
  }
  const newText = next.text ?? '';
  if (current !== oldText) {
    // Rewritten text stays; it is stale when its generated version changed or it quotes a figure that did.
    const entry = staleEntry(key, box, oldText, newText, current, moved);
    if (newText !== oldText || entry.oldFigures.length > 0) report.stale.push(entry);
    else report.keptEdited.push({ slide: key, box });
    return undefined;
  }
  if (newText === oldText) return undefined;
  noteTextChange(report, key, box, oldText, newText);
  return importRelationships(replaceText(shape.xml, newShape.xml), m.newFiles, m.newPart, m.files, m.part, undefined);
}

/**
 * A native chart: new data in the person's styling (native-chart.ts), the new workbook, and the frame's
 * alt text and title unless rewritten (LibreOffice drops both; an empty one is restored).
 */
function mergeNativeChart(m: ShapeMerge, oldDescr: string, newDescr: string): string | undefined {
  const { shape, newShape, key, box, report } = m;
  const part = chartPartOf(m.files, m.part, shape.xml);
  const newPart = newShape && chartPartOf(m.newFiles, m.newPart, newShape.xml);
  if (!part || !newPart || !m.files[part] || !m.newFiles[newPart]) {
    report.missing.push({ slide: key, box });
    return undefined;
  }
  const was = strFromU8(m.files[part]);
  const now = strFromU8(m.newFiles[newPart]);
  let xml = refreshChartXml(was, now) ?? now;
  const workbook = workbookOf(m.newFiles, newPart);
  if (workbook) xml = attachWorkbook(m.files, part, xml, workbook);
  if (xml !== was) {
    m.files[part] = strToU8(xml);
    report.charts.push({ slide: key, box });
  }
  let frame = shape.xml;
  const cNvPr = /<p:cNvPr\b[^>]*>/.exec(frame)?.[0] ?? '';
  const descr = attr(cNvPr, 'descr') ?? '';
  if ((descr === '' || descr === oldDescr) && descr !== newDescr) {
    const title = newShape ? attr(/<p:cNvPr\b[^>]*>/.exec(newShape.xml)?.[0] ?? '', 'title') : undefined;
    let fixed = cNvPr.replace(/\s(descr|title)="[^"]*"/g, '');
    fixed = fixed.replace(/^<p:cNvPr\b/, `<p:cNvPr descr="${encodeXml(newDescr)}"${title !== undefined ? ` title="${encodeXml(title)}"` : ''}`);
    frame = frame.replace(cNvPr, fixed);
  }
  return frame === shape.xml ? undefined : frame;
}

function noteTextChange(report: UpdateReport, slide: string, box: string, old: string, now: string): void {
  report.updated.push({ slide, box, old, new: now });
  if (masked(old) !== masked(now)) report.sentences.push({ slide, box, old, new: now });
}

/**
 * The printed figures of a slide that change with the new data, old → new: each generated text's
 * figures paired in order with the same text's new figures (a sentence keeps its figures' order).
 */
function figureMoves(was: SlideRecord, now: SlideRecord): Map<string, string> {
  const pairs: [string, string][] = Object.keys(was.shapes).map((box) => [was.shapes[box].text ?? was.shapes[box].descr ?? '', now.shapes[box]?.text ?? now.shapes[box]?.descr ?? '']);
  pairs.push([was.notes ?? '', now.notes ?? '']);
  return movesOf(pairs);
}

/** Generated texts, old → new (a slide's, or the footer): each one's figures paired in order with its new ones. */
function movesOf(pairs: [string, string][]): Map<string, string> {
  const moves = new Map<string, string>();
  for (const [old, next] of pairs) {
    const a = figuresIn(old);
    const b = figuresIn(next);
    if (a.length !== b.length) continue;
    a.forEach((f, i) => {
      if (f !== b[i] && !moves.has(f)) moves.set(f, b[i]);
    });
  }
  // A figure that also stays the same somewhere on the slide is ambiguous: "45%" may be another number.
  for (const [old, next] of pairs) {
    const a = figuresIn(old);
    const b = new Set(figuresIn(next));
    for (const f of a) if (b.has(f) && old === next) moves.delete(f);
  }
  return moves;
}

function staleEntry(slide: string, box: string, old: string, now: string, edited: string, moved: Map<string, string>): UpdateReport['stale'][number] {
  const quoted = [...new Set(figuresIn(edited))].filter((f) => moved.has(f));
  return { slide, box, old, new: now, edited, oldFigures: quoted, figureChanges: quoted.map((f) => `${f} → ${moved.get(f)}`) };
}

/**
 * Put the new text into the shape. When paragraphs and runs line up one to one (the usual case: a
 * figure changed inside a run), only `<a:t>` changes and every run keeps the person's formatting;
 * otherwise the new paragraphs replace the old ones under the shape's own body properties.
 */
export function replaceText(shapeXml: string, newShapeXml: string): string {
  const body = /<p:txBody>([\s\S]*?)<\/p:txBody>/.exec(shapeXml);
  const newBody = /<p:txBody>([\s\S]*?)<\/p:txBody>/.exec(newShapeXml);
  if (!body || !newBody) return shapeXml;
  const paragraphs = (inner: string) => [...inner.matchAll(/<a:p\b[^>]*?(?:\/>|>[\s\S]*?<\/a:p>)/g)].map((m) => m[0]);
  const runs = (p: string) => [...p.matchAll(/<a:t>[^<]*<\/a:t>|<a:t\/>/g)].map((m) => m[0]);
  const mine = paragraphs(body[1]);
  const theirs = paragraphs(newBody[1]);
  let inner: string;
  if (mine.length === theirs.length && mine.every((p, i) => runs(p).length === runs(theirs[i]).length)) {
    inner = body[1];
    let at = 0;
    mine.forEach((p, i) => {
      const start = inner.indexOf(p, at);
      const texts = runs(theirs[i]);
      let k = 0;
      const fixed = p.replace(/<a:t>[^<]*<\/a:t>|<a:t\/>/g, () => texts[k++]);
      inner = inner.slice(0, start) + fixed + inner.slice(start + p.length);
      at = start + fixed.length;
    });
  } else {
    const first = body[1].search(/<a:p\b(?!Pr)/);
    const head = first >= 0 ? body[1].slice(0, first) : body[1];
    inner = head + theirs.join('');
  }
  return shapeXml.slice(0, body.index) + `<p:txBody>${inner}</p:txBody>` + shapeXml.slice(body.index + body[0].length);
}

/** Copy the relationships a fragment of the new build uses (hyperlinks, pictures) into the edited slide. */
function importRelationships(
  fragment: string,
  fromFiles: Record<string, Uint8Array>,
  fromPart: string,
  toFiles: Record<string, Uint8Array>,
  toPart: string,
  changed: Set<string> | undefined,
): string {
  const ids = [...new Set([...fragment.matchAll(/\sr:(?:id|embed|link)="([^"]+)"/g)].map((m) => m[1]))];
  if (ids.length === 0) return fragment;
  const fromRels = parseRels(strFromU8(fromFiles[relsPartFor(fromPart)] ?? new Uint8Array()));
  const toRelsPart = relsPartFor(toPart);
  let toRels = toFiles[toRelsPart] ? strFromU8(toFiles[toRelsPart]) : '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>';
  const taken = new Set(parseRels(toRels).map((r) => r.id));
  let out = fragment;
  for (const id of ids) {
    const rel = fromRels.find((r) => r.id === id);
    if (!rel) continue;
    let fresh = 1;
    while (taken.has(`rIdSd${fresh}`)) fresh++;
    const newId = `rIdSd${fresh}`;
    taken.add(newId);
    let target = rel.target;
    if (!rel.external) {
      const part = resolveTarget(relsPartFor(fromPart), rel.target);
      if (!toFiles[part] && fromFiles[part]) toFiles[part] = fromFiles[part];
      target = relativeTarget(toRelsPart, part);
    }
    toRels = toRels.replace('</Relationships>', `<Relationship Id="${newId}" Type="${encodeXml(rel.type)}" Target="${encodeXml(target)}"${rel.external ? ' TargetMode="External"' : ''}/></Relationships>`);
    out = out.split(`"${id}"`).join(`"${newId}"`);
  }
  toFiles[toRelsPart] = strToU8(toRels);
  changed?.add(toRelsPart);
  return out;
}

/** A shape id one above the slide's highest, so an added shape never collides. */
function withFreshId(shapeXml: string, slideXml: string): string {
  const max = Math.max(0, ...[...slideXml.matchAll(/<p:cNvPr\b[^>]*?\sid="(\d+)"/g)].map((m) => Number(m[1])));
  return shapeXml.replace(/(<p:cNvPr\b[^>]*?\sid=")\d+"/, `$1${max + 1}"`);
}

/** Point the picture's relationship at the new image, stored once under a name from its hash. */
function retargetBlip(files: Record<string, Uint8Array>, slidePart: string, picXml: string, newMedia: string, bytes: Uint8Array): void {
  const id = /<a:blip\b[^>]*\sr:embed="([^"]+)"/.exec(picXml)?.[1];
  const relsPart = relsPartFor(slidePart);
  if (!id || !files[relsPart]) return;
  const ext = newMedia.slice(newMedia.lastIndexOf('.'));
  const hash = sha256Hex(bytes);
  const existing = Object.keys(files).find((p) => p.startsWith('ppt/media/') && files[p].length === bytes.length && sha256Hex(files[p]) === hash);
  const part = existing ?? `ppt/media/sd-${hash.slice(0, 16)}${ext}`;
  files[part] = files[part] ?? bytes;
  const rels = strFromU8(files[relsPart]);
  files[relsPart] = strToU8(
    rels.replace(/<Relationship\b[^>]*>/g, (tag) => (attr(tag, 'Id') === id ? tag.replace(/\sTarget="[^"]*"/, ` Target="${encodeXml(relativeTarget(relsPart, part))}"`) : tag)),
  );
}

function dropUnreferencedMedia(files: Record<string, Uint8Array>, changed: Set<string>): void {
  const referenced = new Set<string>();
  for (const relsPart of Object.keys(files).filter((p) => p.endsWith('.rels'))) {
    for (const rel of parseRels(strFromU8(files[relsPart]))) if (!rel.external) referenced.add(resolveTarget(relsPart, rel.target));
  }
  const dropped = Object.keys(files).filter((part) => part.startsWith('ppt/media/') && !referenced.has(part));
  if (dropped.length === 0) return;
  for (const part of dropped) {
    delete files[part];
    changed.add(part);
  }
  // LibreOffice declares an Override per picture: one for a part that is gone would be invalid.
  const types = strFromU8(files['[Content_Types].xml']);
  const gone = new Set(dropped.map((p) => `/${p}`));
  const fixed = types.replace(/<Override\b[^>]*\/>/g, (tag) => (gone.has(attr(tag, 'PartName') ?? '') ? '' : tag));
  if (fixed !== types) files['[Content_Types].xml'] = strToU8(fixed);
}

function figureChanges(was: SlideRecord, now: SlideRecord): FigureChange[] {
  const out: FigureChange[] = [];
  for (const [figure, value] of Object.entries(was.figures ?? {})) {
    const next = now.figures?.[figure];
    if (next !== undefined && next !== value) out.push({ slide: was.key, figure, old: value, new: next });
  }
  if (was.chart && now.chart) {
    const newRows = new Map(now.chart.rows.map((r) => [rowLabel(r), r]));
    for (const row of was.chart.rows) {
      const next = newRows.get(rowLabel(row));
      if (!next) continue;
      for (const [field, value] of Object.entries(row)) {
        if (typeof value === 'number' && typeof next[field] === 'number' && next[field] !== value) out.push({ slide: was.key, figure: `chart: ${rowLabel(row)} (${field})`, old: value, new: next[field] });
      }
    }
  }
  return out;
}

/** A chart row named by its text fields: label, code, series … (`Webhooks · 6`). */
const rowLabel = (row: ChartRow) =>
  Object.entries(row)
    .filter(([, v]) => typeof v === 'string')
    .map(([, v]) => v)
    .join(' · ');

/** Bars a slide's chart gains or loses with the new data: an answer new in this wave, or one gone. */
function barChanges(was: SlideRecord, now: SlideRecord): UpdateReport['bars'] {
  if (!was.chart || !now.chart) return [];
  const before = new Set(was.chart.rows.map(rowLabel));
  const after = new Set(now.chart.rows.map(rowLabel));
  const share = (row: ChartRow) => (typeof row.share === 'number' ? { share: row.share } : {});
  return [
    ...now.chart.rows.filter((r) => !before.has(rowLabel(r))).map((r) => ({ slide: was.key, bar: rowLabel(r), change: 'added' as const, ...share(r) })),
    ...was.chart.rows.filter((r) => !after.has(rowLabel(r))).map((r) => ({ slide: was.key, bar: rowLabel(r), change: 'removed' as const, ...share(r) })),
  ];
}

/** A duplicated slide is updated once per copy; report each change once. */
function dedupeReport(report: UpdateReport): void {
  for (const k of ['updated', 'sentences', 'stale', 'keptEdited', 'flags', 'charts', 'keptPictures', 'missing'] as const) {
    const seen = new Set<string>();
    (report[k] as unknown[]) = (report[k] as unknown[]).filter((x) => {
      const id = JSON.stringify(x);
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
  }
}
