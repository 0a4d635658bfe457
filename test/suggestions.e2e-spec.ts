import { createAgent, createBoard, createOrganization, organizationAdmin } from './support/fixtures';
import { createRule, createTask, settle, Suggestion, suggestionsOf, tick, waitFor, waitForActivity, waitForSuggestions } from './support/proactive';
import { SseClient } from './support/sse-client';
import { startTestApp, TestApp } from './support/test-app';
import { FrameClient } from './support/ws-client';

const SHAPE = [
  'action',
  'agent_id',
  'board_id',
  'confidence',
  'created_at',
  'decided_at',
  'description',
  'expires_at',
  'id',
  'organization_id',
  'priority',
  'result',
  'rule_id',
  'source',
  'status',
  'task_id',
  'title',
];

describe('Suggestions (M8): agent reports, list, decisions, expiry, the SSE stream and the board socket', () => {
  let t: TestApp;
  let org: { id: string };
  let board: { id: string };
  let agent: Awaited<ReturnType<typeof createAgent>>;

  const report = (body: Record<string, unknown>, token = agent.agent_token) => t.http.post('/api/v1/agent/suggestions').set('X-Agent-Token', token).send(body);
  const stream = (query = '', headers: Record<string, string> = t.admin) => SseClient.open(`${t.baseUrl}/api/v1/suggestions/stream${query}`, headers);

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t);
    board = await createBoard(t, org.id);
    agent = await createAgent(t, org.id, { board_id: board.id });
  });
  afterAll(() => t.close());

  it('takes a suggestion from an agent, in exactly the documented shape, under its board policy', async () => {
    const task = await createTask(t, board.id);
    const created = await report({ title: 'Split the release task', description: 'It is two tasks', priority: 'high', confidence: 0.8, task_id: task.id, payload: { why: 'too big' } }).expect(201);
    expect(Object.keys(created.body).sort()).toEqual(SHAPE);
    expect(created.body).toMatchObject({
      organization_id: org.id,
      board_id: board.id,
      task_id: task.id,
      agent_id: agent.id,
      rule_id: null,
      source: 'agent',
      title: 'Split the release task',
      priority: 'high',
      confidence: 0.8,
      status: 'pending',
      action: null,
      result: null,
      decided_at: null,
    });
    expect(new Date(created.body.expires_at).getTime()).toBeGreaterThan(Date.now() + 6 * 24 * 3600_000);

    const otherBoard = await createBoard(t, org.id);
    await report({ title: 'elsewhere', board_id: otherBoard.id }).expect(403);
    const foreignTask = await createTask(t, otherBoard.id);
    await report({ title: 'foreign task', task_id: foreignTask.id }).expect(403);
    const unknownTask = await report({ title: 'no such task', task_id: '00000000-0000-4000-8000-000000000000' }).expect(422);
    expect(unknownTask.body.errors[0].field).toBe('task_id');
    const invalid = await report({ title: '', priority: 'urgent', confidence: 2 }).expect(422);
    expect(invalid.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['confidence', 'priority', 'title']);
    // an agent token opens nothing outside /api/v1/agent, and an admin token is not an agent token
    await t.http.get('/api/v1/suggestions').set('X-Agent-Token', agent.agent_token).expect(401);
    await t.http.post('/api/v1/agent/suggestions').set(t.admin).send({ title: 'x' }).expect(401);

    const audit = await waitForActivity(t, org.id, 'suggestion.created', created.body.id);
    expect(audit).toMatchObject({ actor: { type: 'agent', id: agent.id }, changes: expect.objectContaining({ payload: { why: 'too big' } }) });
  });

  it('lists with the documented filters and paging; an organization-bound admin sees only their own', async () => {
    const other = await createOrganization(t);
    const otherBoard = await createBoard(t, other.id);
    const otherAgent = await createAgent(t, other.id, { board_id: otherBoard.id });
    await report({ title: 'low one', priority: 'low' }).expect(201);
    await report({ title: 'critical one', priority: 'critical' }).expect(201);
    const foreign = (await report({ title: 'other org' }, otherAgent.agent_token).expect(201)).body as Suggestion;

    const page = await t.http.get('/api/v1/suggestions').query({ organization_id: org.id, priority: 'critical' }).set(t.admin).expect(200);
    expect(page.body.items.map((s: Suggestion) => s.title)).toEqual(['critical one']);
    expect(page.headers['x-total-count']).toBe('1');
    const paged = await t.http.get('/api/v1/suggestions').query({ organization_id: org.id, limit: 1, offset: 1, order: 'asc' }).set(t.admin).expect(200);
    expect(paged.body).toMatchObject({ page: 2, size: 1 });
    expect(paged.headers['x-limit']).toBe('1');
    expect(paged.headers['x-offset']).toBe('1');
    const byBoard = await t.http.get('/api/v1/suggestions').query({ board_id: otherBoard.id }).set(t.admin).expect(200);
    expect(byBoard.body.items.map((s: Suggestion) => s.id)).toEqual([foreign.id]);
    const byStatus = await t.http.get('/api/v1/suggestions').query({ organization_id: org.id, status: 'dismissed' }).set(t.admin).expect(200);
    expect(byStatus.body.items.every((s: Suggestion) => s.status === 'dismissed')).toBe(true);
    await t.http.get('/api/v1/suggestions').query({ status: 'maybe' }).set(t.admin).expect(422);
    await t.http.get('/api/v1/suggestions').query({ priority: 'urgent' }).set(t.admin).expect(422);

    const orgAdmin = await organizationAdmin(t, org.id);
    const own = await t.http.get('/api/v1/suggestions').set(orgAdmin.headers).expect(200);
    expect(own.body.items.length).toBeGreaterThan(0);
    expect(own.body.items.every((s: Suggestion) => s.organization_id === org.id)).toBe(true);
    await t.http.get('/api/v1/suggestions').query({ organization_id: other.id }).set(orgAdmin.headers).expect(403);
    await t.http.get(`/api/v1/suggestions/${foreign.id}`).set(orgAdmin.headers).expect(403);
    await t.http.post(`/api/v1/suggestions/${foreign.id}/dismiss`).set(orgAdmin.headers).send({}).expect(403);
    expect((await t.http.get(`/api/v1/suggestions/${foreign.id}`).set(t.admin).expect(200)).body.title).toBe('other org');
    await t.http.get('/api/v1/suggestions/00000000-0000-4000-8000-000000000000').set(t.admin).expect(404);
    await t.http.get('/api/v1/suggestions/not-a-uuid').set(t.admin).expect(422);
  });

  it('dismisses and accepts once, with the reason; a second decision is 409', async () => {
    const dismissed = (await report({ title: 'dismiss me' }).expect(201)).body as Suggestion;
    const answer = await t.http.post(`/api/v1/suggestions/${dismissed.id}/dismiss`).set(t.admin).send({ reason: 'not now' }).expect(200);
    expect(answer.body).toMatchObject({ status: 'dismissed', result: { reason: 'not now' } });
    expect(answer.body.decided_at).toEqual(expect.any(String));
    await t.http.post(`/api/v1/suggestions/${dismissed.id}/accept`).set(t.admin).send({}).expect(409);
    await t.http.post(`/api/v1/suggestions/${dismissed.id}/dismiss`).set(t.admin).send({}).expect(409);

    const accepted = (await report({ title: 'accept me' }).expect(201)).body as Suggestion;
    const decisions = await Promise.all([1, 2, 3].map(() => t.http.post(`/api/v1/suggestions/${accepted.id}/accept`).set(t.admin).send({})));
    expect(decisions.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect(decisions.find((r) => r.status === 200)!.body).toMatchObject({ status: 'accepted', action: null, result: {} });
    await waitForActivity(t, org.id, 'suggestion.accepted', accepted.id);
    await waitForActivity(t, org.id, 'suggestion.dismissed', dismissed.id);
    const tooLong = await t.http.post(`/api/v1/suggestions/${accepted.id}/dismiss`).set(t.admin).send({ reason: 'x'.repeat(2001) }).expect(422);
    expect(tooLong.body.errors[0].field).toBe('reason');
  });

  it("runs the action on accept (executed, with what it produced), or records why it failed (failed)", async () => {
    await createRule(t, {
      organization_id: org.id,
      board_id: board.id,
      trigger: { type: 'event', event: 'task.created' },
      conditions: [{ field: 'task.title', op: 'contains', value: 'needs review' }],
      action: { type: 'create_suggestion', params: { title: 'Send "{{task.title}}" to review', priority: 'high', action: { type: 'move_task', params: { status: 'review' } } } },
    });
    const task = await createTask(t, board.id, { title: 'needs review: the API', status: 'in_progress' });
    const [offered] = await waitForSuggestions(t, org.id, (s) => s.task_id === task.id);
    expect(offered).toMatchObject({ source: 'rule', title: 'Send "needs review: the API" to review', priority: 'high', action: { type: 'move_task', params: { status: 'review' } } });
    const executed = await t.http.post(`/api/v1/suggestions/${offered.id}/accept`).set(t.admin).send({ reason: 'yes' }).expect(200);
    expect(executed.body).toMatchObject({ status: 'executed', result: { reason: 'yes', output: { task_id: task.id, status: 'review' } } });
    expect((await t.http.get(`/api/v1/tasks/${task.id}`).set(t.admin).expect(200)).body.status).toBe('review');
    await waitForActivity(t, org.id, 'suggestion.executed', offered.id);

    // the board refuses the move now (done needs review first on this board): failed, with the board's reason
    const strict = await createBoard(t, org.id, { require_review_before_done: true });
    await createRule(t, {
      organization_id: org.id,
      board_id: strict.id,
      trigger: { type: 'event', event: 'task.created' },
      action: { type: 'create_suggestion', params: { title: 'Close it', action: { type: 'move_task', params: { status: 'done' } } } },
    });
    const refused = await createTask(t, strict.id, { status: 'todo' });
    const [doomed] = await waitForSuggestions(t, org.id, (s) => s.task_id === refused.id);
    const failed = await t.http.post(`/api/v1/suggestions/${doomed.id}/accept`).set(t.admin).send({}).expect(200);
    expect(failed.body.status).toBe('failed');
    expect(failed.body.result.error).toMatch(/requires the task to be in review/);
    await t.http.post(`/api/v1/suggestions/${doomed.id}/accept`).set(t.admin).send({}).expect(409);
  });

  it('expires what nobody decided in time (the minute tick), and an expired suggestion takes no decision', async () => {
    const old = (await report({ title: 'stale idea' }).expect(201)).body as Suggestion;
    const fresh = (await report({ title: 'fresh idea' }).expect(201)).body as Suggestion;
    await t.dataSource.query(`UPDATE suggestions SET expires_at = now() - interval '1 minute' WHERE id = $1`, [old.id]);
    await t.http.post(`/api/v1/suggestions/${old.id}/accept`).set(t.admin).send({}).expect(409, { detail: 'This suggestion has expired' });
    await tick(t);
    await waitFor('expiry', async () => ((await t.http.get(`/api/v1/suggestions/${old.id}`).set(t.admin)).body.status === 'expired' ? true : undefined));
    expect((await t.http.get(`/api/v1/suggestions/${fresh.id}`).set(t.admin).expect(200)).body.status).toBe('pending');
    await t.http.post(`/api/v1/suggestions/${old.id}/dismiss`).set(t.admin).send({}).expect(409, { detail: 'This suggestion was already expired' });
    await waitForActivity(t, org.id, 'suggestion.expired', old.id);
  });

  it('streams each new suggestion as SSE (Bearer or ?token=), scoped to the organization, with ids to resume from', async () => {
    const unauthenticated = await stream('', {});
    expect(unauthenticated.status).toBe(401);
    expect(JSON.parse(await unauthenticated.text())).toEqual({ detail: expect.any(String) });
    const wrongToken = await stream('?token=not-the-token', {});
    expect(wrongToken.status).toBe(401);
    wrongToken.close();

    const viaHeader = await stream();
    expect(viaHeader.status).toBe(200);
    expect(viaHeader.response.headers['content-type']).toMatch(/^text\/event-stream/);
    const viaQuery = await stream(`?token=${encodeURIComponent(t.config.adminToken)}`, {});
    expect(viaQuery.status).toBe(200);
    const orgAdmin = await organizationAdmin(t, org.id);
    const scoped = await stream('', orgAdmin.headers);
    const other = await createOrganization(t);
    const otherAgent = await createAgent(t, other.id, { board_id: (await createBoard(t, other.id)).id });
    await stream(`?organization_id=${other.id}`, orgAdmin.headers).then(async (refused) => {
      expect(refused.status).toBe(403);
      refused.close();
    });

    const foreign = (await report({ title: 'for the other org' }, otherAgent.agent_token).expect(201)).body as Suggestion;
    const mine = (await report({ title: 'for my org', priority: 'critical' }).expect(201)).body as Suggestion;
    for (const client of [viaHeader, viaQuery]) {
      const event = await client.next((e) => e.data.type === 'suggestion.new' && (e.data.suggestion as Suggestion).id === mine.id);
      expect(event.data).toEqual({ type: 'suggestion.new', suggestion: mine });
      expect(event.id).toMatch(/^\d+$/);
      await client.next((e) => e.data.type === 'suggestion.new' && (e.data.suggestion as Suggestion).id === foreign.id);
    }
    await scoped.next((e) => e.data.type === 'suggestion.new' && (e.data.suggestion as Suggestion).id === mine.id);
    await settle();
    expect(scoped.suggestions().map((s) => s.id)).not.toContain(foreign.id);

    // resume: a client that saw `mine` and reconnects with its id gets exactly what came after, then live ones
    const lastSeen = viaHeader.events.find((e) => e.data.type === 'suggestion.new' && (e.data.suggestion as Suggestion).id === mine.id)!.id!;
    viaHeader.close();
    const missed = [(await report({ title: 'missed 1' }).expect(201)).body, (await report({ title: 'missed 2' }).expect(201)).body] as Suggestion[];
    const resumed = await stream('', { ...t.admin, 'Last-Event-ID': lastSeen });
    const live = (await report({ title: 'live after resume' }).expect(201)).body as Suggestion;
    await resumed.next((e) => e.data.type === 'suggestion.new' && (e.data.suggestion as Suggestion).id === live.id);
    const titles = resumed.suggestions().map((s) => s.title as string);
    expect(titles).toEqual(['missed 1', 'missed 2', 'live after resume']);
    expect(resumed.suggestions().map((s) => s.id)).toEqual([...missed.map((s) => s.id), live.id]);
    for (const client of [viaQuery, scoped, resumed]) client.close();
  });

  it('documents the stream in /docs: ?token=, Last-Event-ID, the frames', async () => {
    const spec = (await t.http.get('/docs-json').expect(200)).body;
    const operation = spec.paths['/api/v1/suggestions/stream'].get;
    expect(operation.security).toEqual([{ admin: [] }]);
    expect(operation.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['token', 'Last-Event-ID', 'organization_id', 'board_id']));
    expect(Object.keys(operation.responses['200'].content)).toEqual(['text/event-stream']);
    expect(spec.info.description).toContain('GET /api/v1/suggestions/stream');
    expect(spec.info.description).toContain('Last-Event-ID');
    expect(spec.info.description).toContain('"suggestion.new"');
  });

  it('keeps the stream alive with a keepalive event every 15 s', async () => {
    const client = await stream();
    const keepalive = await client.next((e) => e.data.type === 'keepalive', 17_000);
    expect(keepalive).toEqual({ data: { type: 'keepalive' } });
    client.close();
  }, 25_000);

  it("sends the same suggestion to the board's sync socket as suggestion.new", async () => {
    const socket = await FrameClient.connect(`${t.baseUrl.replace(/^http/, 'ws')}/ws/board/${board.id}/sync`, t.admin);
    await socket.next((f) => f.type === 'board.state');
    const created = (await report({ title: 'seen on the board' }).expect(201)).body as Suggestion;
    const frame = await socket.next((f) => f.type === 'suggestion.new');
    expect(frame).toEqual({ type: 'suggestion.new', suggestion: created });
    await t.http.post(`/api/v1/suggestions/${created.id}/dismiss`).set(t.admin).send({}).expect(200);
    const updated = await socket.next((f) => f.type === 'suggestion.updated');
    expect(updated).toMatchObject({ suggestion: { id: created.id, status: 'dismissed' } });
    socket.close();
  });

  it('shows every suggestion as an activity row', async () => {
    const suggestions = await suggestionsOf(t, org.id);
    const response = await t.http.get('/api/v1/activity').query({ organization_id: org.id, action: 'suggestion.created', limit: 100 }).set(t.admin).expect(200);
    const audited = new Set(response.body.items.map((entry: { target: { id: string } }) => entry.target.id));
    expect(suggestions.filter((s) => !audited.has(s.id))).toEqual([]);
  });
});
