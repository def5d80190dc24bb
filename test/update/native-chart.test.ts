// A native chart the person restyled takes the new data and keeps the styling; its workbook is
// restored (LibreOffice drops it on save). Hand-written chart parts in the shape LibreOffice writes.
import { strFromU8, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { attachWorkbook, refreshChartXml, workbookOf } from '../../src/update/native-chart.js';

const C = 'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"';
const cache = (values: number[]) =>
  `<c:val><c:numRef><c:f>Sheet1!$B$2:$B$${values.length + 1}</c:f><c:numCache><c:formatCode>0%</c:formatCode><c:ptCount val="${values.length}"/>${values
    .map((v, i) => `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>`)
    .join('')}</c:numCache></c:numRef></c:val>`;
const cat = (labels: string[]) =>
  `<c:cat><c:strRef><c:f>Sheet1!$A$2:$A$${labels.length + 1}</c:f><c:strCache><c:ptCount val="${labels.length}"/>${labels
    .map((l, i) => `<c:pt idx="${i}"><c:v>${l}</c:v></c:pt>`)
    .join('')}</c:strCache></c:strRef></c:cat>`;
const ser = (idx: number, colour: string, labels: string[], values: number[]) =>
  `<c:ser><c:idx val="${idx}"/><c:order val="${idx}"/><c:tx><c:v>Share</c:v></c:tx><c:spPr><a:solidFill><a:srgbClr val="${colour}"/></a:solidFill></c:spPr><c:dPt><c:idx val="1"/><c:spPr><a:solidFill><a:srgbClr val="${colour}"/></a:solidFill></c:spPr></c:dPt>${cat(labels)}${cache(values)}</c:ser>`;
const chart = (series: string, tail = '') =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<c:chartSpace ${C}><c:chart><c:plotArea><c:barChart><c:barDir val="bar"/>${series}</c:barChart></c:plotArea></c:chart><c:spPr><a:noFill/></c:spPr><c:txPr><a:bodyPr/></c:txPr>${tail}</c:chartSpace>`;

const labels = ['Lead', 'Consulted', 'Occasionally'];
// What the person saved: series recoloured red (LibreOffice keeps per-point colours), old values.
const edited = chart(ser(0, 'C00000', labels, [0.05, 0.37, 0.41]));
// What the new wave builds: brand colour, new values, a workbook relationship.
const rebuilt = chart(ser(0, '1F3A5F', labels, [0.05, 0.26, 0.3]), '<c:externalData r:id="rId1"><c:autoUpdate val="0"/></c:externalData>');

describe('native chart refresh', () => {
  it('takes every series’ data from the new chart and keeps the edited colours', () => {
    const out = refreshChartXml(edited, rebuilt)!;
    expect(out).toContain('<c:v>0.26</c:v>');
    expect(out).not.toContain('<c:v>0.37</c:v>');
    expect(out.match(/srgbClr val="C00000"/g)).toHaveLength(2); // series and data point
    expect(out).not.toContain('1F3A5F');
    expect(refreshChartXml(edited, edited)).toBe(edited); // nothing new: not a byte changes
  });

  it('takes the new chart\'s per-bar formatting where the answers changed: a colour by position would land on another bar', () => {
    // The new wave adds an answer before "Occasionally": the edited highlight at point 1 ("Consulted")
    // would colour "Consulted" still, but the new chart formats point 2 (its own highlight rule).
    const added = ['Lead', 'Webhooks', 'Consulted', 'Occasionally'];
    const withPoint = (colour: string, at: number) => ser(0, '1F3A5F', added, [0.05, 0.3, 0.26, 0.3]).replace('<c:dPt><c:idx val="1"/>', `<c:dPt><c:idx val="${at}"/>`).replace(/(<c:dPt>[\s\S]*?srgbClr val=")1F3A5F/, `$1${colour}`);
    const out = refreshChartXml(edited, chart(withPoint('F2A541', 2)))!;
    const points = [...out.matchAll(/<c:dPt><c:idx val="(\d+)"\/><c:spPr><a:solidFill><a:srgbClr val="([0-9A-F]+)"/g)].map((m) => [m[1], m[2]]);
    expect(points).toEqual([['2', 'F2A541']]);
    expect(out).toMatch(/<c:ser>.*?<c:spPr><a:solidFill><a:srgbClr val="C00000"/); // the series colour the person chose stays
    // Same answers: the person's per-bar colour stays where it was.
    expect([...refreshChartXml(edited, rebuilt)!.matchAll(/<c:dPt><c:idx val="(\d+)"/g)].map((m) => m[1])).toEqual(['1']);
  });

  it('takes the new value axis bounds the build computed, or any a new value passes; keeps a bound a person typed that the data fit', () => {
    const valAx = (max: number | string, min = 0) => `<c:valAx><c:axId val="2"/><c:scaling><c:orientation val="minMax"/><c:max val="${max}"/><c:min val="${min}"/></c:scaling></c:valAx>`;
    const maxOf = (xml: string) => /<c:valAx>[\s\S]*?<c:max val="([^"]*)"/.exec(xml)![1];
    // Built at the old wave's largest share (0.41 → 0.4455…); the new wave's largest is 0.52: the old
    // maximum would cut the bar off at 0.4455.
    const built = chart(ser(0, 'C00000', labels, [0.05, 0.37, 0.41]) + valAx(0.44553360326));
    const grown = chart(ser(0, '1F3A5F', labels, [0.05, 0.26, 0.52]) + valAx(0.5651376146));
    expect(maxOf(refreshChartXml(built, grown)!)).toBe('0.5651376146');
    // A computed bound follows the data down too: the bars keep the room a fresh build gives them.
    const shrunk = chart(ser(0, '1F3A5F', labels, [0.05, 0.2, 0.25]) + valAx(0.2717391304));
    expect(maxOf(refreshChartXml(built, shrunk)!)).toBe('0.2717391304');
    // The person set the axis to 0–60%: kept while the new values fit, replaced when one passes it.
    const typed = chart(ser(0, 'C00000', labels, [0.05, 0.37, 0.41]) + valAx(0.6));
    expect(maxOf(refreshChartXml(typed, grown)!)).toBe('0.6');
    const over = chart(ser(0, '1F3A5F', labels, [0.05, 0.26, 0.71]) + valAx(0.7717391304));
    expect(maxOf(refreshChartXml(typed, over)!)).toBe('0.7717391304');
  });

  it('gives up (the new chart replaces it whole) when the series do not line up', () => {
    const two = chart(ser(0, '1F3A5F', labels, [0.1, 0.2, 0.3]) + ser(1, '888888', labels, [0.3, 0.2, 0.1]));
    expect(refreshChartXml(edited, two)).toBeUndefined();
  });

  it('gives up when the same series come in another order, or an axis runs the other way (a deck built by an older surveydeck)', () => {
    const wave = (name: string, idx: number, colour: string, values: number[]) => ser(idx, colour, labels, values).replace('<c:v>Share</c:v>', `<c:v>${name}</c:v>`);
    const axes = (dir: string) => `<c:catAx><c:scaling><c:orientation val="${dir}"/></c:scaling></c:catAx>`;
    const old = chart(wave('2024', 0, '1F3A5F', [0.1, 0.2, 0.3]) + wave('2023', 1, 'AAAAAA', [0.2, 0.2, 0.2]) + axes('maxMin'));
    // Today's build: the same two waves, drawn in the other order, so each would keep the other's colour.
    expect(refreshChartXml(old, chart(wave('2023', 0, 'AAAAAA', [0.2, 0.2, 0.2]) + wave('2024', 1, '1F3A5F', [0.1, 0.2, 0.3]) + axes('maxMin')))).toBeUndefined();
    // The same order, categories drawn the other way up.
    expect(refreshChartXml(old, chart(wave('2024', 0, '1F3A5F', [0.1, 0.2, 0.3]) + wave('2023', 1, 'AAAAAA', [0.2, 0.2, 0.2]) + axes('minMax')))).toBeUndefined();
    // A new wave (2025 against 2024) in the same places takes the data, and the edited colours stay.
    const next = refreshChartXml(old, chart(wave('2025', 0, '000000', [0.4, 0.2, 0.3]) + wave('2024', 1, '111111', [0.1, 0.2, 0.3]) + axes('maxMin')))!;
    expect(next).toContain('<c:v>2025</c:v>');
    expect(next).toContain('1F3A5F');
    expect(next).not.toContain('000000');
  });

  it('restores the workbook LibreOffice dropped, after spPr and txPr as the schema orders them', () => {
    const files: Record<string, Uint8Array> = {
      '[Content_Types].xml': strToU8('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'),
      'ppt/charts/chart7.xml': strToU8(edited),
    };
    const workbook = strToU8('PK-not-really-a-workbook');
    const xml = attachWorkbook(files, 'ppt/charts/chart7.xml', edited, workbook);
    expect(xml).toMatch(/<\/c:txPr><c:externalData xmlns:r="[^"]+" r:id="rIdSdWorkbook"><c:autoUpdate val="0"\/><\/c:externalData><\/c:chartSpace>$/);
    expect(strFromU8(files['ppt/charts/_rels/chart7.xml.rels'])).toMatch(/Id="rIdSdWorkbook" Type="[^"]*\/package" Target="\.\.\/embeddings\/sd-[0-9a-f]{16}\.xlsx"/);
    expect(strFromU8(files['[Content_Types].xml'])).toContain('Extension="xlsx"');
    expect(workbookOf(files, 'ppt/charts/chart7.xml')).toEqual(workbook);
    // A second time: the workbook is there, nothing changes.
    files['ppt/charts/chart7.xml'] = strToU8(xml);
    expect(attachWorkbook(files, 'ppt/charts/chart7.xml', xml, workbook)).toBe(xml);
  });
});
