import { createHash, randomUUID } from 'node:crypto';
import { createAgent, createBoard, createOrganization, organizationAdmin } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('Agents /api/v1/agents', () => {
  let t: TestApp;
  let org: { id: string };

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t);
  });
  afterAll(() => t.close());

  it('creates an agent, shows its token exactly once and stores only its SHA-256', async () => {
    const created = await t.http
      .post('/api/v1/agents')
      .set(t.admin)
      .send({ organization_id: org.id, name: 'reviewer', description: 'reviews code', metadata: { tier: 'gold' } })
      .expect(201);
    const token: string = created.body.agent_token;
    expect(token).toMatch(/^agt_[A-Za-z0-9_-]{40,}$/);
    expect(created.body).toMatchObject({
      organization_id: org.id,
      name: 'reviewer',
      openclaw_agent_id: 'main',
      status: 'offline',
      token_hint: token.slice(0, 8),
      capabilities: [],
      metadata: { tier: 'gold' },
    });

    const read = await t.http.get(`/api/v1/agents/${created.body.id}`).set(t.admin).expect(200);
    expect(read.body.agent_token).toBeUndefined();
    expect(JSON.stringify(read.body)).not.toContain(token);
    const listed = await t.http.get('/api/v1/agents').query({ organization_id: org.id }).set(t.admin).expect(200);
    expect(JSON.stringify(listed.body)).not.toContain(token);

    const [row] = await t.dataSource.query('SELECT token_hash FROM agents WHERE id = $1', [created.body.id]);
    expect(row.token_hash).toBe(sha256(token));
    const indexes = await t.dataSource.query(
      "SELECT indexdef FROM pg_indexes WHERE tablename = 'agents' AND indexdef LIKE '%token_hash%'",
    );
    expect(indexes[0].indexdef).toMatch(/UNIQUE INDEX/);
  });

  it('lists with filters and sorting, updates, and deletes', async () => {
    const own = await createOrganization(t);
    const gateway = await t.http.post('/api/v1/gateways').set(t.admin).send({ organization_id: own.id, name: 'gw', url: 'ws://127.0.0.1:9' }).expect(201);
    const a = await createAgent(t, own.id, { name: 'alpha', gateway_id: gateway.body.id });
    await t.http.post('/api/v1/agents').set(t.admin).send({ organization_id: own.id, name: 'ghost', gateway_id: randomUUID() }).expect(422);
    await createAgent(t, own.id, { name: 'beta' });

    const byName = await t.http.get('/api/v1/agents').query({ organization_id: own.id, sort: 'name', order: 'asc' }).set(t.admin).expect(200);
    expect(byName.body.items.map((x: { name: string }) => x.name)).toEqual(['alpha', 'beta']);
    expect(byName.headers['x-total-count']).toBe('2');
    const searched = await t.http.get('/api/v1/agents').query({ organization_id: own.id, q: 'ALP' }).set(t.admin).expect(200);
    expect(searched.body.total).toBe(1);

    const patched = await t.http
      .patch(`/api/v1/agents/${a.id}`)
      .set(t.admin)
      .send({ name: 'alpha-2', status: 'online', openclaw_agent_id: 'coder' })
      .expect(200);
    expect(patched.body).toMatchObject({ name: 'alpha-2', status: 'online', openclaw_agent_id: 'coder' });
    const online = await t.http.get('/api/v1/agents').query({ organization_id: own.id, status: 'online' }).set(t.admin).expect(200);
    expect(online.body.items.map((x: { id: string }) => x.id)).toEqual([a.id]);

    await t.http.patch(`/api/v1/agents/${a.id}`).set(t.admin).send({ status: 'sleeping' }).expect(422);
    await t.http.patch(`/api/v1/agents/${a.id}`).set(t.admin).send({ organization_id: randomUUID() }).expect(422);
    await t.http.delete(`/api/v1/agents/${a.id}`).set(t.admin).expect(204);
    await t.http.get(`/api/v1/agents/${a.id}`).set(t.admin).expect(404, { detail: 'Agent not found' });
    await t.http.delete(`/api/v1/agents/${a.id}`).set(t.admin).expect(404);
  });

  it('refuses a duplicate name in one organization (409) but allows it in another', async () => {
    const other = await createOrganization(t);
    await createAgent(t, org.id, { name: 'twin' });
    const conflict = await t.http.post('/api/v1/agents').set(t.admin).send({ organization_id: org.id, name: 'twin' }).expect(409);
    expect(conflict.body.detail).toContain('twin');
    await createAgent(t, other.id, { name: 'twin' });
  });

  it('refuses an unknown organization with 422 and writes nothing', async () => {
    const missing = randomUUID();
    const response = await t.http.post('/api/v1/agents').set(t.admin).send({ organization_id: missing, name: 'ghost' }).expect(422);
    expect(response.body.errors).toEqual([{ field: 'organization_id', message: expect.any(String) }]);
    const rows = await t.dataSource.query("SELECT count(*)::int AS n FROM agents WHERE name = 'ghost'");
    expect(rows[0].n).toBe(0);
  });

  it('rotates the token: the old one stops working at once, the new one works', async () => {
    const agent = await createAgent(t, org.id);
    const report = (token: string) =>
      t.http.post('/api/v1/agent/events').set('X-Agent-Token', token).send({ event_type: 'ping' });
    await report(agent.agent_token).expect(201);

    const rotated = await t.http.post(`/api/v1/agents/${agent.id}/rotate-token`).set(t.admin).expect(200);
    expect(rotated.body.agent_token).not.toBe(agent.agent_token);
    await report(agent.agent_token).expect(401);
    await report(rotated.body.agent_token).expect(201);

    const trail = await t.dataSource.query('SELECT action FROM activity_entries WHERE target_id = $1', [agent.id]);
    expect(trail.map((r: { action: string }) => r.action)).toContain('agent.token_rotated');
  });

  it('manages capabilities: add (201), update on repeat (200), list, remove (204)', async () => {
    const agent = await createAgent(t, org.id);
    const path = `/api/v1/agents/${agent.id}/capabilities`;
    const added = await t.http.post(path).set(t.admin).send({ capability: 'code_review', proficiency: 4 }).expect(201);
    expect(added.body).toMatchObject({ capability: 'code_review', proficiency: 4 });
    await t.http.post(path).set(t.admin).send({ capability: 'translation' }).expect(201);
    const again = await t.http.post(path).set(t.admin).send({ capability: 'code_review', proficiency: 5 }).expect(200);
    expect(again.body.proficiency).toBe(5);

    const list = await t.http.get(path).set(t.admin).expect(200);
    expect(list.body).toMatchObject({ agent_id: agent.id });
    expect(list.body.items.map((c: { capability: string; proficiency: number }) => [c.capability, c.proficiency])).toEqual([
      ['code_review', 5],
      ['translation', 3],
    ]);
    const detail = await t.http.get(`/api/v1/agents/${agent.id}`).set(t.admin).expect(200);
    expect(detail.body.capabilities).toHaveLength(2);

    await t.http.delete(`${path}/translation`).set(t.admin).expect(204);
    await t.http.delete(`${path}/translation`).set(t.admin).expect(404);
    await t.http.post(path).set(t.admin).send({ capability: 'Bad Capability!' }).expect(422);
    await t.http.post(path).set(t.admin).send({ capability: 'x', proficiency: 9 }).expect(422);
    await t.http.get(`/api/v1/agents/${randomUUID()}/capabilities`).set(t.admin).expect(404);
  });

  it('keeps an organization admin inside its organization (403 elsewhere)', async () => {
    const own = await createOrganization(t);
    const other = await createOrganization(t);
    const foreign = await createAgent(t, other.id);
    const orgAdmin = await organizationAdmin(t, own.id);

    await t.http.post('/api/v1/agents').set(orgAdmin.headers).send({ organization_id: other.id, name: 'spy' }).expect(403);
    await t.http.get(`/api/v1/agents/${foreign.id}`).set(orgAdmin.headers).expect(403);
    await t.http.patch(`/api/v1/agents/${foreign.id}`).set(orgAdmin.headers).send({ name: 'mine' }).expect(403);
    await t.http.post(`/api/v1/agents/${foreign.id}/rotate-token`).set(orgAdmin.headers).expect(403);
    await t.http.delete(`/api/v1/agents/${foreign.id}`).set(orgAdmin.headers).expect(403);
    await t.http.get('/api/v1/agents').query({ organization_id: other.id }).set(orgAdmin.headers).expect(403);
    const mine = await createAgentAs(orgAdmin.headers, own.id);
    const list = await t.http.get('/api/v1/agents').set(orgAdmin.headers).expect(200);
    expect(list.body.items.map((x: { id: string }) => x.id)).toEqual([mine]);
    await t.http.get(`/api/v1/agents/${foreign.id}`).set(t.admin).expect(200);
  });

  async function createAgentAs(headers: Record<string, string>, organizationId: string): Promise<string> {
    const response = await t.http.post('/api/v1/agents').set(headers).send({ organization_id: organizationId, name: 'mine' }).expect(201);
    return response.body.id;
  }
});

describe('Agent namespace /api/v1/agent (X-Agent-Token)', () => {
  let t: TestApp;
  let org: { id: string };

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t);
  });
  afterAll(() => t.close());

  it('stores a reported event with its agent, board, task and payload', async () => {
    const board = (await createBoard(t, org.id)).id;
    const agent = await createAgent(t, org.id, { board_id: board });
    const task = randomUUID();
    const response = await t.http
      .post('/api/v1/agent/events')
      .set('X-Agent-Token', agent.agent_token)
      .send({ event_type: 'task.blocked', payload: { reason: 'waiting for key' }, task_id: task })
      .expect(201);
    expect(response.body).toMatchObject({
      agent_id: agent.id,
      organization_id: org.id,
      board_id: board,
      task_id: task,
      event_type: 'task.blocked',
      payload: { reason: 'waiting for key' },
    });
    const [row] = await t.dataSource.query('SELECT agent_id, board_id, payload FROM agent_events WHERE id = $1', [response.body.id]);
    expect(row).toEqual({ agent_id: agent.id, board_id: board, payload: { reason: 'waiting for key' } });
    const [seen] = await t.dataSource.query('SELECT last_seen_at FROM agents WHERE id = $1', [agent.id]);
    expect(seen.last_seen_at).not.toBeNull();
  });

  it('stores a retried report once when the Idempotency-Key repeats, per agent', async () => {
    const agent = await createAgent(t, org.id);
    const other = await createAgent(t, org.id);
    const send = (token: string, body: object = { event_type: 'heartbeat' }) =>
      t.http.post('/api/v1/agent/events').set('X-Agent-Token', token).set('Idempotency-Key', 'report-42').send(body);
    const first = await send(agent.agent_token).expect(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const retry = await send(agent.agent_token).expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    const rows = await t.dataSource.query('SELECT count(*)::int AS n FROM agent_events WHERE agent_id = $1', [agent.id]);
    expect(rows[0].n).toBe(1);

    const changed = await send(agent.agent_token, { event_type: 'something-else' }).expect(422);
    expect(changed.body.errors[0].field).toBe('Idempotency-Key');
    const otherAgents = await send(other.agent_token).expect(201);
    expect(otherAgents.body.id).not.toBe(first.body.id);
    await t.http
      .post('/api/v1/agent/events')
      .set('X-Agent-Token', agent.agent_token)
      .set('Idempotency-Key', 'bad key with spaces')
      .send({ event_type: 'x' })
      .expect(422);
  });

  it("refuses a report about another board than the agent's own (403) and stores nothing", async () => {
    const agent = await createAgent(t, org.id, { board_id: (await createBoard(t, org.id)).id });
    const otherBoard = await createBoard(t, org.id);
    await t.http
      .post('/api/v1/agent/events')
      .set('X-Agent-Token', agent.agent_token)
      .send({ event_type: 'task.done', board_id: otherBoard.id })
      .expect(403);
    const rows = await t.dataSource.query('SELECT count(*)::int AS n FROM agent_events WHERE agent_id = $1', [agent.id]);
    expect(rows[0].n).toBe(0);
  });

  it('validates the report', async () => {
    const agent = await createAgent(t, org.id);
    const post = (body: unknown) => t.http.post('/api/v1/agent/events').set('X-Agent-Token', agent.agent_token).send(body as object);
    await post({}).expect(422);
    await post({ event_type: 'has spaces' }).expect(422);
    await post({ event_type: 'ok', payload: 'not an object' }).expect(422);
    await post({ event_type: 'ok', board_id: 'nope' }).expect(422);
    await post({ event_type: 'ok', payload: { big: 'x'.repeat(70_000) } }).expect(422);
  });

  it('opens nothing outside /api/v1/agent, and admin or missing credentials open nothing inside', async () => {
    const agent = await createAgent(t, org.id);
    await t.http.get('/api/v1/organizations').set('X-Agent-Token', agent.agent_token).expect(401);
    await t.http.get(`/api/v1/agents/${agent.id}`).set('X-Agent-Token', agent.agent_token).expect(401);
    await t.http.get(`/api/v1/agents/${agent.id}`).set('Authorization', `Bearer ${agent.agent_token}`).expect(401);
    await t.http.post('/api/v1/agent/events').set(t.admin).send({ event_type: 'x' }).expect(401);
    await t.http.post('/api/v1/agent/events').send({ event_type: 'x' }).expect(401);
    await t.http.post('/api/v1/agent/events').set('X-Agent-Token', 'agt_forged').send({ event_type: 'x' }).expect(401);
  });

  it('refuses a disabled agent and a deleted one', async () => {
    const agent = await createAgent(t, org.id);
    await t.http.patch(`/api/v1/agents/${agent.id}`).set(t.admin).send({ status: 'disabled' }).expect(200);
    await t.http.post('/api/v1/agent/events').set('X-Agent-Token', agent.agent_token).send({ event_type: 'x' }).expect(401);
    await t.http.delete(`/api/v1/agents/${agent.id}`).set(t.admin).expect(204);
    await t.http.post('/api/v1/agent/events').set('X-Agent-Token', agent.agent_token).send({ event_type: 'x' }).expect(401);
  });
});
