// Assemble stage: the pptxgenjs types and a lazy loader. pptxgenjs ships one CJS-style d.ts for both
// builds, so under NodeNext TypeScript sees the class at `default.default` while Node's ESM build has it
// at `default`; this module hides that mismatch from the rest of the stage.
import type * as PptxModule from 'pptxgenjs';

export type Pptx = PptxModule.default;
export type PptxSlide = PptxModule.default.Slide;
export type TextProps = PptxModule.default.TextProps;
export type TextPropsOptions = PptxModule.default.TextPropsOptions;
export type SlideMasterProps = PptxModule.default.SlideMasterProps;

type PptxConstructor = new () => Pptx;

export async function createPresentation(): Promise<Pptx> {
  // Imported lazily: pptxgenjs is heavy and only this stage needs it.
  const mod = (await import('pptxgenjs')) as unknown as { default: PptxConstructor | { default: PptxConstructor } };
  const Ctor = typeof mod.default === 'function' ? mod.default : mod.default.default;
  return new Ctor();
}
