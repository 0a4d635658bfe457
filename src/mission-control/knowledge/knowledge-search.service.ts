import { BadGatewayException, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { scopedOrganizationFilter } from '../../core/auth/organization-scope';
import { AdminPrincipal } from '../../core/auth/principal';
import { Segmenter } from '../../core/text/segmenter';
import { EmbeddingProvider } from '../../integrations/embeddings/embedding-provider';
import { KnowledgeSearchDto, KnowledgeSearchHitDto, KnowledgeSearchResultDto, SearchMode } from './dto/knowledge.dto';
import { KnowledgeVectors } from './knowledge-vectors';
import { Candidate, rankCandidates } from './scoring';
import { hitsStatement, KEYWORD_PLAN_SETTINGS, keywordCandidatesStatement, KnowledgeFilter } from './search-sql';
import { snippetOf } from './snippet';

const DEFAULT_LIMIT = 20;
// documents' text read for snippets, per hit
export const SNIPPET_SOURCE_CHARS = 100_000;

/** Candidates each side brings before scoring: enough that the combined top `limit` is right in practice. */
export const poolSize = (limit: number) => Math.min(400, Math.max(50, limit * 4));

/** Keyword (tsvector), semantic (vectors) and hybrid search over knowledge entries. */
@Injectable()
export class KnowledgeSearchService {
  private readonly logger = new Logger('Knowledge');

  constructor(
    private readonly dataSource: DataSource,
    private readonly vectors: KnowledgeVectors,
    private readonly provider: EmbeddingProvider,
  ) {}

  async search(principal: AdminPrincipal, dto: KnowledgeSearchDto): Promise<KnowledgeSearchResultDto> {
    const mode: SearchMode = dto.mode ?? 'hybrid';
    const limit = dto.limit ?? DEFAULT_LIMIT;
    const filter: KnowledgeFilter = { organizationId: scopedOrganizationFilter(principal, dto.organization_id), boardId: dto.board_id, category: dto.category };
    const terms = Segmenter.queryTerms(dto.query);
    const ranked = await this.rank(mode, filter, dto.query, terms, limit);
    return { mode, items: await this.hits(ranked, terms) };
  }

  /** The scored candidates of a search, best first (no snippets). */
  async rank(mode: SearchMode, filter: KnowledgeFilter, query: string, terms: string[], limit: number) {
    const pool = poolSize(limit);
    const byId = new Map<string, Candidate>();
    const merge = (candidates: Candidate[]) => {
      for (const candidate of candidates) byId.set(candidate.id, { ...byId.get(candidate.id), ...candidate, rank: candidate.rank ?? byId.get(candidate.id)?.rank, cosine: candidate.cosine ?? byId.get(candidate.id)?.cosine });
    };
    const vector = mode === 'keyword' ? null : await this.queryVector(query, mode);
    // in hybrid mode each side's statement also scores its candidates on the other side, so the combination compares like with like
    const hybrid = mode === 'hybrid' && vector !== null;
    if (mode !== 'semantic') merge(await this.keywordCandidates(filter, terms, pool, hybrid ? vector : undefined));
    if (vector) merge(await this.vectors.nearest(filter, vector, this.provider.model, pool, hybrid ? terms : []));
    return rankCandidates(mode, [...byId.values()], limit);
  }

  /** Entries matching any query word, best text-search rank first (among at most KEYWORD_MATCH_LIMIT matches); with `vector`, their cosines too. */
  async keywordCandidates(filter: KnowledgeFilter, terms: string[], count: number, vector?: number[]): Promise<Candidate[]> {
    const similarTo = vector ? { storage: await this.vectors.storage(), vector, model: this.provider.model } : undefined;
    const statement = keywordCandidatesStatement(filter, terms, count, similarTo);
    if (!statement) return [];
    const rows: Array<{ id: string; pinned: boolean; updated_at: Date; rank: number; cosine?: number | string | null }> = await this.dataSource.transaction(async (manager) => {
      await manager.query(KEYWORD_PLAN_SETTINGS);
      return manager.query(statement.sql, statement.values);
    });
    return rows.map((row) => ({
      id: row.id,
      pinned: row.pinned,
      updatedAt: new Date(row.updated_at).getTime(),
      rank: Number(row.rank),
      ...(row.cosine === undefined || row.cosine === null ? {} : { cosine: Number(row.cosine) }),
    }));
  }

  /** The query's vector; in hybrid mode a failing provider leaves the search to keywords (semantic mode reports it). */
  private async queryVector(query: string, mode: SearchMode): Promise<number[] | null> {
    try {
      const [vector] = await this.provider.embed([query]);
      return vector;
    } catch (error) {
      if (mode === 'semantic') throw new BadGatewayException({ detail: `The embedding provider failed: ${(error as Error).message.slice(0, 300)}` });
      this.logger.warn(`Hybrid search without vectors: ${(error as Error).message}`);
      return null;
    }
  }

  private async hits(ranked: ReturnType<typeof rankCandidates>, terms: string[]): Promise<KnowledgeSearchHitDto[]> {
    if (ranked.length === 0) return [];
    const statement = hitsStatement(ranked.map((hit) => hit.id), SNIPPET_SOURCE_CHARS);
    const rows: Array<{ id: string; title: string; content: string; category: string | null; documents: string }> = await this.dataSource.query(statement.sql, statement.values);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ranked
      .filter((hit) => byId.has(hit.id))
      .map((hit) => {
        const row = byId.get(hit.id)!;
        return {
          id: hit.id,
          title: row.title,
          snippet: snippetOf([row.content, row.documents, row.title], terms),
          category: row.category,
          pinned: hit.pinned,
          score: round(hit.score),
          keyword_score: hit.keywordScore === null ? null : round(hit.keywordScore),
          semantic_score: hit.semanticScore === null ? null : round(hit.semanticScore),
        };
      });
  }
}

const round = (value: number) => Math.round(value * 1e6) / 1e6;
