// Contracts between the pipeline stages: survey aggregates, brands, deck plans, slide specs, chart
// requests. Plain data only; every stage takes and returns these shapes.
//
//   ingest ─▶ Aggregates ─▶ bind (templates + catalogue) ─▶ SlideSpec[] ─┬▶ layout ─▶ LaidOutSlide[] ─▶ fit ─▶ assemble ─▶ pptx Buffer
//                                          └▶ ChartRequest[] ─▶ charts ─▶ RenderedChart ┘

// ───────────────────────────── locales ─────────────────────────────

export const LOCALES = ['en', 'zh-CN', 'ja', 'de', 'fr', 'es'] as const;
export type Locale = (typeof LOCALES)[number];

/** BCP 47 tag written as `lang` on every text run. */
export const LANG_TAG: Record<Locale, string> = {
  en: 'en-US',
  'zh-CN': 'zh-CN',
  ja: 'ja-JP',
  de: 'de-DE',
  fr: 'fr-FR',
  es: 'es-ES',
};

export function isEastAsian(locale: Locale): boolean {
  return locale === 'zh-CN' || locale === 'ja';
}

// ───────────────────────────── aggregates ─────────────────────────────
// Written by `surveydeck aggregate`, validated at load by src/load/aggregates-schema.ts.
// Shares are unrounded fractions in 0..1; rounding happens only for display.

/** How a question is counted; the spec's `ranking` and `grid-multi` count as grids, `nps` as numeric or single. */
export type QuestionKind = 'single' | 'multi' | 'grid' | 'numeric' | 'text';

export interface Base {
  /** Respondents in the base: asked the question and answered it (valid cases). */
  n: number;
  /** Respondents who were shown the question (before dropping non-answers). */
  asked: number;
  /** Which population was asked, an id from the survey spec: `all`, `ospo`, `planning`, `no-plan`. */
  population: string;
  /** Who the base is, in English words, e.g. "respondents with an OSPO who answered". */
  description: string;
  /** Whether "Don't know or not sure" answers are inside `n` (the survey spec's `base.nonAnswers`). */
  includesDontKnow: boolean;
  /**
   * When non-answers are out of the base: how many answered nothing but "Don't know", and their share
   * of everyone who answered (n + count), for a footnote such as "excl. don't know, 9%".
   */
  excluded?: {
    count: number;
    share: number;
    /** Which non-answers they gave, when not only "Don't know" (the footnote names them). */
    kinds?: ('dontKnow' | 'noAnswer')[];
  };
  /** Weighted data: Kish effective base (n_eff = (Σw)² / Σw²); tests and small-base rules read `effectiveN ?? n`. */
  effectiveN?: number;
  /** Weighted data: respondents counted, before weighting. */
  unweightedN?: number;
  /** Weighted data: respondents shown the question, before weighting. */
  unweightedAsked?: number;
  /** Weighted data: respondents who answered (non-answers outside the base too), before weighting. */
  unweightedAnswered?: number;
}

/** An answer that is not a substantive finding: never ranked, never named as "most common". */
export type NonAnswer = 'dontKnow' | 'noAnswer' | 'other' | 'none';

/**
 * Non-answers a base leaves out when the spec excludes non-answers: "Don't know", and answers that
 * give none ("Prefer not to say", "Not applicable", "N/A"). "Other" and "None" are answers.
 */
export function outsideBase(kind: NonAnswer | undefined): kind is 'dontKnow' | 'noAnswer' {
  return kind === 'dontKnow' || kind === 'noAnswer';
}

export interface OptionStat {
  code: string;
  label: string;
  count: number;
  /**
   * count / base n. An option outside the base (a "Don't know" when the base excludes non-answers)
   * has its share of everyone who answered instead, and is not drawn.
   */
  share: number;
  /** Set at ingest: "Don't know", "Prefer not to say", "Other (please specify)", "None". */
  nonAnswer?: NonAnswer;
  /** From the survey spec (`shortLabels`): a shorter label for charts where the full one is long. */
  shortLabel?: string;
}

export interface SegmentStat {
  /** Segment id from the survey spec, e.g. `size:large`, `ospo:has`. */
  segment: string;
  base: Base;
  options: OptionStat[];
  /** Numeric questions: the segment's mean, median and range (its options are the question's buckets). */
  numeric?: NumericStat;
  /** NPS questions: the segment's score (its options are detractors, passives, promoters). */
  nps?: NpsStat;
}

export interface GridItem {
  code: string;
  label: string;
  /** From the survey spec (`shortLabels`, by row code): a shorter label for charts where the full one is long. */
  shortLabel?: string;
  base: Base;
  /** One entry per scale level, in scale order. */
  levels: OptionStat[];
  /** The spec's nets on this row's levels. */
  nets?: NetStat[];
}

/** A net declared in the survey spec: respondents giving any of `codes`, counted once each. */
export interface NetStat {
  id: string;
  label: string;
  codes: string[];
  count: number;
  /** count / the base n. */
  share: number;
}

/** Numeric answers: weighted when the survey has a weight column. */
export interface NumericStat {
  mean: number;
  median: number;
  min: number;
  max: number;
  /** The least or the most is the number an answer in words stands for (the spec's `numbers`: "More than 50 years" as 51), not a number anyone gave. */
  openEnds?: true;
}

/** Net Promoter Score: promoters (9–10) − detractors (0–6), in points (−100..100), on the question's base. */
export interface NpsStat {
  score: number;
  promoters: { count: number; share: number };
  passives: { count: number; share: number };
  detractors: { count: number; share: number };
}

/** A ranking question, per item: its mean rank (1 = first) among those who ranked it, and how often it came first or in the top places. */
export interface RankingStat {
  /** The top places counted in `topShare`. */
  top: number;
  items: { code: string; label: string; meanRank: number; firstShare: number; topShare: number; n: number }[];
}

export interface Trend {
  year: number;
  /** 2023 question id as written in the 2023 export. */
  questionId: string;
  base: Base;
  options: OptionStat[];
}

export interface QuestionAggregate {
  id: string;
  section: string;
  kind: QuestionKind;
  /** Full question wording (2024). */
  text: string;
  /** Short wording for slide titles, from the survey spec when the full text is long. */
  shortText?: string;
  /** Options form an ordered scale (sizes, counts, time spans): charts keep code order, not share order. */
  ordinal?: boolean;
  base: Base;
  /** single/multi: per option. grid: empty (see items). numeric: buckets. text: empty. */
  options: OptionStat[];
  /** grid/Likert questions only. */
  items?: GridItem[];
  /** Scale labels in order, grid/Likert only. */
  scale?: string[];
  /**
   * From the survey spec: which end of an ordered scale is good. `ascending`: later options (levels)
   * are better; `descending`: earlier ones are. Absent: the spec does not say (no end is "good").
   */
  polarity?: 'ascending' | 'descending';
  /** Code of the scale's neutral option (level), if it has one. */
  neutral?: string;
  /** Crosstabs by segment question (size, region, ospo). */
  crosstabs?: Record<string, SegmentStat[]>;
  trend?: Trend;
  /** Open-text questions: number of non-empty answers. */
  textAnswers?: number;
  /** Open-text questions: the answers the spec lets the appendix quote (cut to length), as written. */
  verbatims?: string[];
  /** Numeric questions (options are their buckets): mean, median, range. */
  numeric?: NumericStat;
  /** NPS questions (options are detractors, passives, promoters). */
  nps?: NpsStat;
  /** Ranking questions (items are the ranked things, levels their ranks; options the share ranked first). */
  ranking?: RankingStat;
  /** Grids whose rows each take several levels: level shares of a row add up to more than 100%. */
  multiLevel?: boolean;
  /** The spec's nets (single, multi): respondents giving any of their codes. */
  nets?: NetStat[];
  /** From the survey spec (`slide: false`): no generated slide in full results, e.g. a screener everyone left answered alike. */
  slide?: false;
}

/** A named figure the decks quote: a share of a base, computed by the ingest from the survey spec. */
export interface Finding {
  id: string;
  /** Question the finding comes from. */
  question: string;
  /** Which option codes count ("involved" = codes 2,3,4). */
  codes: string[];
  /** For grid questions: the item code. */
  item?: string;
  /** Segment the base is restricted to, if any. */
  segment?: string;
  count: number;
  base: Base;
  share: number;
  /** A figure the published report gives for this finding, when it differs from the data. */
  published?: { share: number; note: string };
}

export interface SegmentDefinition {
  id: string;
  label: string;
  /** The question whose answers put a respondent in the segment (the dimension's, from the survey spec). */
  question?: string;
  /** The spec's short name for charts and bases, shown instead of `label`. */
  short?: string;
  n: number;
}

export interface Aggregates {
  schemaVersion: 1;
  /**
   * The survey spec these figures were aggregated from: its path from this file's folder (when inside
   * it) and the SHA-256 of its bytes. A build warns (AGGREGATES_STALE) when that file has changed since.
   */
  spec?: { file?: string; sha256: string };
  survey: {
    id: string;
    title: string;
    year: number;
    /** The language of the survey's own wording, when not English (the survey spec's `survey.language`). */
    language?: Locale;
    respondents: number;
    fieldedFrom?: string;
    fieldedTo?: string;
  };
  source: {
    publisher: string;
    title: string;
    license: string;
    licenseUrl: string;
    dataUrl: string;
    attribution: string;
  };
  sections: { id: string; title: string; questions: string[] }[];
  segments: Record<string, SegmentDefinition[]>;
  questions: Record<string, QuestionAggregate>;
  findings: Record<string, Finding>;
  /** From the survey spec: the conditions sentences rest on, evaluated at build time (bind/claims.ts). */
  claims: Record<string, ClaimDeclaration>;
  /** From the survey spec: small-base thresholds and the significance level of claims. */
  thresholds: Thresholds;
  significance: { level: number };
  /** From the survey spec: the slides of the executive briefing and the talk, in order (bind expands `foreach: highlights`). */
  highlights: Highlight[];
  /**
   * A segment's deck only, never written to a file: the rest of the survey (everyone not in the
   * segment), computed at build from the whole survey's figures less the segment's (scale/rest.ts).
   * `rest` claims compare the segment with it.
   */
  rest?: RestOfSurvey;
}

/** The respondents outside one segment: each finding of the whole survey less the segment's. */
export interface RestOfSurvey {
  /** `dimension:segment`: the segment the rest is the complement of. */
  segment: string;
  findings: Record<string, Finding>;
}

/** How a chart's rows are built from the aggregates (bind/chart-rows.ts); deck manifests and the survey spec use these names. */
/** `levels`: a multi-level grid's rows, one bar per level (grouped bars; shares of a row add up to over 100%). */
export const CHART_ROWS = ['options', 'items', 'levels', 'trend', 'segments', 'findings'] as const;
export type ChartRows = (typeof CHART_ROWS)[number];

/**
 * A highlight of the survey spec, checked against its findings, questions and claims at ingest and
 * with its defaults filled in (template, chart spec, highlighted findings). Ids, not paths: bind
 * turns them into a deck slide.
 */
export interface Highlight {
  id: string;
  template: string;
  /** The question whose own slide it is, as full results draws it (chart and computed takeaway). */
  question?: string;
  finding?: string;
  kpis?: string[];
  chart?: {
    rows: ChartRows;
    question?: string;
    spec: string;
    by?: string;
    segments?: string[];
    findings?: string[];
    top?: number;
    highlight: string[];
    marks?: string;
  };
  claims: string[];
  /** Message arguments by name, as paths into the aggregates. */
  args: Record<string, string>;
  /** Message keys by role, where they are not `highlights.<id>.<role>`. */
  text: Record<string, string>;
  /** Deck names that show it; absent: every deck that shows highlights. */
  decks?: string[];
  /** The deck slot (a manifest entry's `slot`) it takes the place of. */
  replaces?: string;
}

export type ClaimDeclaration =
  | { kind: 'compare'; a: string; b: string; why?: string }
  | { kind: 'segments'; question: string; segments: [string, string]; why?: string }
  | { kind: 'rank'; question?: string; findings?: string[]; top: number; why?: string }
  | { kind: 'share'; finding?: string; question?: string; codes?: string[]; top?: number; threshold: number; why?: string }
  | { kind: 'waves'; question: string; codes: string[]; why?: string }
  | { kind: 'rest'; finding: string; why?: string };

export type ClaimOutcome = 'higher' | 'level' | 'lower' | 'differ' | 'clear' | 'tied' | 'above' | 'below';

/** A claim evaluated on the aggregates: the figures it rests on, the test, and its outcome. */
export interface ClaimResult {
  name: string;
  kind: ClaimDeclaration['kind'];
  outcome: ClaimOutcome;
  /** What was compared or ranked: English label, share, count and base (n, or the effective n). */
  figures: { id: string; label: string; share: number; count: number; n: number }[];
  test?: { name: 'prop.test' | 'fisher.test'; pValue: number; level: number; holm?: boolean };
  /** compare: the ratio a/b and its Katz interval. */
  ratio?: { value: number; low?: number; high?: number; printed: number; about: boolean; level: number };
  /** segments: per answer code, the Holm-adjusted p and the direction (for chart markers). */
  perAnswer?: { code: string; pAdjusted: number; direction: 'higher' | 'lower' | 'level' }[];
}

export interface Thresholds {
  /** Figures on a base under this many respondents carry a small-base flag. */
  smallBase: number;
  /** Figures on a base under this many show counts ("3 of 5") instead of percentages. */
  showCounts: number;
}

// ───────────────────────────── brands ─────────────────────────────

export interface BrandFonts {
  /** Family names as written into the deck and into chart config. */
  heading: string;
  body: string;
  /** East Asian fallbacks named on zh-CN / ja runs. */
  eastAsian: { 'zh-CN': string; ja: string };
}

export interface Brand {
  name: string;
  displayName: string;
  /** Hex without '#', e.g. "1F3A5F". */
  colors: {
    primary: string;
    secondary: string;
    accent: string;
    background: string;
    text: string;
    muted: string;
    /** Categorical palette for charts, 6+ colours. */
    categorical: string[];
    /** Sequential palette (light→dark) for ordered scales. */
    sequential: string[];
    /** Diverging palette (negative→neutral→positive) for Likert scales. */
    diverging: string[];
  };
  fonts: BrandFonts;
  /** Absolute path of the logo image (PNG or SVG), or undefined. */
  logoPath?: string;
  footerText: string;
  /** Smallest body size the text fitter may step down to. */
  minFontSizePt: number;
  titleFontSizePt: number;
  bodyFontSizePt: number;
}

// ───────────────────────────── deck plans and slides ─────────────────────────────

export const SLIDE_KINDS = [
  'title',
  'section',
  'big-numbers',
  'chart',
  'bullets',
  'two-column',
  'quote',
  'sources',
  'agenda',
] as const;
export type SlideKind = (typeof SLIDE_KINDS)[number];

/** A run of text with inline formatting, as parsed from Markdown. */
export interface TextRun {
  text: string;
  bold?: boolean;
  italic?: boolean;
  /** Hyperlink target. */
  href?: string;
}

export interface Paragraph {
  runs: TextRun[];
  /** 0 = body text; 1.. = bullet nesting depth. */
  bulletLevel: number;
  /** Ordered list item. */
  numbered?: boolean;
}

export interface Kpi {
  /** Display value, already formatted for the locale ("84%", "84 %"). */
  value: string;
  label: string;
  /** Base/footnote in small type. */
  note?: string;
}

export interface Column {
  heading: string;
  body: Paragraph[];
}

/** What lands on a chart slide: a picture of the chart (the PNG render) or a native, editable chart. */
export const CHART_MODES = ['picture', 'native'] as const;
export type ChartMode = (typeof CHART_MODES)[number];

/** What assemble needs to place a rendered chart: a picture, or a native chart (`kind: 'native'`). */
export type PlacedChart = PlacedPicture | PlacedNativeChart;

export interface PlacedPicture {
  kind?: 'picture';
  png: Buffer;
  widthPx: number;
  heightPx: number;
  altText: string;
  /** Content hash, used to store identical pictures once. */
  hash: string;
}

/**
 * A native OOXML chart, written by src/charts/native from the compiled Vega-Lite spec and the rows:
 * the chart part (`ppt/charts/chartN.xml`, its workbook relationship `rId1`) and the embedded
 * workbook holding the rows it draws. Assemble places it in the chart box; it makes no decisions.
 */
export interface PlacedNativeChart {
  kind: 'native';
  chartXml: string;
  /** The .xlsx bytes behind the chart (reproducible). */
  workbook: Buffer;
  altText: string;
  /** Content hash of chart XML + workbook. */
  hash: string;
}

/** What every slide kind has: where it came from, its title, and what refresh and the notes need. */
interface SlideBase {
  /** Template file the slide came from, for diagnostics. */
  templateFile: string;
  title: string;
  /** Source line under the content (bases, tests); the reading order puts it last. */
  footnote?: string;
  /** Speaker notes, plain text with line breaks. */
  notes?: string;
  /** Flag shown on the slide when a base is small (n < 30). */
  warning?: string;
  /**
   * Stable identity of the slide within its deck (refresh, src/update): the title's message key for a
   * manifest entry, `q<id>[-p<part>]` for a generated question slide. Shapes are named `sd:<key>/<box>`.
   */
  key?: string;
  /** The figures the slide's text was bound from: argument expression (a path into the aggregates) → value. */
  figures?: Record<string, string | number>;
  /** The claims the slide's sentences rest on: claim name → outcome (`higher`, `level` …), for `update`'s report. */
  claims?: Record<string, string>;
}

export interface TitleSlide extends SlideBase {
  kind: 'title';
  subtitle?: string;
  /** Byline: source, sample and fieldwork dates. */
  body?: Paragraph[];
}

export interface SectionSlide extends SlideBase {
  kind: 'section';
  subtitle?: string;
}

export interface BigNumbersSlide extends SlideBase {
  kind: 'big-numbers';
  kpis: Kpi[];
}

export interface ChartSlide extends SlideBase {
  kind: 'chart';
  /** The request (before rendering) and the chart (after; assemble refuses a slide without it). */
  chartRequest: ChartRequest;
  chart?: PlacedChart;
  takeaway?: string;
  /** The one figure the chart's highlighted bars add up to, printed large beside the chart. */
  bigNumber?: string;
  /**
   * The small-base flag under the title, as other kinds set it, rather than beside or under the chart:
   * set by bind where only then can the chart's labels be drawn at the audience's smallest type.
   */
  flagAtTitle?: boolean;
  /**
   * The takeaway under the title at the full width, rather than in a column beside a chart of many
   * bars: set by bind where only then can the chart's labels be drawn at the audience's smallest type
   * without splitting the question over slides.
   */
  takeawayAtTitle?: boolean;
}

export interface BulletsSlide extends SlideBase {
  kind: 'bullets';
  body: Paragraph[];
}

export interface SourcesSlide extends SlideBase {
  kind: 'sources';
  body: Paragraph[];
}

export interface TwoColumnSlide extends SlideBase {
  kind: 'two-column';
  columns: [Column, Column];
}

export interface QuoteSlide extends SlideBase {
  kind: 'quote';
  quote: { text: string; attribution?: string };
}

/** The talk's agenda: its entries are the deck's section dividers, so the two always match. */
export interface AgendaSlide extends SlideBase {
  kind: 'agenda';
}

/** One slide as bound: a discriminated union on `kind`, each kind with exactly the fields it needs. */
export type SlideSpec = TitleSlide | SectionSlide | BigNumbersSlide | ChartSlide | BulletsSlide | SourcesSlide | TwoColumnSlide | QuoteSlide | AgendaSlide;
export type SlideOf<K extends SlideKind> = Extract<SlideSpec, { kind: K }>;

// ───────────────────────────── laid-out slides (layout ─▶ fit ─▶ assemble) ─────────────────────────────

/** A box on the slide, inches from the top-left corner. */
export interface BoxIn {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** What a text box is for. Fit groups, measures and shape names read it; there is no fallback role. */
export type TextRole =
  | 'title'
  | 'subtitle'
  | 'byline'
  | 'kpi-value'
  | 'kpi-label'
  | 'kpi-note'
  | 'takeaway'
  | 'big-number'
  | 'warning'
  | 'footnote'
  | 'body'
  | 'column-heading'
  | 'column-body'
  | 'quote'
  | 'attribution'
  /** A section's number, on its divider and in the agenda. */
  | 'section-number'
  /** An agenda entry: a section's title. */
  | 'agenda-item'
  /** The number of a numbered item set on a card. */
  | 'card-number';

/** Colour roles of a slide (src/assemble/colors.ts turns them into the brand's hex values). */
export type ColorRole = 'text' | 'muted' | 'title' | 'accent' | 'panel' | 'warningFill' | 'warningText' | 'coverText' | 'coverAccent' | 'sectionText' | 'sectionAccent' | 'sectionMuted';

export interface TextBox {
  type: 'text';
  role: TextRole;
  /**
   * Box id, unique on the slide: the shape is named `sd:<slide key>/<id>` (src/update finds it by that
   * name), e.g. `takeaway`, `kpi-2-value`, `column-1-body`. The title is the layout's placeholder.
   */
  id: string;
  box: BoxIn;
  /** The size the box is written with: the layout's, until fit chooses a smaller one. */
  fontSizePt: number;
  /** The layout's size for this box, before fitting. */
  designFontSizePt: number;
  fontFace: string;
  color: ColorRole;
  /** Every run is bold (runs may also be bold on their own). */
  bold?: boolean;
  italic?: boolean;
  valign: 'top' | 'middle';
  /** The text as written into the box, decorations included. */
  paragraphs: Paragraph[];
  /** Inset on every side, points; 0 when absent. */
  insetPt?: number;
  /** Paragraphs are followed by `paraSpaceAfterPt(size)` (src/layout/type-scale.ts). */
  spacedParagraphs?: boolean;
  /** Boxes of one group (the KPI cards' labels, the two column bodies) share the smallest fitted size. */
  group?: string;
  /** Fit never sets this box below this size, points (its audience's minimum, BodyType); the brand's minimum when absent. */
  minFontSizePt?: number;
  /** The slide's title, written into the master's title placeholder. */
  placeholder?: boolean;
}

export interface ShapeBox {
  type: 'shape';
  shape: 'rect' | 'triangle';
  box: BoxIn;
  fill: ColorRole;
  /** Shape name; decorations without one keep pptxgenjs's. */
  name?: string;
  /** A panel or card that holds other boxes: the layout measures how full it is. */
  panel?: boolean;
}

export interface ChartBox {
  type: 'chart';
  /** Where the chart goes: a picture fitted into its frame without distortion, or the native chart's frame. */
  box: BoxIn;
  /** The box the layout gave the chart (what the chart was rendered for). */
  frame: BoxIn;
  /** Absent only when a deck is laid out before its charts are drawn (fit and measures need no chart). */
  chart?: PlacedChart;
}

export type SlideBox = TextBox | ShapeBox | ChartBox;

/** A slide with its boxes in reading order (title first, footnote last). */
export interface LaidOutSlide<S extends SlideSpec = SlideSpec> {
  spec: S;
  boxes: SlideBox[];
}

/**
 * Body type of a deck's audience, points (the deck manifest's `type`): a talk is read from the back of a
 * hall, a briefing from a screen. Each size falls back to the brand's; the brand's minimum stays a floor.
 */
export interface BodyType {
  /** Body text; what is sized from it (takeaways, labels, quotes, headings) follows. */
  bodyPt?: number;
  /** Body text is never fitted below this: a layout gives it room, or fit fails with TEXT_OVERFLOW. */
  bodyMinPt?: number;
  /** Two columns side by side (half the width each) never below this; `bodyMinPt` when absent. */
  columnMinPt?: number;
}

export interface DeckSpec {
  audience: string;
  locale: Locale;
  brand: Brand;
  title: string;
  /** Footer text: source and sample size. */
  footer: string;
  slides: SlideSpec[];
  /** Body type of the deck's audience (the manifest's `type`); the brand's sizes when absent. */
  bodyType?: BodyType;
  /** What `surveydeck update` needs to rebuild this deck: written into the package's refresh manifest. */
  identity?: DeckIdentity;
}

/** How well one slide uses its room (src/layout/measures.ts), reported by `build --json`. */
export interface SlideLayoutMeasures {
  /** 1-based. */
  slide: number;
  kind: SlideKind;
  /** Share of the body area (src/layout/measures.ts: from under the title rule to the footer band) the slide's content covers, 0..1. Cover slides: of the safe area. */
  bodyCoverage: number;
  /** Per panel or card, in slide order: the share of it its content covers. */
  panelFill: number[];
  /** Boxes reaching outside the safe area (side margins, top margin, above the footer band), by id or shape name. */
  outsideSafeArea: string[];
  /** The tallest band across the whole body with nothing set in it, as a share of the body's height, 0..1 (a slide whose content stops halfway down scores about 0.5). Cover slides: of the safe area. */
  emptyBand: number;
}

export interface DeckLayoutMeasures {
  slides: SlideLayoutMeasures[];
  /** Mean body coverage of the content slides (not title or dividers). */
  meanBodyCoverage: number;
  /** The emptiest panel of the deck (1 when it has none). */
  minPanelFill: number;
  outsideSafeArea: number;
}

/** A deck after the layout stage: every slide with its positioned boxes (fit adjusts their type sizes). */
export type LaidOutDeck = Omit<DeckSpec, 'slides'> & { slides: LaidOutSlide[] };

/** The survey and options a deck was built from, recorded in the deck itself (src/update). */
export interface DeckIdentity {
  surveyId: string;
  surveyYear: number;
  brand: string;
  /** Further build options that change the deck (e.g. chart mode), by name. */
  options?: Record<string, string>;
  /** A segment's deck (`build --per`): the segment, e.g. `region:europe`, whose aggregates it was built from. */
  segment?: string;
}

// ───────────────────────────── charts ─────────────────────────────

/**
 * One row of a chart's data. Optional fields every spec may read: `highlight` (boolean: a bar a
 * printed figure sums; the rest of that chart is false and drawn muted) and `sig` (a marker such as
 * "▲" for a bar that differs significantly; the footnote names the test).
 */
export type ChartRow = Record<string, string | number | boolean>;

/** Every word a chart writes: its rows' text fields and its labels (fonts must draw them all). */
export function chartTexts(request: Pick<ChartRequest, 'rows' | 'labels'>): string[] {
  return [...request.rows.flatMap((r) => Object.entries(r).flatMap(([k, v]) => (typeof v === 'string' && !k.startsWith('_') ? [v] : []))), ...Object.values(request.labels)];
}

export interface ChartRequest {
  /** Spec id: templates/charts/<id>.vl.json */
  specId: string;
  /** Absolute path of the spec file. */
  specFile: string;
  /** Rows injected as the spec's named dataset `table`. */
  rows: ChartRow[];
  /** Placed size on the slide, inches. */
  widthIn: number;
  heightIn: number;
  locale: Locale;
  /** Localised strings the spec may use (axis titles, legend title), injected as params. */
  labels: Record<string, string>;
  /** Alt text, written from the data by bind. */
  altText: string;
  /** What the deck wants on the slide; default `picture`. A native request without a native equivalent falls back to the picture. */
  mode?: ChartMode;
  /**
   * Chart type sizes of the deck's audience (deck manifest `type:`), points on the slide: labels start
   * at `fontSizePt` and never go below `minFontSizePt` (else CHART_TOO_DENSE). Absent: the brand's.
   */
  type?: ChartTypeSizes;
  /**
   * The largest share of the whole question when this chart is one part of it (a split question):
   * every part draws the same value scale, so a 3% bar is as short on part 2 as on part 1.
   */
  shareMax?: number;
  /**
   * With `shareMax`: the count labels ("3 of 5", rows' `countText`) printed on any bar of the whole
   * question, so every part leaves the same room right of its bars for the widest value label.
   */
  shareScaleCountTexts?: string[];
  /** Shorter labels the chart may use when the full ones do not fit: full label → short label. */
  shortLabels?: Record<string, string>;
  /** Deck and slide, for the diagnostics of a chart that cannot fit ("conference-talk.ja slide 7"). */
  where?: string;
}

/** Chart text sizes of an audience, points on the slide. */
export interface ChartTypeSizes {
  fontSizePt: number;
  minFontSizePt: number;
}

export type RenderedChart = PlacedChart & {
  specId: string;
  cached: boolean;
  /** A native chart was asked for but the spec has none: why, and the picture is used instead. */
  nativeFallback?: string;
};

// ───────────────────────────── build results ─────────────────────────────

export interface WrittenDeck {
  audience: string;
  locale: Locale;
  brand: string;
  /** The segment the deck is about (`build --per`), e.g. `region:europe`. */
  segment?: string;
  file: string;
  slides: number;
  bytes: number;
  /** Why it was built rather than skipped. */
  reason?: RebuildReason;
  /** Layout measures of its slides: body coverage, panel fill, boxes outside the safe area. */
  layout?: DeckLayoutMeasures;
}

/** A deck left as it was: its inputs and its bytes are those of its record in `<out>/.surveydeck/`. */
export interface SkippedDeck {
  audience: string;
  locale: Locale;
  brand: string;
  file: string;
  reason: 'unchanged';
}

/** Why a deck is built again: the first input found changed since it was written. */
export type RebuildReason =
  | { kind: 'forced' }
  | { kind: 'new' }
  | { kind: 'code' }
  | { kind: 'option'; name: string }
  | { kind: 'brand' }
  | { kind: 'file'; file: string }
  | { kind: 'messages'; file: string; keys: string[] }
  | { kind: 'deck-missing' }
  | { kind: 'deck-modified' };
