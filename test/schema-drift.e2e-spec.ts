import { startTestApp, TestApp } from './support/test-app';

describe('Database schema', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('has every migration applied', async () => {
    expect(await t.dataSource.showMigrations()).toBe(false);
  });

  it('matches the entities exactly (a change to an entity needs a generated migration)', async () => {
    const pending = await t.dataSource.driver.createSchemaBuilder().log();
    const statements = pending.upQueries.map((query) => query.query);
    expect(statements).toEqual([]);
  });

  it('names every foreign key and index explicitly', async () => {
    const rows: Array<{ name: string }> = await t.dataSource.query(`
      SELECT conname AS name FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
       WHERE n.nspname = current_schema() AND contype IN ('f', 'p', 'u')
      UNION ALL
      SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()`);
    const unnamed = rows.map((r) => r.name).filter((name) => !/^(pk|fk|uq|idx)_/.test(name) && name !== 'schema_migrations_pkey');
    expect(unnamed).toEqual([]);
  });
});
