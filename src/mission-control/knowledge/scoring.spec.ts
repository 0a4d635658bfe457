import { Candidate, rankCandidates, semanticScoreOf } from './scoring';

const candidate = (id: string, extra: Partial<Candidate> = {}): Candidate => ({ id, pinned: false, updatedAt: 0, ...extra });

describe('rankCandidates', () => {
  it('normalises keyword ranks by the best rank and clamps cosines to 0..1', () => {
    const [a, b] = rankCandidates('hybrid', [candidate('a', { rank: 0.2, cosine: 0.5 }), candidate('b', { rank: 0.1, cosine: -0.4 })], 10);
    expect(a).toMatchObject({ id: 'a', keywordScore: 1, semanticScore: 0.5 });
    expect(a.score).toBeCloseTo(0.3 * 1 + 0.7 * 0.5, 10);
    expect(b).toMatchObject({ id: 'b', keywordScore: 0.5, semanticScore: 0 });
    expect(b.score).toBeCloseTo(0.15, 10);
    expect(semanticScoreOf(1.0000001)).toBe(1);
  });

  it('counts a missing side as 0 in hybrid mode and reports it as null', () => {
    const [only] = rankCandidates('hybrid', [candidate('a', { rank: 0.3 })], 10);
    expect(only).toMatchObject({ keywordScore: 1, semanticScore: null });
    expect(only.score).toBeCloseTo(0.3, 10);
  });

  it('uses one side only in keyword and semantic modes', () => {
    expect(rankCandidates('keyword', [candidate('a', { rank: 0.3, cosine: 0.1 })], 10)[0]).toMatchObject({ score: 1, semanticScore: null });
    expect(rankCandidates('semantic', [candidate('a', { rank: 0.3, cosine: 0.25 })], 10)[0]).toMatchObject({ score: 0.25, keywordScore: null });
  });

  it('puts pinned entries first among equal scores, then the most recently updated, and drops zero scores', () => {
    const ranked = rankCandidates(
      'semantic',
      [candidate('old', { cosine: 0.5, updatedAt: 1 }), candidate('new', { cosine: 0.5, updatedAt: 2 }), candidate('pinned', { cosine: 0.5, pinned: true }), candidate('zero', { cosine: -1 }), candidate('best', { cosine: 0.9 })],
      10,
    );
    expect(ranked.map((item) => item.id)).toEqual(['best', 'pinned', 'new', 'old']);
    expect(rankCandidates('semantic', [candidate('a', { cosine: 0.9 }), candidate('b', { cosine: 0.8 })], 1).map((item) => item.id)).toEqual(['a']);
  });
});
