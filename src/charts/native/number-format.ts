// Charts stage, native charts: a d3-format specifier (as a Vega-Lite spec writes it, `.0%`) → an
// OOXML number format code for the request locale (`0%`, `0" "%` in de and fr). Pure.
//
// A number format can place literal text (the locale's space before `%`, a significance marker) but
// not choose the decimal or grouping separator: `0.0` shows `45.5` or `45,5` as the viewer's locale
// says, whatever the deck's locale. That is documented in the README.
import type { Locale } from '../../ir.js';
import { numberLocaleFor } from '../number-locale.js';

const D3_SPECIFIER = /^(?:(.)?([<>=^]))?([+\-( ])?([$#])?(0)?(\d+)?(,)?(\.\d+)?(~)?([a-z%])?$/i;

/** The format code, or undefined when the specifier uses something a number format cannot say. */
export function numberFormatFor(specifier: string, locale: Locale): string | undefined {
  const m = D3_SPECIFIER.exec(specifier);
  if (!m) return undefined;
  const [, , align, sign, symbol, , , comma, precision, trim, type] = m;
  if (align || (sign && sign !== '-') || symbol || trim) return undefined;
  const digits = precision ? Number(precision.slice(1)) : undefined;
  const integer = comma ? '#,##0' : '0';
  const decimals = (n: number) => (n > 0 ? '.' + '0'.repeat(n) : '');
  switch (type ?? '') {
    case '%': {
      const suffix = numberLocaleFor(locale).percent; // '%', or NBSP / narrow NBSP + '%'
      const before = suffix.slice(0, suffix.lastIndexOf('%'));
      return `${integer}${decimals(digits ?? 0)}${before ? quoteLiteral(before) : ''}%`;
    }
    case 'f':
      return `${integer}${decimals(digits ?? 6)}`;
    case 'd':
      return integer;
    case '':
      return digits === undefined ? `${integer}${comma ? '' : ''}` : undefined;
    default:
      return undefined;
  }
}

/** Text shown as is in a number format: `" ▲"`. A double quote cannot appear inside, so it is dropped. */
export function quoteLiteral(text: string): string {
  return `"${text.replace(/"/g, '')}"`;
}

/** `0%` + a marker after the value: `0%" ▲"`; before it: `"≈ "0%`. The value stays linked. */
export function withLiteral(format: string, literal: { before?: string; after?: string }): string {
  return `${literal.before ? quoteLiteral(literal.before) : ''}${format}${literal.after ? quoteLiteral(literal.after) : ''}`;
}
