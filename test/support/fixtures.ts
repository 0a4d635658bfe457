import { randomUUID } from 'node:crypto';
import { TestApp } from './test-app';

export async function createOrganization(t: TestApp, name = `Org ${randomUUID().slice(0, 8)}`) {
  const response = await t.http.post('/api/v1/organizations').set(t.admin).send({ name }).expect(201);
  return response.body as { id: string; name: string; slug: string };
}

export async function createAgent(t: TestApp, organizationId: string, extra: Record<string, unknown> = {}) {
  const response = await t.http
    .post('/api/v1/agents')
    .set(t.admin)
    .send({ organization_id: organizationId, name: `agent-${randomUUID().slice(0, 8)}`, ...extra })
    .expect(201);
  return response.body as { id: string; name: string; agent_token: string; organization_id: string; board_id: string | null };
}

/** An admin user bound to one organisation, logged in: returns its Authorization header. */
export async function organizationAdmin(t: TestApp, organizationId: string) {
  const email = `admin-${randomUUID().slice(0, 8)}@example.com`;
  const password = 'correct horse battery';
  const created = await t.http
    .post('/api/v1/users')
    .set(t.admin)
    .send({ email, display_name: 'Org admin', password, organization_id: organizationId })
    .expect(201);
  const login = await t.http.post('/api/v1/auth/login').send({ email, password }).expect(200);
  return { id: created.body.id as string, email, password, headers: { Authorization: `Bearer ${login.body.access_token}` } };
}
