import { randomUUID } from 'node:crypto';
import { createAgent, createOrganization, organizationAdmin } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('Organizations /api/v1/organizations', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('creates, reads, updates and deletes an organization, auditing each write', async () => {
    const created = await t.http
      .post('/api/v1/organizations')
      .set(t.admin)
      .send({ name: 'Shenzhen Office', description: 'HQ', settings: { timezone: 'Asia/Shanghai' } })
      .expect(201);
    expect(created.body).toMatchObject({ name: 'Shenzhen Office', slug: 'shenzhen-office', description: 'HQ' });
    const id = created.body.id;

    const read = await t.http.get(`/api/v1/organizations/${id}`).set(t.admin).expect(200);
    expect(read.body).toEqual(created.body);

    const patched = await t.http.patch(`/api/v1/organizations/${id}`).set(t.admin).send({ name: 'SZ Office' }).expect(200);
    expect(patched.body).toMatchObject({ id, name: 'SZ Office', slug: 'shenzhen-office' });

    await t.http.delete(`/api/v1/organizations/${id}`).set(t.admin).expect(204);
    await t.http.get(`/api/v1/organizations/${id}`).set(t.admin).expect(404, { detail: 'Organization not found' });

    const trail = await t.dataSource.query(
      'SELECT action, changes FROM activity_entries WHERE target_id = $1 ORDER BY created_at',
      [id],
    );
    expect(trail.map((row: { action: string }) => row.action)).toEqual([
      'organization.created',
      'organization.updated',
      'organization.deleted',
    ]);
    expect(trail[1].changes).toEqual({ name: { from: 'Shenzhen Office', to: 'SZ Office' } });
  });

  it('pages with limit/offset, reports totals in the body and headers, and sorts', async () => {
    const prefix = `page-${randomUUID().slice(0, 6)}`;
    for (const suffix of ['c', 'a', 'b']) await createOrganization(t, `${prefix}-${suffix}`);

    const first = await t.http
      .get('/api/v1/organizations')
      .query({ q: prefix, sort: 'name', order: 'asc', limit: 2, offset: 0 })
      .set(t.admin)
      .expect(200);
    expect(first.body).toMatchObject({ total: 3, page: 1, size: 2 });
    expect(first.body.items.map((o: { name: string }) => o.name)).toEqual([`${prefix}-a`, `${prefix}-b`]);
    expect(first.headers).toMatchObject({ 'x-total-count': '3', 'x-limit': '2', 'x-offset': '0' });

    const second = await t.http
      .get('/api/v1/organizations')
      .query({ q: prefix, sort: 'name', order: 'asc', limit: 2, offset: 2 })
      .set(t.admin)
      .expect(200);
    expect(second.body).toMatchObject({ total: 3, page: 2, size: 2 });
    expect(second.body.items.map((o: { name: string }) => o.name)).toEqual([`${prefix}-c`]);

    const pastTheEnd = await t.http.get('/api/v1/organizations').query({ q: prefix, limit: 2, offset: 10 }).set(t.admin).expect(200);
    expect(pastTheEnd.body).toEqual({ items: [], total: 3, page: 6, size: 2 });
    const none = await t.http.get('/api/v1/organizations').query({ q: `${prefix}-nothing` }).set(t.admin).expect(200);
    expect(none.body).toMatchObject({ items: [], total: 0 });
  });

  it('defaults to 20 per page and refuses a limit over 100 or an unknown sort field', async () => {
    const list = await t.http.get('/api/v1/organizations').set(t.admin).expect(200);
    expect(list.body.size).toBe(20);
    const tooMany = await t.http.get('/api/v1/organizations?limit=101').set(t.admin).expect(422);
    expect(tooMany.body.errors).toEqual([{ field: 'limit', message: 'limit must not be greater than 100' }]);
    await t.http.get('/api/v1/organizations?sort=password').set(t.admin).expect(422);
    await t.http.get('/api/v1/organizations?offset=-1').set(t.admin).expect(422);
  });

  it('refuses a duplicate slug with 409 and derives a free slug from a taken name', async () => {
    const org = await createOrganization(t);
    const duplicate = await t.http.post('/api/v1/organizations').set(t.admin).send({ name: 'x', slug: org.slug }).expect(409);
    expect(duplicate.body.detail).toContain(org.slug);
    const sameName = await t.http.post('/api/v1/organizations').set(t.admin).send({ name: org.name }).expect(201);
    expect(sameName.body.slug).not.toBe(org.slug);
    expect(sameName.body.slug.startsWith(org.slug)).toBe(true);
  });

  it('creates once when a client retries with the same Idempotency-Key', async () => {
    const key = `create-${randomUUID()}`;
    const create = () => t.http.post('/api/v1/organizations').set(t.admin).set('Idempotency-Key', key).send({ name: 'Retried Org' });
    const first = await create().expect(201);
    const retried = await create().expect(201);
    expect(retried.headers['idempotent-replayed']).toBe('true');
    expect(retried.body).toEqual(first.body);
    const listed = await t.http.get('/api/v1/organizations').query({ q: 'Retried Org' }).set(t.admin).expect(200);
    expect(listed.body.total).toBe(1);

    // a failed attempt is not remembered: the corrected retry with the same key goes through
    const failKey = `create-${randomUUID()}`;
    await t.http.post('/api/v1/organizations').set(t.admin).set('Idempotency-Key', failKey).send({ name: '' }).expect(422);
    await t.http.post('/api/v1/organizations').set(t.admin).set('Idempotency-Key', failKey).send({ name: 'Fixed' }).expect(201);
  });

  it('deleting an organization removes its agents with it', async () => {
    const org = await createOrganization(t);
    const agent = await createAgent(t, org.id);
    await t.http.delete(`/api/v1/organizations/${org.id}`).set(t.admin).expect(204);
    await t.http.get(`/api/v1/agents/${agent.id}`).set(t.admin).expect(404);
  });

  describe('an admin bound to one organization', () => {
    it('sees only its own organization and gets 403 on another', async () => {
      const own = await createOrganization(t);
      const other = await createOrganization(t);
      const orgAdmin = await organizationAdmin(t, own.id);

      const list = await t.http.get('/api/v1/organizations').set(orgAdmin.headers).expect(200);
      expect(list.body.items.map((o: { id: string }) => o.id)).toEqual([own.id]);
      await t.http.get(`/api/v1/organizations/${own.id}`).set(orgAdmin.headers).expect(200);
      await t.http.get(`/api/v1/organizations/${other.id}`).set(orgAdmin.headers).expect(403);
      await t.http.patch(`/api/v1/organizations/${other.id}`).set(orgAdmin.headers).send({ name: 'mine now' }).expect(403);
      await t.http.post('/api/v1/organizations').set(orgAdmin.headers).send({ name: 'new' }).expect(403);
      await t.http.delete(`/api/v1/organizations/${own.id}`).set(orgAdmin.headers).expect(403);
      const untouched = await t.http.get(`/api/v1/organizations/${other.id}`).set(t.admin).expect(200);
      expect(untouched.body.name).toBe(other.name);
    });
  });
});
