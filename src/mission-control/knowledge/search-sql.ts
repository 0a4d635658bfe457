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

  /** Adds a value, answers its placeholder. */
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
      const placeholder = params.add(term);
      return `plainto_tsquery('simple', ${placeholder}) || plainto_tsquery('english', ${placeholder})`;
    })
    .join(' || ');
}
