import type { SearchMode } from './dto/knowledge.dto';

export const KEYWORD_WEIGHT = 0.3;
export const SEMANTIC_WEIGHT = 0.7;
// scores closer than this are equal (pinned entries go first among them)
const TIE = 1e-9;

export interface Candidate {
  id: string;
  pinned: boolean;
  updatedAt: number;
  /** Text-search rank (ts_rank_cd), absent when the entry did not match the words. */
  rank?: number;
  /** Cosine similarity to the query's vector, absent when the entry has no vector of the current model. */
  cosine?: number;
}

export interface ScoredCandidate {
  id: string;
  pinned: boolean;
  score: number;
  keywordScore: number | null;
  semanticScore: number | null;
}

/** Cosine taken to 0..1: a vector pointing away is as unrelated as one at a right angle. */
export const semanticScoreOf = (cosine: number): number => Math.min(1, Math.max(0, cosine));

/**
 * Scores candidates of a search: keyword = rank / best rank among the candidates (0..1, the best match 1),
 * semantic = cosine clamped to 0..1, hybrid = 0.3 × keyword + 0.7 × semantic (a missing one counts 0).
 * Best first; pinned first among equal scores, then the most recently updated. Zero scores are dropped.
 */
export function rankCandidates(mode: SearchMode, candidates: Candidate[], limit: number): ScoredCandidate[] {
  const bestRank = Math.max(0, ...candidates.map((candidate) => candidate.rank ?? 0));
  const scored = candidates.map((candidate) => {
    const keywordScore = mode === 'semantic' ? null : bestRank > 0 ? (candidate.rank ?? 0) / bestRank : 0;
    const semanticScore = mode === 'keyword' || candidate.cosine === undefined ? null : semanticScoreOf(candidate.cosine);
    const score =
      mode === 'keyword' ? keywordScore! : mode === 'semantic' ? (semanticScore ?? 0) : KEYWORD_WEIGHT * (keywordScore ?? 0) + SEMANTIC_WEIGHT * (semanticScore ?? 0);
    return { candidate, result: { id: candidate.id, pinned: candidate.pinned, score, keywordScore, semanticScore } };
  });
  return scored
    .filter(({ result }) => result.score > 0)
    .sort(
      (a, b) =>
        (Math.abs(a.result.score - b.result.score) > TIE ? b.result.score - a.result.score : 0) ||
        Number(b.candidate.pinned) - Number(a.candidate.pinned) ||
        b.candidate.updatedAt - a.candidate.updatedAt ||
        a.candidate.id.localeCompare(b.candidate.id),
    )
    .slice(0, limit)
    .map(({ result }) => result);
}
