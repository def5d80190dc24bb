// Types for the part of `vega-format` (vega's own number formatting) surveydeck uses; it ships none.
declare module 'vega-format' {
  export function locale(numberLocale: unknown): { format: (spec: string) => (v: number) => string };
}
