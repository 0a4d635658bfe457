import { randomUUID } from 'node:crypto';
import { createAgent, createOrganization, organizationAdmin } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('Activity /api/v1/activity', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const list = (query: Record<string, string | number>, headers = t.admin) =>
    t.http.get('/api/v1/activity').query(query).set(headers).expect(200);

  it('lists the writes of an organization newest first, with who, what and the change', async () => {
    const org = await createOrganization(t);
    const agent = await createAgent(t, org.id, { name: 'timeline' });
    await t.http.patch(`/api/v1/agents/${agent.id}`).set(t.admin).send({ name: 'timeline-2' }).expect(200);
    await t.http.post(`/api/v1/agents/${agent.id}/rotate-token`).set(t.admin).expect(200);
    const me = (await t.http.get('/api/v1/users/me').set(t.admin).expect(200)).body;

    const page = await list({ organization_id: org.id });
    expect(page.body.items.map((e: { action: string }) => e.action)).toEqual([
      'agent.token_rotated',
      'agent.updated',
      'agent.created',
      'organization.created',
    ]);
    expect(page.headers['x-total-count']).toBe('4');
    const updated = page.body.items[1];
    expect(updated).toMatchObject({
      organization_id: org.id,
      actor: { type: 'admin', id: me.id },
      target: { type: 'agent', id: agent.id },
      changes: { name: { from: 'timeline', to: 'timeline-2' } },
      summary: expect.stringContaining('timeline'),
    });
    const one = await t.http.get(`/api/v1/activity/${updated.id}`).set(t.admin).expect(200);
    expect(one.body).toEqual(updated);
  });

  it('filters by action or action prefix, target, actor, time and words', async () => {
    const org = await createOrganization(t);
    const agent = await createAgent(t, org.id, { name: 'filtered' });
    await t.http.post(`/api/v1/agents/${agent.id}/rotate-token`).set(t.admin).expect(200);

    expect((await list({ organization_id: org.id, action: 'agent.' })).body.total).toBe(2);
    expect((await list({ organization_id: org.id, action: 'agent.created' })).body.total).toBe(1);
    expect((await list({ target_type: 'agent', target_id: agent.id })).body.total).toBe(2);
    expect((await list({ organization_id: org.id, actor_type: 'agent' })).body.total).toBe(0);
    expect((await list({ organization_id: org.id, q: 'ROTATED' })).body.total).toBe(1);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await list({ organization_id: org.id, since: future })).body.total).toBe(0);
    expect((await list({ organization_id: org.id, until: future })).body.total).toBe(3);
    await t.http.get('/api/v1/activity').query({ since: 'yesterday' }).set(t.admin).expect(422);
    await t.http.get('/api/v1/activity').query({ actor_type: 'robot' }).set(t.admin).expect(422);
    await t.http.get('/api/v1/activity').query({ action: 'DROP TABLE' }).set(t.admin).expect(422);
  });

  it("keeps an organization admin to its own organization's entries", async () => {
    const own = await createOrganization(t);
    const other = await createOrganization(t);
    const admin = await organizationAdmin(t, own.id);
    await createAgent(t, other.id);

    const mine = await list({ limit: 100 }, admin.headers);
    expect(mine.body.items.every((e: { organization_id: string }) => e.organization_id === own.id)).toBe(true);
    await t.http.get('/api/v1/activity').query({ organization_id: other.id }).set(admin.headers).expect(403);
    const foreign = (await list({ organization_id: other.id })).body.items[0];
    await t.http.get(`/api/v1/activity/${foreign.id}`).set(admin.headers).expect(403);
    await t.http.get(`/api/v1/activity/${randomUUID()}`).set(t.admin).expect(404);
  });
});
