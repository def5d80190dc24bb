import { describe, expect, it } from 'vitest';
import { formatNumber, formatPercent, ratio, roundPercent } from '../../src/bind/format.js';
import { stripInstructions } from '../../src/bind/labels.js';

describe('number formats', () => {
  it('rounds half-up as the report does, even when the double is just below the half', () => {
    expect(0.835 * 100).toBeLessThan(83.5 + 1e-9);
    expect(roundPercent(0.835)).toBe(84);
    expect(roundPercent(77 / 100)).toBe(77);
    expect(formatPercent(0.125, 'en')).toBe('13%');
    expect(formatPercent(0.124, 'en')).toBe('12%');
  });

  it('puts the locale spacing before % in German and French', () => {
    expect(formatPercent(0.84, 'de')).toMatch(/^84\s%$/u);
    expect(formatPercent(0.84, 'fr')).toMatch(/^84\s%$/u);
    expect(formatPercent(0.84, 'en')).toBe('84%');
  });

  it('writes a negative number with a minus sign, not a hyphen, and never "−0"', () => {
    expect(formatNumber(-49, 'en')).toBe('\u221249');
    expect(formatNumber(-1234, 'de')).toBe('\u22121.234');
    expect(formatNumber(-2.5, 'fr', 1)).toBe('\u22122,5');
    expect(formatNumber(-0.3, 'en')).toBe('0');
    expect(formatNumber(25, 'en')).toBe('25');
  });

  it('phrases ratios to one decimal', () => {
    expect(ratio(0.77, 0.19)).toBe(4.1);
    expect(ratio(1, 0)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('answering instructions', () => {
  it('are left out of titles and labels: "(select one)", "(please specify)", Alchemer\'s "Other - Write In"', () => {
    expect(stripInstructions('Which region? (select one)')).toBe('Which region?');
    expect(stripInstructions('Other (please specify)')).toBe('Other');
    expect(stripInstructions('Other - Write In')).toBe('Other');
    expect(stripInstructions('Autre: please specify')).toBe('Autre');
    // Words that only look alike stay.
    expect(stripInstructions('Write-in candidates')).toBe('Write-in candidates');
    expect(stripInstructions('Self-hosted - write ins')).toBe('Self-hosted - write ins');
  });
});
