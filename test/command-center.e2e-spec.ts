import { randomUUID } from 'node:crypto';
import { createAgent, createBoard, createOrganization, organizationAdmin, registerH5User } from './support/fixtures';
import { createTask, moveTask, waitForSuggestions } from './support/proactive';
import { SseClient } from './support/sse-client';
import { startTestApp, TestApp } from './support/test-app';

type Usage = { input_tokens: number; output_tokens: number; total_tokens: number; cost_usd: number };
type Summary = {
  organization_id: string | null;
  generated_at: string;
  agents: Record<string, number>;
  tasks: Record<string, number>;
  pending_approvals: number;
  pending_suggestions: number;
  gateways: { online: number; total: number };
  running_pipelines: number;
  usage_today: Usage;
  throughput: Array<{ date: string; created: number; done: number; tokens: number; cost_usd: number }>;
};
type AgentStatus = { agent_id: string; name: string; status: string; current_task: { id: string; title: string } | null; open_tasks: number; in_progress: number; usage_today: Usage; last_activity_at: string | null };
type Allocation = { agent_id: string; name: string; open_tasks: number; in_progress: number; open_by_priority: Record<string, number>; overdue: number; estimated_hours: number; scheduled_tasks: number; usage: Usage; usage_today: Usage };
type Graph = { since: string; until: string; nodes: Array<{ id: string; name: string; type: string }>; edges: Array<{ source: string; target: string; weight: number; kinds: string[]; counts: Record<string, number> }> };

const CACHE_MS = 5_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const today = () => new Date().toISOString().slice(0, 10);

describe('M13 command center, operational metrics and token accounting', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const get = async <T>(path: string, query: Record<string, unknown> = {}, headers: Record<string, string> = t.admin) =>
    (await t.http.get(path).query(query).set(headers).expect(200)).body as T;
  const report = (agent: { agent_token: string }, body: Record<string, unknown>) =>
    t.http.post('/api/v1/agent/events').set('X-Agent-Token', agent.agent_token).send({ event_type: 'model.call', ...body });

  /** An organization with agents doing work: the numbers every view is checked against. */
  async function busyOrganization() {
    const org = await createOrganization(t, `指挥中心-${randomUUID().slice(0, 6)}`);
    const board = await createBoard(t, org.id);
    const alice = await createAgent(t, org.id, { name: '翻译官 Alice', board_id: board.id });
    const bob = await createAgent(t, org.id, { name: 'Bob', board_id: board.id });
    const carol = await createAgent(t, org.id, { name: 'Carol', board_id: board.id });
    await t.http.patch(`/api/v1/agents/${alice.id}`).set(t.admin).send({ status: 'online' }).expect(200);
    await t.http.patch(`/api/v1/agents/${bob.id}`).set(t.admin).send({ status: 'busy' }).expect(200);
    const write = await createTask(t, board.id, { title: '写发布说明', assignee_id: alice.id, priority: 'high' });
    const review = await createTask(t, board.id, { title: 'Review', assignee_id: alice.id, priority: 'urgent', due_at: '2020-01-01T00:00:00Z' });
    const ship = await createTask(t, board.id, { title: 'Ship', assignee_id: bob.id });
    await moveTask(t, write.id, 'in_progress');
    await moveTask(t, ship.id, 'in_progress');
    await moveTask(t, ship.id, 'review');
    await moveTask(t, ship.id, 'done');
    await t.http.post('/api/v1/approvals').set(t.admin).send({ task_id: review.id, action_type: 'publish' }).expect(201);
    await t.http.post('/api/v1/agent/suggestions').set('X-Agent-Token', alice.agent_token).send({ title: '拆分任务' }).expect(201);
    await report(alice, { task_id: write.id, usage: { input_tokens: 1000, output_tokens: 200, cost_usd: 0.012, model: 'openai/gpt-5-mini' } }).expect(201);
    await report(alice, { task_id: write.id, usage: { input_tokens: 500, output_tokens: 100, cost_usd: 0.006, model: 'openai/gpt-5-mini' } }).expect(201);
    await report(bob, { usage: { input_tokens: 40, output_tokens: 10 } }).expect(201);
    return { org, board, alice, bob, carol, tasks: { write, review, ship } };
  }

  it('answers the overview and GET /api/v1/metrics from real data, per organization, and keeps the old metrics routes', async () => {
    const { org } = await busyOrganization();
    const quiet = await createOrganization(t);
    // finishing "Ship" makes the built-in follow-up rule suggest a task (through the job engine): real data too
    await waitForSuggestions(t, org.id, (s) => s.source === 'rule');
    const pending = (await get<{ total: number }>('/api/v1/suggestions', { organization_id: org.id, status: 'pending' })).total;
    expect(pending).toBe(2);
    const overview = await get<Summary>('/api/v1/command-center/overview', { organization_id: org.id });
    expect(overview).toMatchObject({
      organization_id: org.id,
      agents: { total: 3, active: 2, online: 1, busy: 1, offline: 1, error: 0, disabled: 0 },
      tasks: { total: 3, open: 2, in_progress: 1, review: 0, created_today: 3, done_today: 1, overdue: 1 },
      pending_approvals: 1,
      pending_suggestions: pending,
      gateways: { online: 0, total: 0 },
      running_pipelines: 0,
      usage_today: { input_tokens: 1540, output_tokens: 310, total_tokens: 1850, cost_usd: 0.018 },
    });
    expect(overview.throughput).toHaveLength(7);
    expect(overview.throughput[6]).toEqual({ date: today(), created: 3, done: 1, tokens: 1850, cost_usd: 0.018 });
    expect(overview.throughput.slice(0, 6).every((day) => day.created === 0 && day.tokens === 0)).toBe(true);

    const metrics = await get<Summary>('/api/v1/metrics', { organization_id: org.id });
    expect({ ...metrics, generated_at: null }).toEqual({ ...overview, generated_at: null });
    const empty = await get<Summary>('/api/v1/metrics', { organization_id: quiet.id });
    expect(empty).toMatchObject({ agents: { total: 0 }, tasks: { total: 0 }, pending_approvals: 0, usage_today: { total_tokens: 0, cost_usd: 0 } });
    // every organization at once (the local admin's view) includes this one
    const all = await get<Summary>('/api/v1/metrics');
    expect(all.organization_id).toBeNull();
    expect(all.agents.total).toBeGreaterThanOrEqual(3);

    const byOrganization = await get<{ tasks_by_status: Record<string, number>; pending_approvals: number }>(`/api/v1/metrics/organizations/${org.id}`);
    expect(byOrganization).toMatchObject({ tasks_by_status: { todo: 0, in_progress: 1, done: 1 }, pending_approvals: 1 });
  });

  it('serves a summary from memory for a few seconds per organization, then recomputes it', async () => {
    const { org, bob } = await busyOrganization();
    const first = await get<Summary>('/api/v1/command-center/overview', { organization_id: org.id });
    await report(bob, { usage: { input_tokens: 10, output_tokens: 0 } }).expect(201);
    const cached = await get<Summary>('/api/v1/metrics', { organization_id: org.id });
    expect(cached.generated_at).toBe(first.generated_at);
    expect(cached.usage_today.input_tokens).toBe(1540);
    await sleep(CACHE_MS + 200);
    const fresh = await get<Summary>('/api/v1/command-center/overview', { organization_id: org.id });
    expect(fresh.generated_at).not.toBe(first.generated_at);
    expect(fresh.usage_today.input_tokens).toBe(1550);
  });

  it('lists agent status (online first, current task, load, usage today), filtered and paged', async () => {
    const { org, alice, bob, carol, tasks } = await busyOrganization();
    const page = await t.http.get('/api/v1/command-center/agent-status').query({ organization_id: org.id }).set(t.admin).expect(200);
    expect(page.headers['x-total-count']).toBe('3');
    const items = page.body.items as AgentStatus[];
    expect(items.map((item) => item.name)).toEqual([alice.name, bob.name, carol.name]);
    expect(items[0]).toMatchObject({ agent_id: alice.id, status: 'online', current_task: { id: tasks.write.id, title: '写发布说明' }, open_tasks: 2, in_progress: 1 });
    expect(items[0].usage_today).toEqual({ input_tokens: 1500, output_tokens: 300, total_tokens: 1800, cost_usd: 0.018 });
    expect(items[0].last_activity_at).not.toBeNull();
    expect(items[1]).toMatchObject({ status: 'busy', current_task: null, open_tasks: 0, usage_today: { total_tokens: 50, cost_usd: 0 } });
    expect(items[2]).toMatchObject({ status: 'offline', open_tasks: 0, last_activity_at: null, usage_today: { total_tokens: 0 } });

    const busy = await get<{ items: AgentStatus[] }>('/api/v1/command-center/agent-status', { organization_id: org.id, status: 'busy' });
    expect(busy.items.map((item) => item.agent_id)).toEqual([bob.id]);
    const second = await get<{ items: AgentStatus[]; total: number }>('/api/v1/command-center/agent-status', { organization_id: org.id, limit: 1, offset: 1 });
    expect(second).toMatchObject({ total: 3, page: 2 });
    expect(second.items.map((item) => item.agent_id)).toEqual([bob.id]);
    await t.http.get('/api/v1/command-center/agent-status').query({ status: 'asleep' }).set(t.admin).expect(422);
  });

  it('allocates resources per agent: open tasks by priority, overdue, scheduled hours from the calendar, usage in the window', async () => {
    const { org, alice, bob, tasks } = await busyOrganization();
    await t.http
      .post('/api/v1/calendar/schedules')
      .set(t.admin)
      .send({ task_id: tasks.write.id, planned_start: '2030-01-07T09:00:00Z', planned_end: '2030-01-08T18:00:00Z', estimated_hours: 6 })
      .expect(201);
    await t.http
      .post('/api/v1/calendar/schedules')
      .set(t.admin)
      .send({ task_id: tasks.review.id, planned_start: '2030-01-09T09:00:00Z', planned_end: '2030-01-09T12:00:00Z', estimated_hours: 2.5 })
      .expect(201);
    // a done task's schedule no longer counts
    await t.http.post('/api/v1/calendar/schedules').set(t.admin).send({ task_id: tasks.ship.id, planned_start: '2030-01-07T09:00:00Z', planned_end: '2030-01-07T12:00:00Z', estimated_hours: 3 }).expect(201);

    const items = (await get<{ items: Allocation[] }>('/api/v1/command-center/resource-allocation', { organization_id: org.id })).items;
    expect(items[0]).toEqual({
      agent_id: alice.id,
      name: alice.name,
      status: 'online',
      open_tasks: 2,
      in_progress: 1,
      open_by_priority: { low: 0, medium: 0, high: 1, urgent: 1 },
      overdue: 1,
      estimated_hours: 8.5,
      scheduled_tasks: 2,
      usage: { input_tokens: 1500, output_tokens: 300, total_tokens: 1800, cost_usd: 0.018 },
      usage_today: { input_tokens: 1500, output_tokens: 300, total_tokens: 1800, cost_usd: 0.018 },
    });
    expect(items.find((item) => item.agent_id === bob.id)).toMatchObject({ open_tasks: 0, estimated_hours: 0, scheduled_tasks: 0, usage: { total_tokens: 50 } });
    // a window that ended before today holds no usage
    const past = await get<{ items: Allocation[] }>('/api/v1/command-center/resource-allocation', { organization_id: org.id, since: '2025-01-01T00:00:00Z', until: '2025-01-31T00:00:00Z' });
    expect(past.items.find((item) => item.agent_id === alice.id)?.usage.total_tokens).toBe(0);
    const reversed = await t.http.get('/api/v1/command-center/resource-allocation').query({ since: '2025-02-01T00:00:00Z', until: '2025-01-01T00:00:00Z' }).set(t.admin).expect(422);
    expect(reversed.body.errors.map((e: { field: string }) => e.field)).toEqual(['until']);
  });

  it('adds up usage per agent, task, day and model, and refuses bad usage naming the field', async () => {
    const { org, alice, tasks } = await busyOrganization();
    const rows = await t.dataSource.query(
      `SELECT task_id, model, input_tokens::int AS input, output_tokens::int AS output, cost_usd::float8 AS cost, reports, usage_date::text AS day
         FROM agent_usage_daily WHERE agent_id = $1 ORDER BY model`,
      [alice.id],
    );
    expect(rows).toEqual([{ task_id: tasks.write.id, model: 'openai/gpt-5-mini', input: 1500, output: 300, cost: 0.018, reports: 2, day: today() }]);
    const bad = await report(alice, { usage: { input_tokens: -1, output_tokens: 'many' } }).expect(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['usage.input_tokens', 'usage.output_tokens']);
    const foreignTask = await createTask(t, (await createBoard(t, (await createOrganization(t)).id)).id);
    const refused = await report(alice, { task_id: foreignTask.id, usage: { input_tokens: 1, output_tokens: 1 } }).expect(422);
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual(['task_id']);
    // a report without usage is as before
    await report(alice, { payload: { note: 'no usage' } }).expect(201);
    const after = await get<Summary>('/api/v1/metrics', { organization_id: org.id });
    expect(after.usage_today.total_tokens).toBe(1850);
  });

  it('draws the communication graph: chats, hand-offs, approvals and reports naming another agent, weighted', async () => {
    const org = await createOrganization(t);
    const board = await createBoard(t, org.id);
    const [a, b, c] = [await createAgent(t, org.id, { name: 'Ann', board_id: board.id }), await createAgent(t, org.id, { name: 'Ben', board_id: board.id }), await createAgent(t, org.id, { name: 'Cid', board_id: board.id })];
    const user = await registerH5User(t, org.id, { display_name: '小王' });
    // an H5 chat of two user messages and one reply, as the chat socket stores it
    const [session] = await t.dataSource.query(
      `INSERT INTO chat_sessions (organization_id, h5_user_id, agent_id, session_key, last_message_at) VALUES ($1, $2, $3, $4, now()) RETURNING id`,
      [org.id, user.user.id, a.id, `agent:main:mc-h5-${randomUUID()}`],
    );
    for (const role of ['user', 'agent', 'user']) {
      await t.dataSource.query(`INSERT INTO chat_messages (session_id, h5_user_id, role, content, state) VALUES ($1, $2, $3, 'hi', 'complete')`, [session.id, user.user.id, role]);
    }
    // Ann's task is handed over to Ben; a task first assigned (from nobody) is no hand-off
    const task = await createTask(t, board.id, { assignee_id: a.id });
    await t.http.patch(`/api/v1/tasks/${task.id}`).set(t.admin).send({ assignee_id: b.id }).expect(200);
    const unassigned = await createTask(t, board.id);
    await t.http.patch(`/api/v1/tasks/${unassigned.id}`).set(t.admin).send({ assignee_id: c.id }).expect(200);
    // Cid asks for an approval of Ben's task
    await t.http.post('/api/v1/agent/approvals').set('X-Agent-Token', c.agent_token).send({ task_id: task.id, action_type: 'merge' }).expect(201);
    // Ann reports twice that she asked Cid for help
    await report(a, { event_type: 'help.requested', payload: { target_agent_id: c.id } }).expect(201);
    await report(a, { event_type: 'help.requested', payload: { target_agent_id: c.id } }).expect(201);
    await report(a, { event_type: 'help.requested', payload: { target_agent_id: randomUUID() } }).expect(201);

    const graph = await get<Graph>('/api/v1/command-center/communication-graph', { organization_id: org.id });
    const edge = (source: string, target: string) => graph.edges.find((e) => e.source === source && e.target === target);
    expect(edge(user.user.id, a.id)).toEqual({ source: user.user.id, target: a.id, weight: 2, kinds: ['chat'], counts: { chat: 2 } });
    expect(edge(a.id, b.id)).toMatchObject({ weight: 1, kinds: ['handoff'] });
    expect(edge(c.id, b.id)).toMatchObject({ weight: 1, kinds: ['approval'] });
    expect(edge(a.id, c.id)).toEqual({ source: a.id, target: c.id, weight: 2, kinds: ['agent_event'], counts: { agent_event: 2 } });
    expect(graph.edges[0].weight).toBe(2);
    expect(graph.nodes).toEqual(
      expect.arrayContaining([
        { id: a.id, name: 'Ann', type: 'agent' },
        { id: b.id, name: 'Ben', type: 'agent' },
        { id: c.id, name: 'Cid', type: 'agent' },
        { id: user.user.id, name: '小王', type: 'user' },
      ]),
    );
    expect(graph.edges).toHaveLength(4);

    const past = await get<Graph>('/api/v1/command-center/communication-graph', { organization_id: org.id, since: '2024-01-01T00:00:00Z', until: '2024-02-01T00:00:00Z' });
    expect(past).toMatchObject({ nodes: [], edges: [], since: '2024-01-01T00:00:00.000Z', until: '2024-02-01T00:00:00.000Z' });
    const tooLong = await t.http.get('/api/v1/command-center/communication-graph').query({ since: '2024-01-01T00:00:00Z', until: '2024-12-01T00:00:00Z' }).set(t.admin).expect(422);
    expect(tooLong.body.errors.map((e: { field: string }) => e.field)).toEqual(['until']);
  });

  it('pages the live activity by cursor, newest first, unshifted by new entries', async () => {
    const org = await createOrganization(t);
    const board = await createBoard(t, org.id);
    for (let i = 0; i < 5; i++) await createTask(t, board.id, { title: `任务 ${i}` });
    type Live = { items: Array<{ id: string; type: string; summary: string; created_at: string; board_id: string | null }>; cursor: string | null };
    const first = await get<Live>('/api/v1/command-center/live-activity', { organization_id: org.id, limit: 3 });
    expect(first.items.map((item) => item.summary)).toEqual([expect.stringContaining('任务 4'), expect.stringContaining('任务 3'), expect.stringContaining('任务 2')]);
    expect(first.items[0]).toMatchObject({ type: 'task.created', board_id: board.id });
    expect(first.cursor).toEqual(expect.any(String));
    await createTask(t, board.id, { title: '任务 5' });
    const second = await get<Live>('/api/v1/command-center/live-activity', { organization_id: org.id, limit: 3, cursor: first.cursor });
    expect(second.items.map((item) => item.summary)).toEqual([expect.stringContaining('任务 1'), expect.stringContaining('任务 0'), expect.stringContaining('board')]);
    const rest = await get<Live>('/api/v1/command-center/live-activity', { organization_id: org.id, limit: 3, cursor: second.cursor });
    expect(rest.cursor).toBeNull();
    const fresh = await get<Live>('/api/v1/command-center/live-activity', { organization_id: org.id, limit: 1 });
    expect(fresh.items[0].summary).toContain('任务 5');
    const bad = await t.http.get('/api/v1/command-center/live-activity').query({ cursor: 'bm90LWEtY3Vyc29y' }).set(t.admin).expect(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['cursor']);
  });

  it('streams new activity live (SSE, ?token=), only of the organization, and replays what a reconnecting client missed', async () => {
    const org = await createOrganization(t);
    const board = await createBoard(t, org.id);
    const elsewhere = await createBoard(t, (await createOrganization(t)).id);
    const admin = await organizationAdmin(t, org.id);
    const token = admin.headers.Authorization.slice('Bearer '.length);
    const url = (query: string) => `${t.baseUrl}/api/v1/command-center/live-activity/stream?${query}`;
    const stream = await SseClient.open(url(`token=${encodeURIComponent(token)}`));
    expect(stream.status).toBe(200);
    try {
      await createTask(t, elsewhere.id, { title: '别人的任务' });
      const task = await createTask(t, board.id, { title: '实时任务' });
      const frame = await stream.next((event) => event.data.type === 'activity');
      expect(frame.data.entry).toMatchObject({ type: 'task.created', target: { type: 'task', id: task.id }, organization_id: org.id, board_id: board.id });
      expect(frame.id).toEqual(expect.any(String));
      await moveTask(t, task.id, 'in_progress');
      const moved = await stream.next((event) => event.data.type === 'activity' && (event.data.entry as { type: string }).type === 'task.moved');
      expect(stream.events.filter((event) => event.data.type === 'activity').map((event) => (event.data.entry as { summary: string }).summary).join()).not.toContain('别人的任务');

      // a client that was away gets what it missed after its last frame, then live frames, each once
      const later = await createTask(t, board.id, { title: '离线期间' });
      const back = await SseClient.open(url(`organization_id=${org.id}`), { ...t.admin, 'Last-Event-ID': frame.id! });
      try {
        const replayed = await back.next((event) => event.data.type === 'activity' && (event.data.entry as { target: { id: string } }).target.id === later.id);
        const ids = back.events.filter((event) => event.data.type === 'activity').map((event) => event.id);
        expect(ids.slice(0, 2)).toEqual([moved.id, replayed.id]);
        await createTask(t, board.id, { title: '重连之后' });
        await back.next((event) => event.data.type === 'activity' && (event.data.entry as { summary: string }).summary.includes('重连之后'));
        await new Promise((resolve) => setTimeout(resolve, 2_500));
        const all = back.events.filter((event) => event.data.type === 'activity').map((event) => event.id);
        expect(new Set(all).size).toBe(all.length);
      } finally {
        back.close();
      }
    } finally {
      stream.close();
    }
    const refused = await SseClient.open(url(`organization_id=${elsewhere.organization_id}&token=${encodeURIComponent(token)}`));
    expect(refused.status).toBe(403);
    refused.close();
    const anonymous = await SseClient.open(url(''));
    expect(anonymous.status).toBe(401);
    anonymous.close();
  });

  it('scopes every view to an organization admin (403 for another organization) and refuses unknown parameters', async () => {
    const { org } = await busyOrganization();
    const other = await busyOrganization();
    const admin = await organizationAdmin(t, org.id);
    for (const view of ['overview', 'agent-status', 'communication-graph', 'resource-allocation', 'live-activity']) {
      await t.http.get(`/api/v1/command-center/${view}`).query({ organization_id: other.org.id }).set(admin.headers).expect(403);
      await t.http.get(`/api/v1/command-center/${view}`).query({ colour: 'red' }).set(t.admin).expect(422);
      await t.http.get(`/api/v1/command-center/${view}`).set('X-Agent-Token', other.alice.agent_token).expect(401);
    }
    await t.http.get('/api/v1/metrics').query({ organization_id: other.org.id }).set(admin.headers).expect(403);
    const own = await get<Summary>('/api/v1/command-center/overview', {}, admin.headers);
    expect(own).toMatchObject({ organization_id: org.id, agents: { total: 3 } });
    const statuses = await get<{ items: AgentStatus[] }>('/api/v1/command-center/agent-status', {}, admin.headers);
    expect(statuses.items.map((item) => item.name).sort()).toEqual(['Bob', 'Carol', '翻译官 Alice']);
    const live = await get<{ items: Array<{ organization_id: string }> }>('/api/v1/command-center/live-activity', { limit: 100 }, admin.headers);
    expect(live.items.every((item) => item.organization_id === org.id)).toBe(true);
  });
});
