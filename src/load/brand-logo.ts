// Load stage: a brand's logo path → the checked file. Brand assets stay inside the brand folder (no
// absolute paths, no `../`, no symlink out), and the file must be a PNG, JPEG or SVG of sane size:
// an empty or text file, an SVG with entities or external references, or a picture of 100000 px on a
// side is INVALID_BRAND naming the file here, not a crash inside sharp later. Reads the file.
import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { error } from '../diagnostics.js';
import { INPUT_LIMITS, readBoundedFile } from './input-bounds.js';

/** Largest logo side accepted, in pixels (PNG/JPEG) or SVG user units. The shipped ones are 240. */
export const MAX_LOGO_SIDE = 10_000;

export type LogoFormat = 'png' | 'jpeg' | 'svg';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The logo's absolute path after every check; INVALID_BRAND naming brand.yaml or the logo otherwise. */
export function checkBrandLogo(brandFile: string, logo: string): { file: string; format: LogoFormat } {
  const brandDir = path.dirname(brandFile);
  const refuse = (message: string, file = brandFile) => error('INVALID_BRAND', message, { file, hint: 'put the logo (PNG, JPEG or SVG) in the brand folder and name it relative to brand.yaml' });
  if (path.isAbsolute(logo) || path.win32.isAbsolute(logo)) throw refuse(`logo \`${logo}\` is an absolute path; brand assets stay inside the brand folder`);
  const file = path.resolve(brandDir, logo);
  const stat = statSync(file, { throwIfNoEntry: false });
  if (!stat) throw refuse(`logo \`${logo}\` not found next to brand.yaml`);
  // realpath on both sides: a symlink inside the folder that points out is as much "out" as `../`.
  const inside = path.relative(realpathSync(brandDir), realpathSync(file));
  if (inside.startsWith('..') || path.isAbsolute(inside)) throw refuse(`logo \`${logo}\` is outside the brand folder; brand assets stay inside it`);
  if (!stat.isFile()) throw refuse(`logo \`${logo}\` is not a file`);
  if (stat.size === 0) throw refuse('the logo file is empty', file);
  if (stat.size > INPUT_LIMITS.logoBytes) throw refuse(`the logo file is ${(stat.size / 1024 / 1024).toFixed(1)} MiB; at most ${INPUT_LIMITS.logoBytes / 1024 / 1024} MiB is accepted`, file);
  const bytes = readBoundedFile(file, INPUT_LIMITS.logoBytes, 'the logo');
  const format = logoFormat(bytes);
  if (!format) throw refuse('the logo is not a PNG, JPEG or SVG file', file);
  const size = format === 'png' ? pngSize(bytes) : format === 'svg' ? svgSize(bytes, refuse, file) : undefined;
  if (size && (size.width > MAX_LOGO_SIDE || size.height > MAX_LOGO_SIDE)) {
    throw refuse(`the logo is ${size.width}×${size.height}; at most ${MAX_LOGO_SIDE} on a side is accepted`, file);
  }
  return { file, format };
}

function logoFormat(bytes: Buffer): LogoFormat | undefined {
  if (bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  const head = bytes.subarray(0, 4096).toString('utf8').replace(/^\uFEFF/, '');
  // XML declaration, comments and a DOCTYPE may come before the root element.
  if (/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*|<!DOCTYPE[^>[]*(\[[\s\S]*?\])?\s*>\s*)*<svg[\s>]/i.test(head)) return 'svg';
  return undefined;
}

/** IHDR width and height: read from the header, before anything is decompressed (a PNG bomb is tiny). */
function pngSize(bytes: Buffer): { width: number; height: number } | undefined {
  if (bytes.length < 24 || bytes.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

function svgSize(bytes: Buffer, refuse: (m: string, f?: string) => Error, file: string): { width: number; height: number } | undefined {
  const text = bytes.toString('utf8');
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw refuse('the SVG logo declares a DOCTYPE or entities; remove them (entities can expand without bound)', file);
  // An <image> or <use> pointing at a file or URL would be read while rendering.
  const external = /\s(?:xlink:)?href\s*=\s*["'](?!#|data:)([^"']*)/i.exec(text);
  if (external) throw refuse(`the SVG logo refers to \`${external[1].slice(0, 80)}\`; a logo must be self-contained`, file);
  const root = /<svg\b[^>]*>/i.exec(text)?.[0] ?? '';
  const attr = (name: string) => {
    const m = new RegExp(`\\s${name}\\s*=\\s*["']\\s*([0-9.eE+-]+)`).exec(root);
    return m ? Number(m[1]) : undefined;
  };
  const viewBox = /\sviewBox\s*=\s*["']\s*[-0-9.eE+]+[\s,]+[-0-9.eE+]+[\s,]+([0-9.eE+]+)[\s,]+([0-9.eE+]+)/.exec(root);
  const width = attr('width') ?? (viewBox ? Number(viewBox[1]) : undefined);
  const height = attr('height') ?? (viewBox ? Number(viewBox[2]) : undefined);
  return width !== undefined && height !== undefined ? { width, height } : undefined;
}
