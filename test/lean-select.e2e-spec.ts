import { randomUUID } from 'node:crypto';
import { ObjectLiteral, QueryFailedError, SelectQueryBuilder } from 'typeorm';
import { selectRawAndEntities } from '../src/core/database/lean-select';
import { AgentEntity } from '../src/mission-control/agents/entities/agent.entity';
import { OrganizationEntity } from '../src/mission-control/organizations/entities/organization.entity';
import { UserEntity } from '../src/mission-control/users/entities/user.entity';
import { createAgent, createOrganization, organizationAdmin } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/** The lean read behind every list page must answer exactly what TypeORM's getRawAndEntities answers. */
describe('lean selects (fetchPage) on the real database', () => {
  let t: TestApp;
  let organizations: Array<{ id: string; name: string }>;

  beforeAll(async () => {
    t = await startTestApp();
    organizations = [];
    for (let i = 0; i < 5; i++) organizations.push(await createOrganization(t, `Lean ${i} ${randomUUID().slice(0, 6)}`));
    await createAgent(t, organizations[0].id, { description: 'first' });
    await createAgent(t, organizations[0].id);
    await organizationAdmin(t, organizations[1].id);
  });
  afterAll(() => t.close());

  async function expectSameAsTypeorm<T extends ObjectLiteral>(
    build: () => SelectQueryBuilder<T>,
    page = { limit: 3, offset: 1 },
  ): Promise<T[]> {
    const expected = await build().offset(page.offset).limit(page.limit).getRawAndEntities();
    const lean = await selectRawAndEntities(build(), page);
    expect(lean.raw).toEqual(expected.raw);
    expect(lean.entities).toEqual(expected.entities);
    lean.entities.forEach((entity, i) => expect(Object.getPrototypeOf(entity)).toBe(Object.getPrototypeOf(expected.entities[i])));
    // a second read of the same shape comes from the statement cache and must still agree
    expect((await selectRawAndEntities(build(), page)).entities).toEqual(expected.entities);
    return lean.entities;
  }

  const orgs = () => t.dataSource.getRepository(OrganizationEntity).createQueryBuilder('o');

  it('hydrates organisations (uuid, text, jsonb, timestamptz) with the window count, page by page', async () => {
    const rows = await expectSameAsTypeorm(() => orgs().orderBy('o.createdAt', 'DESC').addOrderBy('o.id', 'DESC').addSelect('COUNT(*) OVER ()', 'page_total'));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toBeInstanceOf(OrganizationEntity);
    expect(rows[0].createdAt).toBeInstanceOf(Date);
    await expectSameAsTypeorm(() => orgs().orderBy('o.name', 'ASC'), { limit: 2, offset: 0 });
    await expectSameAsTypeorm(() => orgs().orderBy('o.name', 'ASC'), { limit: 50, offset: 0 });
  });

  it('keeps one statement per shape: a filtered select never reuses the unfiltered SQL, and parameters rebind', async () => {
    const page = { limit: 20, offset: 0 };
    const all = await selectRawAndEntities(orgs().orderBy('o.name', 'ASC'), page);
    expect(all.entities.length).toBeGreaterThanOrEqual(5);
    for (const target of organizations.slice(0, 3)) {
      const scoped = await expectSameAsTypeorm(() => orgs().andWhere('o.id = :id', { id: target.id }).orderBy('o.name', 'ASC'), page);
      expect(scoped.map((o) => o.id)).toEqual([target.id]);
    }
    const spread = await expectSameAsTypeorm(
      () => orgs().where('o.id IN (:...ids)', { ids: organizations.slice(1, 4).map((o) => o.id) }).orderBy('o.name', 'ASC'),
      page,
    );
    expect(spread).toHaveLength(3);
    const found = await expectSameAsTypeorm(() => orgs().where({ name: organizations[4].name }), page);
    expect(found.map((o) => o.id)).toEqual([organizations[4].id]);
  });

  it('hydrates nullable uuids and defaults (agents) and booleans, partial selects and select:false columns (users)', async () => {
    const agents = () => t.dataSource.getRepository(AgentEntity).createQueryBuilder('a').where('a.organizationId = :org', { org: organizations[0].id }).orderBy('a.name');
    expect(await expectSameAsTypeorm(agents, { limit: 10, offset: 0 })).toHaveLength(2);
    const users = () => t.dataSource.getRepository(UserEntity).createQueryBuilder('u').orderBy('u.email');
    await expectSameAsTypeorm(users, { limit: 10, offset: 0 });
    const withHash = await expectSameAsTypeorm(() => users().addSelect('u.passwordHash'), { limit: 10, offset: 0 });
    expect(withHash.some((user) => typeof user.passwordHash === 'string')).toBe(true);
    const partial = await expectSameAsTypeorm(() => users().select(['u.id', 'u.email']), { limit: 10, offset: 0 });
    const selected = Object.entries(partial[0]).filter(([, value]) => value !== undefined);
    expect(selected.map(([key]) => key).sort()).toEqual(['email', 'id']);
  });

  it('leaves joins and transactions to TypeORM, with the same answers', async () => {
    const joined = () =>
      t.dataSource.getRepository(AgentEntity).createQueryBuilder('a').leftJoinAndSelect('a.organization', 'org').orderBy('a.name');
    const rows = await expectSameAsTypeorm(joined, { limit: 10, offset: 0 });
    expect(rows.length).toBeGreaterThanOrEqual(2);
    await t.dataSource.transaction(async (manager) => {
      const page = await selectRawAndEntities(manager.getRepository(OrganizationEntity).createQueryBuilder('o').orderBy('o.name'), { limit: 2, offset: 0 });
      expect(page.entities).toHaveLength(2);
    });
  });

  it('takes the lean path for a plain select and TypeORM\'s for a join', async () => {
    const typeormPath = jest.spyOn(SelectQueryBuilder.prototype, 'getRawAndEntities');
    try {
      await selectRawAndEntities(orgs().orderBy('o.name'), { limit: 2, offset: 0 });
      expect(typeormPath).not.toHaveBeenCalled();
      await selectRawAndEntities(t.dataSource.getRepository(AgentEntity).createQueryBuilder('a').leftJoin('a.organization', 'org'), { limit: 2, offset: 0 });
      expect(typeormPath).toHaveBeenCalled();
    } finally {
      typeormPath.mockRestore();
    }
  });

  it('sends the statement TypeORM would send, LIMIT and OFFSET included', async () => {
    const query = jest.spyOn(Object.getPrototypeOf((t.dataSource.driver as unknown as { master: object }).master), 'query');
    try {
      const build = () => orgs().orderBy('o.name', 'ASC');
      await selectRawAndEntities(build(), { limit: 7, offset: 0 });
      expect(query).toHaveBeenLastCalledWith(build().offset(0).limit(7).getQuery(), []);
    } finally {
      query.mockRestore();
    }
    await expect(selectRawAndEntities(orgs(), { limit: 1.5, offset: 0 })).rejects.toThrow(TypeError);
  });

  it('reports a failing statement as a QueryFailedError, as TypeORM does', async () => {
    await expect(
      selectRawAndEntities(orgs().where('o.id = :id', { id: 'not-a-uuid' }), { limit: 1, offset: 0 }),
    ).rejects.toBeInstanceOf(QueryFailedError);
  });
});
