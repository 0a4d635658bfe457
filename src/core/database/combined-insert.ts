import { EntityManager, InsertQueryBuilder, ObjectLiteral } from 'typeorm';

/**
 * Runs inserts that need nothing back as one statement (each a data-modifying CTE): one round trip to the
 * database instead of one per insert. They see the same snapshot, so none may depend on another's rows.
 */
export async function insertTogether(manager: EntityManager, inserts: InsertQueryBuilder<ObjectLiteral>[]): Promise<void> {
  if (inserts.length === 0) return;
  if (inserts.length === 1) {
    await inserts[0].updateEntity(false).execute();
    return;
  }
  const parameters: unknown[] = [];
  const parts = inserts.map((insert, index) => {
    const [sql, values] = insert.updateEntity(false).getQueryAndParameters();
    const offset = parameters.length;
    parameters.push(...values);
    // TypeORM binds every value, so each `$n` in its SQL is a parameter reference, never text of a value
    return `"insert_${index}" AS (${sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)})`;
  });
  await manager.query(`WITH ${parts.join(', ')} SELECT 1`, parameters);
}
