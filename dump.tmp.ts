import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { readManifest } from './src/assemble/refresh-manifest.js';
const files = unzipSync(readFileSync(process.argv[2]));
const r = readManifest(files);
const from = Number(process.argv[3] ?? 1), to = Number(process.argv[4] ?? 999);
if ('manifest' in r) for (const [i, s] of r.manifest.slides.entries()) { if (i+1 < from || i+1 > to) continue; console.log(`--- ${i+1} ${s.key} ${s.kind} ${JSON.stringify(s.claims ?? {})}`);
 for (const [b, v] of Object.entries(s.shapes)) console.log(`  [${b}] ${v.text ?? ''}${v.descr ? ' DESCR: ' + v.descr : ''}`);
 if (s.notes) console.log(`  [notes] ${s.notes}`);
 if (s.chart) console.log(`  [rows ${s.chart.spec}] ` + s.chart.rows.map(r => Object.entries(r).map(([k, v]) => typeof v === 'number' && k === 'share' ? (v*100).toFixed(1) : v).join('/')).join(' ; '));
}
