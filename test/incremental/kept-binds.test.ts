// A deck's bound slides kept under --cache (incremental/kept-binds.ts): read back exactly under the
// record fingerprint they were kept with, never under another, and never when damaged.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keepBind, keptBindStats, readKeptBind, type KeptBind } from '../../src/incremental/kept-binds.js';
import { tempDir } from '../helpers.js';

const bind: KeptBind = {
  title: 'State of OSPOs 2024',
  footer: 'n = 222 · CC BY-SA 4.0',
  slides: [{ kind: 'title', key: 'title', templateFile: '/t/title.hbs', title: 'Hello «world» 市场', notes: 'Say hello.' } as unknown as KeptBind['slides'][number]],
  messages: { 'deck.footer': 'n = {n}', 'missing.key': null },
  diagnostics: [{ severity: 'warning', code: 'SMALL_BASE', message: 'n = 12' }],
  claims: [{ slide: 3, name: 'ospoBySize' }],
};

describe('bound slides kept between builds', () => {
  it('are read back exactly under their fingerprint, and not under another', () => {
    const cache = tempDir('sd-bound-');
    const deck = path.join(tempDir('sd-out-'), 'executive-briefing.en.pptx');
    keepBind(cache, deck, 'fp-1', bind);
    const used = keptBindStats.used;
    expect(readKeptBind(cache, deck, 'fp-1')).toStrictEqual(bind);
    expect(keptBindStats.used).toBe(used + 1);
    expect(readKeptBind(cache, deck, 'fp-2')).toBeUndefined();
    expect(readKeptBind(cache, path.join(path.dirname(deck), 'other.pptx'), 'fp-1')).toBeUndefined();
  });

  it('are not kept when JSON would not give them back exactly', () => {
    const cache = tempDir('sd-bound-');
    const deck = path.join(tempDir('sd-out-'), 'd.pptx');
    keepBind(cache, deck, 'fp-1', { ...bind, slides: [{ ...bind.slides[0], width: undefined } as unknown as KeptBind['slides'][number]] });
    expect(readKeptBind(cache, deck, 'fp-1')).toBeUndefined();
  });

  it('a damaged entry (an edited word, truncated, no header) is not used', () => {
    const cache = tempDir('sd-bound-');
    const deck = path.join(tempDir('sd-out-'), 'd.pptx');
    keepBind(cache, deck, 'fp-1', bind);
    const [entry] = readdirSync(path.join(cache, 'bound'));
    const file = path.join(cache, 'bound', entry);
    const good = readFileSync(file, 'utf8');
    for (const damaged of [good.replace('Say hello.', 'Say hi!!.'), good.slice(0, -20), good.split('\n')[1]]) {
      writeFileSync(file, damaged);
      const before = keptBindStats.damaged;
      expect(readKeptBind(cache, deck, 'fp-1')).toBeUndefined();
      expect(keptBindStats.damaged).toBe(before + 1);
    }
  });
});
