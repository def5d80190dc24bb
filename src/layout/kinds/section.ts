// Layout stage, `section` slides: a divider on a background of its own, with the section's number large
// above its title and a progress marker (one segment per section, this one lit) that the agenda's
// numbering matches. Pure.
import type { SectionSlide, SlideBox } from '../../ir.js';
import { shapeBox, textBox, titleBox, type LayoutContext } from '../boxes.js';
import { MARGIN_IN, MASTER } from '../geometry.js';

const NUMBER = { x: MARGIN_IN, y: 1.25, w: 4.0, h: 1.7 };
const SUBTITLE = { x: MARGIN_IN, y: MASTER.section.title.y + MASTER.section.title.h + 0.1, w: 11.0, h: 0.9 };
const MARKER = { y: 6.25, h: 0.1, segmentW: 0.9, gapIn: 0.14 };

/** A section's number as the divider and the agenda print it: "01", "02" … */
export const sectionNumber = (index: number): string => String(index + 1).padStart(2, '0');

export function layoutSection(slide: SectionSlide, ctx: LayoutContext): SlideBox[] {
  const boxes: SlideBox[] = [titleBox(ctx, slide)];
  const index = ctx.sectionIndex;
  if (index !== undefined) boxes.push(textBox(ctx, 'section-number', 'section-number', NUMBER, ctx.type.sectionNumberPt, sectionNumber(index), { heading: true, color: 'sectionAccent' }));
  if (slide.subtitle) boxes.push(textBox(ctx, 'subtitle', 'subtitle', SUBTITLE, ctx.type.subtitlePt, slide.subtitle, { color: 'sectionText' }));
  if (index !== undefined) {
    ctx.sections.forEach((_, i) => {
      const box = { x: MARGIN_IN + i * (MARKER.segmentW + MARKER.gapIn), y: MARKER.y, w: MARKER.segmentW, h: MARKER.h };
      boxes.push(shapeBox(box, i === index ? 'sectionAccent' : 'sectionMuted', { name: i === index ? 'Progress current' : 'Progress' }));
    });
  }
  return boxes;
}
