import { randomUUID } from 'node:crypto';
import { TestApp } from './test-app';

export async function createOrganization(
  t: TestApp,
  name = `Org ${randomUUID().slice(0, 8)}`,
  extra: Record<string, unknown> = {},
) {
  const response = await t.http.post('/api/v1/organizations').set(t.admin).send({ name, ...extra }).expect(201);
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

export interface H5Session {
  access_token: string;
  refresh_token: string;
  token_type: 'bearer';
  expires_in: number;
  refresh_expires_in: number;
  user: { id: string; organization_id: string; username: string; display_name: string; avatar_url: string | null };
}

/** Registers an H5 (mobile) user through the public route; returns the signed-in token pair and the password. */
export async function registerH5User(t: TestApp, organizationId: string, extra: Record<string, unknown> = {}) {
  const body = { organization_id: organizationId, username: `h5-${randomUUID().slice(0, 8)}`, password: 'mobile pass 123', ...extra };
  const response = await t.http.post('/api/v1/h5/auth/register').send(body).expect(201);
  const session = response.body as H5Session;
  return { ...session, password: body.password as string, headers: { Authorization: `Bearer ${session.access_token}` } };
}

export async function createBoard(t: TestApp, organizationId: string, extra: Record<string, unknown> = {}) {
  const response = await t.http
    .post('/api/v1/boards')
    .set(t.admin)
    .send({ organization_id: organizationId, name: `board-${randomUUID().slice(0, 8)}`, ...extra })
    .expect(201);
  return response.body as { id: string; name: string; organization_id: string };
}

export interface PanelLogEntry {
  id: string;
  time: number;
  source: string;
  type: string;
  summary: string;
  detail?: string;
}

/** The panel's activity log, newest first, as `GET /api/events` lists it. */
export async function panelEvents(t: TestApp, auth: Record<string, string>, query: { source?: string; search?: string; limit?: number } = {}) {
  const response = await t.http.get('/api/events').query(query).set(auth).expect(200);
  return response.body.events as PanelLogEntry[];
}
