import { NotFoundException } from '@nestjs/common';
import { FindOptionsWhere, ObjectLiteral, Repository, SelectQueryBuilder } from 'typeorm';
import { Page } from '../http/pagination';
import { selectRawAndEntities } from './lean-select';

export interface ListQuery {
  limit: number;
  offset: number;
  sort?: string;
  order: 'asc' | 'desc';
}

/**
 * Applies the client's sort (an API field name mapped to an entity property), a stable tie-break on id,
 * and limit/offset. Without joins the total comes back with the page in one query (a window count);
 * with joins TypeORM pages by distinct ids, and counts separately.
 */
export async function fetchPage<T extends ObjectLiteral>(
  builder: SelectQueryBuilder<T>,
  query: ListQuery,
  sortable: Record<string, string>,
  defaultSort: string,
  leading?: LeadingOrder,
): Promise<Page<T>> {
  return (await fetchPageRows(builder, query, sortable, defaultSort, leading)).page;
}

/** An order that comes before the client's (pinned rows first, say). */
export interface LeadingOrder {
  property: string;
  direction: 'ASC' | 'DESC';
}

/** As `fetchPage`, with the raw rows too (for columns the builder adds beside the entity's); none for builders with joins. */
export async function fetchPageRows<T extends ObjectLiteral, R extends ObjectLiteral = ObjectLiteral>(
  builder: SelectQueryBuilder<T>,
  query: ListQuery,
  sortable: Record<string, string>,
  defaultSort: string,
  leading?: LeadingOrder,
): Promise<{ page: Page<T>; raw: R[] }> {
  const alias = builder.alias;
  const property = sortable[query.sort ?? defaultSort] ?? sortable[defaultSort];
  const direction = query.order === 'asc' ? 'ASC' : 'DESC';
  if (leading) builder.orderBy(`${alias}.${leading.property}`, leading.direction).addOrderBy(`${alias}.${property}`, direction);
  else builder.orderBy(`${alias}.${property}`, direction);
  builder.addOrderBy(`${alias}.id`, direction);

  if (builder.expressionMap.joinAttributes.length > 0) {
    const [items, total] = await builder.skip(query.offset).take(query.limit).getManyAndCount();
    return { page: Page.of(items, total, query), raw: [] };
  }
  const { entities, raw } = await selectRawAndEntities<T, R & { page_total: string }>(
    builder.addSelect('COUNT(*) OVER ()', 'page_total'),
    query,
  );
  // a page past the end has no row to carry the total
  const total = raw.length > 0 ? Number(raw[0].page_total) : query.offset > 0 ? await builder.getCount() : 0;
  return { page: Page.of(entities, total, query), raw };
}

/** Loads one row or answers 404 with the resource's name. */
export async function findOrNotFound<T extends ObjectLiteral>(
  repository: Repository<T>,
  where: FindOptionsWhere<T>,
  label: string,
): Promise<T> {
  const found = await repository.findOne({ where });
  if (!found) throw new NotFoundException({ detail: `${label} not found` });
  return found;
}

/** Escapes LIKE wildcards so a search for "50%" finds "50%". */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Copies the fields of a PATCH that were sent (undefined means "leave as it is"; null is a value). */
export function applyPatch<T extends object>(entity: T, patch: Partial<T>): T {
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined) (entity as Record<string, unknown>)[key] = value;
  }
  return entity;
}
