import { randomUUID } from 'node:crypto';
import { createBoard, createOrganization } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('Bad input gets a precise 4xx and changes nothing', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ BODY_LIMIT: '16kb' });
  });
  afterAll(() => t.close());

  const organizationCount = async () => (await t.dataSource.query('SELECT count(*)::int AS n FROM organizations'))[0].n;

  it('malformed JSON: 400 {detail}', async () => {
    const before = await organizationCount();
    const response = await t.http
      .post('/api/v1/organizations')
      .set(t.admin)
      .set('Content-Type', 'application/json')
      .send('{"name": "half')
      .expect(400);
    expect(response.body).toEqual({ detail: 'Malformed JSON body' });
    expect(await organizationCount()).toBe(before);
  });

  it('a JSON body that is not an object: 400', async () => {
    await t.http.post('/api/v1/organizations').set(t.admin).send([{ name: 'x' }]).expect(400, { detail: 'Request body must be a JSON object' });
    await t.http
      .post('/api/v1/organizations')
      .set(t.admin)
      .set('Content-Type', 'application/json')
      .send('"just a string"')
      .expect(400);
  });

  it('wrong types and missing fields: 422 naming each field', async () => {
    const wrongType = await t.http.post('/api/v1/organizations').set(t.admin).send({ name: 42 }).expect(422);
    expect(wrongType.body.detail).toEqual(expect.any(String));
    expect(wrongType.body.errors).toEqual(expect.arrayContaining([{ field: 'name', message: 'name must be a string' }]));
    const missing = await t.http.post('/api/v1/organizations').set(t.admin).send({}).expect(422);
    expect(missing.body.errors.map((e: { field: string }) => e.field)).toContain('name');
    const noBody = await t.http.post('/api/v1/organizations').set(t.admin).expect(422);
    expect(noBody.body.errors.map((e: { field: string }) => e.field)).toContain('name');
  });

  it('null: clears a nullable field, and is a 422 for a field that cannot be empty', async () => {
    const org = (await t.http.post('/api/v1/organizations').set(t.admin).send({ name: 'nulls', description: 'd' }).expect(201)).body;
    await t.http.patch(`/api/v1/organizations/${org.id}`).set(t.admin).send({ name: null }).expect(422);
    await t.http.patch(`/api/v1/organizations/${org.id}`).set(t.admin).send({ settings: null }).expect(422);
    const cleared = await t.http.patch(`/api/v1/organizations/${org.id}`).set(t.admin).send({ description: null }).expect(200);
    expect(cleared.body).toMatchObject({ name: 'nulls', description: null });

    const agent = (
      await t.http.post('/api/v1/agents').set(t.admin).send({ organization_id: org.id, name: 'n', board_id: (await createBoard(t, org.id)).id }).expect(201)
    ).body;
    for (const field of ['name', 'status', 'openclaw_agent_id', 'metadata']) {
      const response = await t.http.patch(`/api/v1/agents/${agent.id}`).set(t.admin).send({ [field]: null }).expect(422);
      expect(response.body.errors[0].field).toBe(field);
    }
    const offBoard = await t.http.patch(`/api/v1/agents/${agent.id}`).set(t.admin).send({ board_id: null }).expect(200);
    expect(offBoard.body).toMatchObject({ name: 'n', board_id: null, status: 'offline' });

    await t.http.patch('/api/v1/users/me').set(t.admin).send({ timezone: null }).expect(422);
    await t.http.patch('/api/v1/users/me').set(t.admin).send({ preferences: null }).expect(422);
    await t.http.patch('/api/v1/users/me').set(t.admin).send({ avatar_url: null }).expect(200);
  });

  it('unknown fields: 422', async () => {
    const before = await organizationCount();
    const response = await t.http.post('/api/v1/organizations').set(t.admin).send({ name: 'ok', is_admin: true }).expect(422);
    expect(response.body.errors).toEqual([{ field: 'is_admin', message: 'is_admin is not an allowed field' }]);
    expect(await organizationCount()).toBe(before);
  });

  it('oversized bodies: 413', async () => {
    const response = await t.http
      .post('/api/v1/organizations')
      .set(t.admin)
      .send({ name: 'big', description: 'x'.repeat(20_000) })
      .expect(413);
    expect(response.body).toEqual({ detail: 'Request body exceeds the 16kb limit' });
  });

  it('invalid UUIDs in paths and queries: 422; unknown ids: 404', async () => {
    const bad = await t.http.get('/api/v1/organizations/not-a-uuid').set(t.admin).expect(422);
    expect(bad.body).toEqual({ detail: 'id must be a UUID', errors: [{ field: 'id', message: 'id must be a UUID' }] });
    await t.http.get('/api/v1/agents?organization_id=zzz').set(t.admin).expect(422);
    await t.http.get(`/api/v1/organizations/${randomUUID()}`).set(t.admin).expect(404, { detail: 'Organization not found' });
    await t.http.patch(`/api/v1/agents/${randomUUID()}`).set(t.admin).send({ name: 'x' }).expect(404);
    await t.http.delete(`/api/v1/h5/users/${randomUUID()}/assign/not-a-uuid`).set(t.admin).expect(422);
  });

  it('an unknown route: 404 in the dialect of its namespace', async () => {
    const missing = await t.http.get('/api/v1/nothing-here').set(t.admin).expect(404);
    expect(missing.body).toEqual({ detail: expect.any(String) });
    const panel = await t.http.get('/api/nothing-here').expect(404);
    expect(panel.body).toEqual({ ok: false, error: expect.any(String) });
  });

  it('panel routes answer bad input in the panel dialect', async () => {
    const invalid = await t.http.post('/api/auth/login').send({ token: 7 }).expect(400);
    expect(invalid.body).toEqual({ ok: false, error: 'token must be a string' });
    await t.http.post('/api/auth/login').send({ token: 'wrong' }).expect(401, { ok: false, error: 'Invalid token' });
    const malformed = await t.http.post('/api/auth/login').set('Content-Type', 'application/json').send('{').expect(400);
    expect(malformed.body).toEqual({ ok: false, error: 'Malformed JSON body' });
    const login = await t.http.post('/api/auth/login').send({ token: t.config.adminToken }).expect(200);
    expect(login.body).toEqual({ ok: true, token: expect.any(String) });
  });

  it('never leaks a stack trace', async () => {
    const responses = await Promise.all([
      t.http.post('/api/v1/organizations').set(t.admin).set('Content-Type', 'application/json').send('{'),
      t.http.get('/api/v1/organizations/%E0%A4%A').set(t.admin),
      t.http.post('/api/v1/organizations').set(t.admin).send({ name: { nested: true } }),
    ]);
    for (const response of responses) {
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(JSON.stringify(response.body)).not.toMatch(/at .*\.(js|ts):\d+|node_modules/);
    }
  });

  describe('text PostgreSQL cannot store, refused at the edge in the dialect of each API (issue 11)', () => {
    let panel: { Authorization: string };
    const nul = { field: 'query.search', message: 'query.search must not contain NUL characters' };

    beforeAll(async () => {
      const login = await t.http.post('/api/auth/login').send({ token: t.config.adminToken }).expect(200);
      panel = { Authorization: `Bearer ${login.body.token}` };
    });

    it('a NUL or bytes that are not UTF-8 in a query string: 422 naming the parameter on /api/v1, 400 on the panel', async () => {
      for (const path of ['/api/v1/skills-marketplace', '/api/v1/souls-directory']) {
        await t.http.get(`${path}?search=%00%ff`).set(t.admin).expect(422, { detail: nul.message, errors: [nul] });
        const notUtf8 = await t.http.get(`${path}?search=%ff`).set(t.admin).expect(422);
        expect(notUtf8.body.errors).toEqual([{ field: 'query.search', message: 'query.search must be UTF-8 text once percent-decoded' }]);
      }
      await t.http.get('/api/events?search=%00%ff').set(panel).expect(400, { ok: false, error: nul.message });
      await t.http.get('/api/events?search=%ed%a0%80').set(panel).expect(400);
    });

    it('NUL in a path parameter and NUL or a lone surrogate anywhere in a JSON body, keys included', async () => {
      const before = await organizationCount();
      const path = await t.http.get('/api/v1/organizations/%00').set(t.admin).expect(422);
      expect(path.body.errors).toEqual([{ field: 'path.id', message: 'path.id must not contain NUL characters' }]);
      await t.http.post('/api/requests/%00/approve').set(panel).expect(400, { ok: false, error: 'path.flag must not contain NUL characters' });
      // a path escape that does not decode (%ff is no UTF-8) stops Express's router itself: 400 in each dialect
      await t.http.get('/api/v1/organizations/%ff').set(t.admin).expect(400, { detail: "Failed to decode param '%ff'" });
      await t.http.post('/api/requests/%ff/approve').set(panel).expect(400, { ok: false, error: "Failed to decode param '%ff'" });
      const body = await t.http.post('/api/v1/organizations').set(t.admin).send({ name: 'x\u0000', settings: { 'k\uD800': ['\uDC00'] } }).expect(422);
      expect(body.body.errors.map((e: { field: string }) => e.field)).toEqual(['body.name', 'body.settings.k\\ud800', 'body.settings.k\\ud800.0']);
      const nested = await t.http.post('/api/v1/organizations').set(t.admin).set('Content-Type', 'application/json').send(`{"name":${'['.repeat(5000)}${']'.repeat(5000)}}`).expect(422);
      expect(nested.body.detail).toMatch(/^body\.name(\.0)+ is nested more than 64 levels deep$/);
      expect(await organizationCount()).toBe(before);
    });

    it('checks credentials first, and leaves paths outside the APIs alone', async () => {
      await t.http.get('/api/v1/skills-marketplace?search=%00').expect(401);
      await t.http.get('/api/events?search=%00').expect(401);
      await t.http.get('/health?probe=%00%ff').expect(200);
    });

    it('an offset past 2^53 (which no longer reads as an exact integer) is a 422 in both APIs', async () => {
      await t.http.get('/api/v1/users?offset=99999999999999999999999').set(t.admin).expect(422);
      await t.http.get('/api/events?offset=99999999999999999999999').set(panel).expect(400);
      await t.http.get(`/api/v1/users?offset=${Number.MAX_SAFE_INTEGER}`).set(t.admin).expect(200);
    });

    it.each(['/api/openclaw/channels/qq', '/api/openclaw/plugins/fuzz', '/api/admin/config/qq'])(
      'PUT %s: a body that is not a JSON object is a 400, so is a wrongly typed field it reads; nothing is written',
      async (path) => {
        const read = async () => [(await t.http.get('/api/openclaw/config').set(panel)).body, (await t.http.get('/api/admin/config').set(panel)).body];
        const before = await read();
        for (const body of ['[1, 2]', '"text"', 'null', '5', 'true']) {
          await t.http.put(path).set(panel).set('Content-Type', 'application/json').send(body).expect(400, { ok: false, error: 'Request body must be a JSON object' });
        }
        await t.http.put(path).set(panel).send({ 'a\u0000': 1 }).expect(400, { ok: false, error: 'body.a\\u0000 (a field name) must not contain NUL characters' });
        if (!path.startsWith('/api/admin')) {
          await t.http.put(path).set(panel).send({ enabled: 'yes' }).expect(400, { ok: false, error: 'enabled must be a boolean value' });
        }
        expect(await read()).toEqual(before);
      },
    );
  });

  it('a duplicate caught by the database answers 409, not 500', async () => {
    const org = await createOrganization(t);
    const races = await Promise.all(
      [1, 2, 3].map(() => t.http.post('/api/v1/organizations').set(t.admin).send({ name: 'race', slug: `${org.slug}-race` })),
    );
    const statuses = races.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(2);
  });
});
