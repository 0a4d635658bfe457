import { createHash } from 'node:crypto';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EventOf, JobContext } from '../../core/jobs/job.decorators';
import { JobEngine } from '../../core/jobs/job-engine';
import { EmbeddingProvider } from '../../integrations/embeddings/embedding-provider';
import { MissionControlEvents, MissionControlJobs, OnMissionControlEvent, OnMissionControlJob } from '../domain-events';
import { KnowledgeVectors } from './knowledge-vectors';

/** What an entry's vector is made of, at most: embedding models read a few thousand tokens. */
export const EMBEDDING_TEXT_CHARS = 6_000;
const PROVIDER_BATCH = 32;
const SWEEP_BATCH = 128;
// a sweep job hands the rest to a new job before its try would expire
const SWEEP_BUDGET_MS = 60_000;

type EntryChanged = EventOf<MissionControlEvents, 'knowledge.created' | 'knowledge.updated'>;

interface EntryText {
  id: string;
  text: string;
  hash: string;
}

/** The text embedded for an entry: title, content and its documents' text, bounded. */
export function embeddingTextOf(title: string, content: string, documents: string): string {
  return [title, content, documents].filter(Boolean).join('\n').slice(0, EMBEDDING_TEXT_CHARS);
}

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Keeps every entry's vector current, always outside the request: a durable job per created or updated entry,
 * and at start a sweep for entries whose vector is missing or of another model or length. Idempotent: an
 * entry whose stored vector has this model, length and text hash is left alone, and a vector is written only
 * if the entry still has the text it was made from (a later change has its own job).
 */
@Injectable()
export class KnowledgeEmbeddings implements OnApplicationBootstrap {
  private readonly logger = new Logger('Knowledge');

  constructor(
    private readonly dataSource: DataSource,
    private readonly provider: EmbeddingProvider,
    private readonly vectors: KnowledgeVectors,
    private readonly jobs: JobEngine,
  ) {}

  onApplicationBootstrap(): void {
    this.jobs.send<MissionControlJobs, 'knowledge.reembed'>('knowledge.reembed', {}).catch((error: Error) => {
      this.logger.warn(`Could not schedule the knowledge re-embedding sweep: ${error.message}`);
    });
  }

  @OnMissionControlEvent(['knowledge.created', 'knowledge.updated'], { retryLimit: 6, retryDelaySeconds: 2 })
  async onEntryChanged(event: EntryChanged, context: JobContext): Promise<void> {
    try {
      await this.embed([event.payload.entry.id]);
    } catch (error) {
      if (context.lastAttempt) this.logger.warn(`Knowledge entry ${event.payload.entry.id} has no vector: ${(error as Error).message}`);
      throw error;
    }
  }

  @OnMissionControlJob('knowledge.reembed', { retryLimit: 5, retryDelaySeconds: 5, expireInSeconds: 300 })
  async reembed(): Promise<void> {
    await this.vectors.ensureIndex(this.provider.dim);
    const started = Date.now();
    for (;;) {
      const rows: Array<{ id: string }> = await this.dataSource.query(
        `SELECT e.id FROM knowledge_entries e LEFT JOIN knowledge_embeddings k ON k.entry_id = e.id
          WHERE k.entry_id IS NULL OR k.model <> $1 OR k.dim <> $2 ORDER BY e.id LIMIT $3`,
        [this.provider.model, this.provider.dim, SWEEP_BATCH],
      );
      if (rows.length === 0) return;
      const written = await this.embed(rows.map((row) => row.id));
      if (written === 0) return;
      if (Date.now() - started > SWEEP_BUDGET_MS) {
        await this.jobs.send<MissionControlJobs, 'knowledge.reembed'>('knowledge.reembed', {});
        return;
      }
    }
  }

  /** Embeds the entries whose vector is stale; answers how many vectors it wrote. */
  async embed(entryIds: string[]): Promise<number> {
    const states = await this.vectors.stateOf(this.dataSource.manager, entryIds);
    const stale = (await this.textsOf(entryIds)).filter((entry) => {
      const state = states.get(entry.id);
      return !state || state.model !== this.provider.model || state.dim !== this.provider.dim || state.contentHash !== entry.hash;
    });
    let written = 0;
    for (let i = 0; i < stale.length; i += PROVIDER_BATCH) {
      const batch = stale.slice(i, i + PROVIDER_BATCH);
      // the provider is called outside any transaction: on the embedded engine one open transaction holds every other query
      const vectors = await this.provider.embed(batch.map((entry) => entry.text));
      for (const [index, entry] of batch.entries()) {
        const stored = await this.dataSource.transaction(async (manager) => {
          const [current] = await this.textsOf([entry.id], manager.query.bind(manager), true);
          if (!current || current.hash !== entry.hash) return false;
          await this.vectors.upsert(manager, entry.id, { model: this.provider.model, dim: this.provider.dim, contentHash: entry.hash, embeddedAt: new Date() }, vectors[index]);
          return true;
        });
        if (stored) written += 1;
      }
    }
    return written;
  }

  /** The embedding text of each entry (`lock`: the entry row is locked against a concurrent change). */
  private async textsOf(
    entryIds: string[],
    query: (sql: string, params: unknown[]) => Promise<unknown> = (sql, params) => this.dataSource.query(sql, params),
    lock = false,
  ): Promise<EntryText[]> {
    if (entryIds.length === 0) return [];
    const rows = (await query(
      `SELECT e.id, e.title, e.content,
              coalesce((SELECT string_agg(left(d.extracted_text, $2), E'\\n' ORDER BY d.created_at, d.id) FROM knowledge_documents d WHERE d.knowledge_id = e.id), '') AS documents
         FROM knowledge_entries e WHERE e.id = ANY($1::uuid[])${lock ? ' FOR UPDATE OF e' : ''}`,
      [entryIds, EMBEDDING_TEXT_CHARS],
    )) as Array<{ id: string; title: string; content: string; documents: string }>;
    return rows.map((row) => {
      const text = embeddingTextOf(row.title, row.content, row.documents);
      return { id: row.id, text, hash: hashOf(`${this.provider.model}\n${text}`) };
    });
  }
}
