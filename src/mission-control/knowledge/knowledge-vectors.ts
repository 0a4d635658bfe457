import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { knowledgeVectorIndexSql } from '../../core/database/migrations/1766000000000-KnowledgeBase';
import { Candidate } from './scoring';
import { KnowledgeFilter, nearestStatement, vectorLiteral } from './search-sql';

/** `vector`: pgvector with an HNSW index; `array`: `real[]`, cosine computed exactly in SQL over the filtered rows. */
export type VectorStorage = 'vector' | 'array';

export interface StoredEmbedding {
  model: string;
  dim: number;
  contentHash: string;
  embeddedAt: Date;
}

const HNSW_EF_SEARCH = 200;

/** The statement that sets the HNSW search settings for the rest of the transaction: one round trip for both. */
export function hnswSettingsStatement(count: number, iterative: boolean): { sql: string; values: string[] } {
  const iterativeSql = iterative ? `, set_config('hnsw.iterative_scan', 'relaxed_order', true)` : '';
  return { sql: `SELECT set_config('hnsw.ef_search', $1, true)${iterativeSql}`, values: [String(Math.min(1000, Math.max(HNSW_EF_SEARCH, count)))] };
}

/** The `knowledge_embeddings` table, whichever type its column has (the migration chose by pgvector's presence). */
@Injectable()
export class KnowledgeVectors {
  private readonly logger = new Logger('Knowledge');
  private storageKind?: VectorStorage;
  private detecting?: Promise<VectorStorage>;
  private iterativeScan?: Promise<boolean>;

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Inside a transaction pass its manager. Until the answer is known, a caller in a transaction asks on its own
   * connection rather than waiting for a question another caller sent: on the embedded engine that question would
   * wait for this very transaction to end, and the transaction for it.
   */
  async storage(manager?: EntityManager): Promise<VectorStorage> {
    if (this.storageKind) return this.storageKind;
    const detection = manager ? detectStorage(manager) : (this.detecting ??= detectStorage(this.dataSource.manager));
    try {
      this.storageKind = await detection;
    } finally {
      if (!manager) this.detecting = undefined;
    }
    return this.storageKind;
  }

  /** The HNSW index of this vector length (a later EMBEDDING_DIM than the migration's needs its own). */
  async ensureIndex(dim: number): Promise<void> {
    if ((await this.storage()) !== 'vector') return;
    const exists = await this.dataSource.query(`SELECT 1 FROM pg_indexes WHERE indexname = $1`, [`idx_knowledge_embeddings_hnsw_${dim}`]);
    if (exists.length > 0) return;
    this.logger.log(`Building the HNSW index of ${dim}-dimension knowledge vectors`);
    await this.dataSource.query(knowledgeVectorIndexSql(dim));
  }

  async upsert(manager: EntityManager, entryId: string, embedding: StoredEmbedding, vector: number[]): Promise<void> {
    const kind = await this.storage(manager);
    await manager.query(
      `INSERT INTO knowledge_embeddings (entry_id, model, dim, content_hash, embedding, embedded_at)
       VALUES ($1, $2, $3, $4, ${kind === 'vector' ? '$5::vector' : '$5::real[]'}, now())
       ON CONFLICT (entry_id) DO UPDATE SET model = EXCLUDED.model, dim = EXCLUDED.dim, content_hash = EXCLUDED.content_hash,
         embedding = EXCLUDED.embedding, embedded_at = EXCLUDED.embedded_at`,
      [entryId, embedding.model, embedding.dim, embedding.contentHash, kind === 'vector' ? vectorLiteral(vector) : vector],
    );
  }

  async stateOf(manager: EntityManager, entryIds: string[]): Promise<Map<string, StoredEmbedding>> {
    const states = new Map<string, StoredEmbedding>();
    if (entryIds.length === 0) return states;
    const rows: Array<{ entry_id: string; model: string; dim: number; content_hash: string; embedded_at: Date }> = await manager.query(
      `SELECT entry_id, model, dim, content_hash, embedded_at FROM knowledge_embeddings WHERE entry_id = ANY($1::uuid[])`,
      [entryIds],
    );
    for (const row of rows) states.set(row.entry_id, { model: row.model, dim: row.dim, contentHash: row.content_hash, embeddedAt: new Date(row.embedded_at) });
    return states;
  }

  /** The `count` entries nearest to the vector among those of the filter with a vector of this model; with `terms`, their text-search ranks too. */
  async nearest(filter: KnowledgeFilter, query: number[], model: string, count: number, terms: string[] = []): Promise<Candidate[]> {
    const kind = await this.storage();
    const { sql, values } = nearestStatement(kind, filter, query, model, count, terms);
    if (kind === 'vector') return candidatesOf(await this.withHnswSettings(count, (manager) => manager.query(sql, values)));
    return candidatesOf(await this.dataSource.query(sql, values));
  }

  /**
   * HNSW answers from a bounded candidate list and filters afterwards: a wider list, and iterative scans where
   * pgvector has them (0.8+), keep a filtered search from coming back short.
   */
  private async withHnswSettings<T>(count: number, run: (manager: EntityManager) => Promise<T>): Promise<T> {
    const iterative = await this.supportsIterativeScan();
    const settings = hnswSettingsStatement(count, iterative);
    return this.dataSource.transaction(async (manager) => {
      await manager.query(settings.sql, settings.values);
      return run(manager);
    });
  }

  private supportsIterativeScan(): Promise<boolean> {
    this.iterativeScan ??= this.dataSource
      .query(`SELECT extversion FROM pg_extension WHERE extname = 'vector'`)
      .then((rows: Array<{ extversion: string }>) => {
        const [major, minor] = (rows[0]?.extversion ?? '0.0').split('.').map(Number);
        return major > 0 || minor >= 8;
      });
    return this.iterativeScan;
  }
}

async function detectStorage(manager: EntityManager): Promise<VectorStorage> {
  const rows: Array<{ type: string }> = await manager.query(
    `SELECT t.typname AS type FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
      WHERE a.attrelid = 'knowledge_embeddings'::regclass AND a.attname = 'embedding'`,
  );
  return rows[0]?.type === 'vector' ? 'vector' : 'array';
}

function candidatesOf(rows: Array<{ id: string; pinned: boolean; updated_at: Date; cosine: number | string | null; rank?: number | string | null }>): Candidate[] {
  return rows
    .filter((row) => row.cosine !== null)
    .map((row) => ({
      id: row.id,
      pinned: row.pinned,
      updatedAt: new Date(row.updated_at).getTime(),
      cosine: Number(row.cosine),
      ...(row.rank === undefined || row.rank === null ? {} : { rank: Number(row.rank) }),
    }));
}
