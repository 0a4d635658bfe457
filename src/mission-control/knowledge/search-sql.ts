import { Segmenter } from '../../core/text/segmenter';

/** Text beyond this (per entry, documents included) is not indexed: a tsvector holds at most 1 MB. */
export const INDEX_TEXT_LIMIT = 300_000;

/** Which entries a search looks at. */
export interface KnowledgeFilter {
  organizationId?: string;
  boardId?: string;
  category?: string;
}

/** SQL with positional parameters, built up piece by piece. */
export class SqlParams {
  readonly values: unknown[] = [];

  /** Adds a value, answers its parameter reference (`$n`). */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** `AND …` conditions of the filter on entries aliased `e`. */
export function filterSql(filter: KnowledgeFilter, params: SqlParams): string {
  let sql = '';
  if (filter.organizationId) sql += ` AND e.organization_id = ${params.add(filter.organizationId)}`;
  if (filter.boardId) sql += ` AND e.board_id = ${params.add(filter.boardId)}`;
  if (filter.category) sql += ` AND e.category = ${params.add(filter.category)}`;
  return sql;
}

/**
 * The entry's search vector: jieba words (search mode) in `simple` for Chinese and exact words, plus the
 * non-Chinese text in `english` for stems (`backups` → `backup`); the title weighs more (A).
 */
export function searchVectorSql(title: string, body: string, params: SqlParams): string {
  const bounded = body.slice(0, INDEX_TEXT_LIMIT);
  return [
    `setweight(to_tsvector('simple', ${params.add(Segmenter.forIndex(title))}), 'A')`,
    `setweight(to_tsvector('english', ${params.add(Segmenter.latinPart(title))}), 'A')`,
    `to_tsvector('simple', ${params.add(Segmenter.forIndex(bounded))})`,
    `to_tsvector('english', ${params.add(Segmenter.latinPart(bounded))})`,
  ].join(' || ');
}

/** Any of the query's words (jieba precise mode), each as itself or as an English stem; null when it has none. */
export function tsquerySql(terms: string[], params: SqlParams): string | null {
  if (terms.length === 0) return null;
  return terms
    .map((term) => {
      const parameter = params.add(term);
      return `plainto_tsquery('simple', ${parameter}) || plainto_tsquery('english', ${parameter})`;
    })
    .join(' || ');
}

/** A statement and its parameters. */
export interface Statement {
  sql: string;
  values: unknown[];
}

/**
 * How many matching entries a keyword search ranks at most. When more match (a common word in a large base), only
 * the first this many the GIN index yields (storage order, not relevance or date) are ranked: ranking every match
 * of a word found in half the entries would read half the table per search.
 */
export const KEYWORD_MATCH_LIMIT = 1_000;

/**
 * Run before the keyword statement, in its transaction: the planner counts a tsvector check as nearly free, so for a
 * word it believes common it picks a sequential or index scan that checks tens of thousands of rows before finding
 * enough matches; the GIN bitmap with the LIMIT reads at most KEYWORD_MATCH_LIMIT rows.
 */
export const KEYWORD_PLAN_SETTINGS = `SELECT set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)`;

/** The query's vector, for a statement that also gives the cosine of each entry it answers (hybrid search). */
export interface SimilarTo {
  storage: 'vector' | 'array';
  vector: number[];
  model: string;
}

/** Cosine of the entry's vector (`k.embedding`) to the query's. */
function similaritySql(storage: 'vector' | 'array', query: number[], params: SqlParams): string {
  const dim = query.length;
  return storage === 'vector'
    ? `1 - ((k.embedding::vector(${dim})) <=> ${params.add(vectorLiteral(query))}::vector(${dim}))`
    : `(SELECT sum(a * b) FROM unnest(k.embedding, ${params.add(query)}::real[]) AS pair(a, b))`;
}

/**
 * Entries matching any query word, best text-search rank first, among at most `matches` of them (found through the
 * GIN index; only those are ranked); with `similarTo`, each with its cosine too (null without a vector of the
 * model). Null when the query has no word.
 */
export function keywordCandidatesStatement(filter: KnowledgeFilter, terms: string[], count: number, similarTo?: SimilarTo, matches = KEYWORD_MATCH_LIMIT): Statement | null {
  const params = new SqlParams();
  const tsquery = tsquerySql(terms, params);
  if (!tsquery) return null;
  const ranked = `SELECT c.id, c.pinned, c.updated_at, ts_rank_cd(c.search_vector, c.query) AS rank
     FROM (SELECT e.id, e.pinned, e.updated_at, e.search_vector, q.query
             FROM knowledge_entries e, (SELECT ${tsquery} AS query) q
            WHERE e.search_vector @@ q.query${filterSql(filter, params)}
            LIMIT ${params.add(matches)}) c
    ORDER BY rank DESC, c.pinned DESC, c.updated_at DESC LIMIT ${params.add(count)}`;
  if (!similarTo) return { sql: ranked, values: params.values };
  const dim = similarTo.vector.length;
  // in the same statement: one round trip less than asking for these cosines afterwards
  const sql = `SELECT r.id, r.pinned, r.updated_at, r.rank, ${similaritySql(similarTo.storage, similarTo.vector, params)} AS cosine
     FROM (${ranked}) r
     LEFT JOIN knowledge_embeddings k ON k.entry_id = r.id AND k.dim = ${dim} AND k.model = ${params.add(similarTo.model)}`;
  return { sql, values: params.values };
}

/** pgvector's text form, `[0.1,0.2,…]`. */
export const vectorLiteral = (vector: number[]): string => `[${vector.join(',')}]`;

/**
 * The `count` entries nearest to the vector, among those of the filter with a vector of this model; with `terms`,
 * each with its text-search rank too (null when it does not match them).
 */
export function nearestStatement(storage: 'vector' | 'array', filter: KnowledgeFilter, query: number[], model: string, count: number, terms: string[] = []): Statement {
  const params = new SqlParams();
  const dim = query.length;
  const tsquery = tsquerySql(terms, params);
  // in the same statement: one round trip less than asking for these ranks afterwards
  const rank = tsquery ? `, CASE WHEN e.search_vector @@ (${tsquery}) THEN ts_rank_cd(e.search_vector, ${tsquery}) END AS rank` : '';
  if (storage === 'vector') {
    const distance = `(k.embedding::vector(${dim})) <=> ${params.add(vectorLiteral(query))}::vector(${dim})`;
    const sql = `SELECT e.id, e.pinned, e.updated_at, 1 - (${distance}) AS cosine${rank}
       FROM knowledge_embeddings k JOIN knowledge_entries e ON e.id = k.entry_id
      WHERE k.dim = ${dim} AND k.model = ${params.add(model)}${filterSql(filter, params)}
      ORDER BY ${distance} LIMIT ${params.add(count)}`;
    return { sql, values: params.values };
  }
  const sql = `SELECT e.id, e.pinned, e.updated_at, ${similaritySql(storage, query, params)} AS cosine${rank}
     FROM knowledge_embeddings k JOIN knowledge_entries e ON e.id = k.entry_id
    WHERE k.dim = ${dim} AND k.model = ${params.add(model)}${filterSql(filter, params)}
    ORDER BY cosine DESC NULLS LAST LIMIT ${params.add(count)}`;
  return { sql, values: params.values };
}

/** What a hit shows: title, category, and the text its snippet is cut from. */
export function hitsStatement(entryIds: string[], documentChars: number): Statement {
  return {
    sql: `SELECT e.id, e.title, e.content, e.category,
            coalesce((SELECT left(string_agg(d.extracted_text, E'\\n' ORDER BY d.created_at, d.id), $2) FROM knowledge_documents d WHERE d.knowledge_id = e.id), '') AS documents
       FROM knowledge_entries e WHERE e.id = ANY($1::uuid[])`,
    values: [entryIds, documentChars],
  };
}
