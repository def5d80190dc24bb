// A rank claim's outcome says whether its top is clear, not which answer is on top. A slide that
// selects on one must name what it ranks ({xFirst}…): "{top, select, clear {it is the most used
// platform}}" on GitHub's slide stays "clear" when another wave puts Azure DevOps first.
import { describe, expect, it } from 'vitest';
import { checkClaimSentences } from '../../src/bind/claim-args.js';
import { SurveydeckError } from '../../src/diagnostics.js';
import type { ClaimResult } from '../../src/ir.js';
import { Catalogue } from '../../src/load/catalogue.js';

const rank: ClaimResult = {
  name: 'topPlatform',
  kind: 'rank',
  outcome: 'clear',
  figures: [
    { id: '1', label: 'Azure DevOps', share: 0.45, count: 82, n: 183 },
    { id: '2', label: 'GitHub', share: 0.39, count: 72, n: 183 },
  ],
};
const where = { file: 'survey.yaml', line: 12, deck: 'executive-briefing', slide: 3 };
const catalogueOf = (messages: Record<string, string>) =>
  new Catalogue('en', 'en.yaml', new Map(Object.entries(messages).map(([key, source], i) => [key, { source, file: 'en.yaml', line: i + 1, column: 3 }])));
const check = (messages: Record<string, string>) => () => checkClaimSentences([rank], Object.keys(messages), catalogueOf(messages), where);

describe('a rank claim names what it ranks', () => {
  it('CLAIM_UNNAMED when no message of the slide prints the ranked answers', () => {
    const unnamed = check({
      'h.title': 'GitHub everywhere',
      'h.takeaway': '{share, number, percent} use GitHub; {topPlatform, select, clear {it is the most used platform} tied {it ties for first} other {}}.',
    });
    expect(unnamed).toThrow(SurveydeckError);
    try {
      unnamed();
    } catch (e) {
      const [d] = (e as SurveydeckError).diagnostics;
      expect(d.code).toBe('CLAIM_UNNAMED');
      expect(d.message).toBe('deck executive-briefing, slide 3: claim `topPlatform` ranks “Azure DevOps”, “GitHub” (clear), but no message of the slide (en) names what it ranks');
      expect(d.hint).toContain('{topPlatformFirst}');
    }
    // A share of the first is no name either.
    expect(check({ 'h.takeaway': '{topPlatform, select, clear {The leader has {topPlatformFirstShare, number, percent}.} other {}}' })).toThrow(/CLAIM_UNNAMED|names what it ranks/);
  });

  it('passes when one message of the slide names the first (or second, or third), the others may describe the ranking', () => {
    expect(
      check({
        'h.takeaway': '{topPlatform, select, clear {{topPlatformFirst} is the most used platform.} tied {{topPlatformFirst} and {topPlatformSecond} tie.} other {}}',
        'h.notes': '{topPlatform, select, clear {The gap is small: read the order as direction.} tied {Two are tied.} other {}}',
      }),
    ).not.toThrow();
    expect(check({ 'h.takeaway': '{topPlatform, select, clear {{topPlatformFirst} leads.} other {}}' })).not.toThrow();
  });
});
