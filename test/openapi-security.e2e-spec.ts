import { randomUUID } from 'node:crypto';
import { createAgent, createOrganization } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

type Operation = {
  operationId: string;
  summary?: string;
  tags?: string[];
  security?: Array<Record<string, string[]>>;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
};

/** Routes meant to be reachable without credentials; everything else must refuse an anonymous call. */
const PUBLIC_ROUTES = new Set([
  'GET /health',
  'GET /healthz',
  'GET /readyz',
  'POST /api/v1/auth/login',
  'POST /api/v1/h5/auth/register',
  'POST /api/v1/h5/auth/login',
  'POST /api/v1/h5/auth/refresh',
  'POST /api/auth/login',
  'POST /api/v1/webhooks/inbound/{webhook_id}',
  'GET /api/v1/calendar/ical/{token}',
  'POST /api/v1/gateway-registry/register',
  'POST /api/events/log',
  'POST /api/wechat/callback',
]);

const NON_JSON_ROUTES: Record<string, string> = {
  'GET /api/v1/suggestions/stream': 'text/event-stream',
  'GET /api/v1/command-center/live-activity/stream': 'text/event-stream',
  'GET /api/v1/calendar/ical/{token}': 'text/calendar',
};

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

describe('OpenAPI document and the deny-by-default guard', () => {
  let t: TestApp;
  let operations: Array<{ method: (typeof METHODS)[number]; path: string; url: string; op: Operation }>;
  const credentials: Record<string, Record<string, string>> = {};

  beforeAll(async () => {
    t = await startTestApp();
    const spec = (await t.http.get('/docs-json').expect(200)).body;
    operations = Object.entries(spec.paths as Record<string, Record<string, Operation>>).flatMap(([path, item]) =>
      METHODS.filter((m) => item[m]).map((method) => ({
        method,
        path,
        url: path.replace(/\{[^}]+\}/g, () => randomUUID()),
        op: item[method],
      })),
    );

    const org = await createOrganization(t);
    const agent = await createAgent(t, org.id);
    const h5 = await t.http
      .post('/api/v1/h5/auth/register')
      .send({ organization_id: org.id, username: 'walker', password: 'long enough pw' })
      .expect(201);
    const panel = await t.http.post('/api/auth/login').send({ token: t.config.adminToken }).expect(200);
    const registration = await t.http.post('/api/v1/gateway-registry/tokens').set(t.admin).send({ organization_id: org.id }).expect(201);
    const gateway = await t.http
      .post('/api/v1/gateway-registry/register')
      .send({ registration_token: registration.body.registration_token, name: 'walker-gateway' })
      .expect(201);
    credentials.admin = t.admin;
    credentials.h5 = { Authorization: `Bearer ${h5.body.access_token}` };
    credentials.agent = { 'X-Agent-Token': agent.agent_token };
    credentials.panel = { Authorization: `Bearer ${panel.body.token}` };
    credentials.gateway = { Authorization: `Bearer ${gateway.body.relay_token}` };
  });
  afterAll(() => t.close());

  it('serves Swagger UI at /docs', async () => {
    const page = await t.http.get('/docs').redirects(1).expect(200);
    expect(page.text).toContain('swagger-ui');
  });

  it('documents every route with a tag, a summary, a response schema and its lock', () => {
    expect(operations.length).toBeGreaterThan(30);
    for (const { method, path, op } of operations) {
      const name = `${method.toUpperCase()} ${path}`;
      expect({ name, tags: op.tags?.length ?? 0 }).toEqual({ name, tags: 1 });
      expect({ name, summary: Boolean(op.summary) }).toEqual({ name, summary: true });
      const success = Object.entries(op.responses).filter(([status]) => status.startsWith('2'));
      expect({ name, documentedSuccess: success.length > 0 }).toEqual({ name, documentedSuccess: true });
      for (const [status, response] of success) {
        if (status === '204') continue;
        // JSON everywhere, except the Server-Sent Events stream and the iCalendar feed
        const mediaType = NON_JSON_ROUTES[name] ?? 'application/json';
        expect({ name, status, schema: Boolean(response.content?.[mediaType]?.schema) }).toEqual({ name, status, schema: true });
      }
      const locked = (op.security ?? []).length > 0;
      expect({ name, locked }).toEqual({ name, locked: !PUBLIC_ROUTES.has(name) });
    }
  });

  it('gives every operation its own operationId (the console client is generated from them)', () => {
    const seen = new Map<string, string>();
    for (const { method, path, op } of operations) {
      const name = `${method.toUpperCase()} ${path}`;
      expect({ name, operationId: typeof op.operationId }).toEqual({ name, operationId: 'string' });
      expect({ operationId: op.operationId, alsoUsedBy: seen.get(op.operationId) }).toEqual({ operationId: op.operationId, alsoUsedBy: undefined });
      seen.set(op.operationId, name);
    }
  });

  it('refuses an anonymous call to every route that is not public, in the right error dialect', async () => {
    for (const { method, path, url } of operations) {
      const name = `${method.toUpperCase()} ${path}`;
      if (PUBLIC_ROUTES.has(name)) continue;
      const response = await t.http[method](url).send({});
      expect({ name, status: response.status }).toEqual({ name, status: 401 });
      const panel = path.startsWith('/api/') && !path.startsWith('/api/v1');
      expect(response.body).toEqual(panel ? { ok: false, error: expect.any(String) } : { detail: expect.any(String) });
    }
  });

  it("refuses every other scheme's credentials on each locked route", async () => {
    for (const { method, path, url, op } of operations) {
      const accepted = new Set((op.security ?? []).flatMap((requirement) => Object.keys(requirement)));
      if (accepted.size === 0) continue;
      for (const [scheme, headers] of Object.entries(credentials)) {
        if (accepted.has(scheme)) continue;
        const response = await t.http[method](url).set(headers).send({});
        expect({ route: `${method.toUpperCase()} ${path}`, scheme, status: response.status }).toEqual({
          route: `${method.toUpperCase()} ${path}`,
          scheme,
          status: 401,
        });
      }
    }
  });
});
