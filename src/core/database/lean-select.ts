import { DatabaseError, type Pool } from 'pg';
import { DataSource, EntityMetadata, ObjectLiteral, QueryFailedError, SelectQueryBuilder } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { DriverUtils } from 'typeorm/driver/DriverUtils';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { BoundedMap } from '../caching/bounded-map';

/**
 * `getRawAndEntities()` for the plain single-table selects that back list pages, at a fraction of its cost:
 * the SQL is built once per query shape, the statement goes straight to the pool, and rows become entities
 * through the same per-column hydration TypeORM applies. Anything beyond a plain select (joins, relation ids,
 * locks, a result cache, listeners, a bound query runner) takes TypeORM's own path, so the answer never differs.
 */
export async function selectRawAndEntities<T extends ObjectLiteral, R = ObjectLiteral>(
  builder: SelectQueryBuilder<T>,
  page?: { limit: number; offset: number },
): Promise<{ entities: T[]; raw: R[] }> {
  const hydration = leanHydrationFor(builder);
  if (!hydration) {
    if (page) builder.offset(page.offset).limit(page.limit);
    return builder.getRawAndEntities<R>();
  }
  const [sql, parameters] = builder.dataSource.driver.escapeQueryWithParameters(
    namedSqlOf(builder) + limitOffsetClause(page),
    builder.getParameters(),
  );
  const raw = await runOnPool<R>(builder, sql, parameters);
  const entities: T[] = [];
  for (const row of raw) {
    const entity = hydration.entityOf(row as ObjectLiteral) as T | undefined;
    if (entity) entities.push(entity);
  }
  return { entities, raw };
}

// the clause TypeORM's postgres dialect writes for offset()/limit(), which also refuse what is not a number
function limitOffsetClause(page?: { limit: number; offset: number }): string {
  if (!page) return '';
  if (!Number.isSafeInteger(page.limit) || !Number.isSafeInteger(page.offset) || page.limit < 0 || page.offset < 0) {
    throw new TypeError(`limit and offset must be non-negative integers, got ${page.limit} and ${page.offset}`);
  }
  return ` LIMIT ${page.limit} OFFSET ${page.offset}`;
}

const STATEMENT_CACHE_SIZE = 512;
// per data source: its naming strategy and driver decide the text
const statementsBySource = new WeakMap<DataSource, BoundedMap<string, string>>();

/** The builder's SQL with :named parameters, from the cache when a select of the same shape was built before. */
function namedSqlOf(builder: SelectQueryBuilder<ObjectLiteral>): string {
  let statements = statementsBySource.get(builder.dataSource);
  if (!statements) statementsBySource.set(builder.dataSource, (statements = new BoundedMap(STATEMENT_CACHE_SIZE)));
  const key = shapeKeyOf(builder);
  const cached = key === undefined ? undefined : statements.get(key);
  if (cached !== undefined) return cached;
  const sql = builder.getQuery();
  if (key !== undefined) statements.set(key, sql);
  return sql;
}

/**
 * Everything in the expression map that decides a plain select's SQL; parameters are not part of it (they
 * stay :named in the cached text). Where conditions given as functions or objects make a select uncacheable.
 */
function shapeKeyOf(builder: SelectQueryBuilder<ObjectLiteral>): string | undefined {
  const map = builder.expressionMap;
  if (!map.wheres.every(isSerializableCondition) || !map.havings.every(isSerializableCondition)) return undefined;
  return JSON.stringify([
    map.mainAlias!.metadata.tablePath,
    map.mainAlias!.name,
    map.selects,
    map.selectDistinct,
    map.selectDistinctOn,
    map.wheres,
    map.havings,
    map.orderBys,
    map.groupBys,
    map.withDeleted,
    map.skip,
    map.take,
    map.limit,
    map.offset,
    map.comment,
    map.maxExecutionTime,
    map.useIndex,
    map.timeTravel,
    map.aliasNamePrefixingEnabled,
    map.disableEscaping,
    map.subQuery,
    map.extraAppendedAndWhereCondition,
  ]);
}

function isSerializableCondition(where: { condition: unknown }): boolean {
  const condition = where.condition;
  if (typeof condition === 'string') return true;
  return Array.isArray(condition) && condition.every(isSerializableCondition);
}

async function runOnPool<R>(builder: SelectQueryBuilder<ObjectLiteral>, sql: string, parameters: unknown[]): Promise<R[]> {
  const { logger } = builder.dataSource;
  const pool = (builder.dataSource.driver as PostgresDriver).master as Pool;
  logger.logQuery(sql, parameters);
  try {
    return (await pool.query(sql, parameters)).rows as R[];
  } catch (error) {
    logger.logQueryError(error as Error, sql, parameters);
    // as TypeORM's query runner: the server's refusals become QueryFailedError, a failed connection stays what it is
    throw error instanceof DatabaseError ? new QueryFailedError(sql, parameters, error) : error;
  }
}

interface LeanHydration {
  entityOf(row: ObjectLiteral): ObjectLiteral | undefined;
}

// per entity and alias (the raw rows' keys carry the alias); null: the entity needs TypeORM's own path
const hydrations = new WeakMap<EntityMetadata, Map<string, LeanHydration | null>>();

/** Undefined when the select needs more than TypeORM's column hydration (or must run on its query runner). */
function leanHydrationFor(builder: SelectQueryBuilder<ObjectLiteral>): LeanHydration | undefined {
  const map = builder.expressionMap;
  const boundRunner = (builder as unknown as { queryRunner?: unknown }).queryRunner;
  const driver = builder.dataSource.driver as Partial<PostgresDriver>;
  if (
    boundRunner !== undefined ||
    builder.dataSource.options.type !== 'postgres' ||
    !driver.master ||
    driver.options?.replication ||
    builder.dataSource.subscribers.some((subscriber) => typeof subscriber.afterLoad === 'function') ||
    !map.mainAlias?.hasMetadata ||
    map.queryType !== 'select' ||
    map.joinAttributes.length > 0 ||
    map.relationIdAttributes.length > 0 ||
    map.commonTableExpressions.length > 0 ||
    map.lockMode !== undefined ||
    map.cache
  ) {
    return undefined;
  }
  const metadata = map.mainAlias.metadata;
  if (map.callListeners && metadata.afterLoadListeners.length > 0) return undefined;
  let byAlias = hydrations.get(metadata);
  if (!byAlias) hydrations.set(metadata, (byAlias = new Map()));
  let hydration = byAlias.get(map.mainAlias.name);
  if (hydration === undefined) {
    hydration = planHydration(builder, metadata, map.mainAlias.name);
    byAlias.set(map.mainAlias.name, hydration);
  }
  return hydration ?? undefined;
}

function planHydration(builder: SelectQueryBuilder<ObjectLiteral>, metadata: EntityMetadata, alias: string): LeanHydration | null {
  if (
    typeof metadata.target !== 'function' ||
    metadata.tableType === 'view' ||
    metadata.discriminatorColumn ||
    metadata.childEntityMetadatas.length > 0 ||
    metadata.relationIds.length > 0 ||
    metadata.lazyRelations.length > 0
  ) {
    return null;
  }
  const driver = builder.dataSource.driver;
  // a column that is not selected is missing from the row and skipped, as in TypeORM's transformer
  const columns: Array<[string, ColumnMetadata]> = metadata.columns
    .filter((column) => !column.isVirtual)
    .map((column) => [DriverUtils.buildAlias(driver, undefined, alias, column.databaseName), column]);
  return {
    entityOf(row) {
      const entity = metadata.create(undefined, { fromDeserializer: true }) as ObjectLiteral;
      let hasData = false;
      for (const [key, column] of columns) {
        const value = row[key];
        if (value === undefined) continue;
        if (value !== null && !column.isVirtualProperty) hasData = true;
        column.setEntityValue(entity, driver.prepareHydratedValue(value, column));
      }
      return hasData ? entity : undefined;
    },
  };
}
