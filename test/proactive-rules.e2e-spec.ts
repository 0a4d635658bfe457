import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { createAgent, createBoard, createOrganization, organizationAdmin } from './support/fixtures';
import { createRule, createTask, moveTask, settle, Suggestion, suggestionsOf, tick, waitFor, waitForActivity, waitForSuggestions } from './support/proactive';
import { ScriptedRelay } from './support/scripted-relay';
import { startTestApp, TestApp } from './support/test-app';
import { FrameClient } from './support/ws-client';

interface Delivery {
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** A receiver for webhook actions on loopback: records each request, answers the statuses it is told to. */
class WebhookReceiver {
  readonly deliveries: Delivery[] = [];
  statuses: number[] = [];
  private server?: Server;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        this.deliveries.push({ headers: request.headers, body: JSON.parse(body || '{}') });
        response.statusCode = this.statuses.shift() ?? 200;
        response.end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server!.address() as AddressInfo).port;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

const fieldsOf = (body: { errors?: Array<{ field: string }> }) => (body.errors ?? []).map((error) => error.field);

describe('Proactive rules (M8): CRUD, validation, cooldowns, every action type, schedules and the built-in rules', () => {
  let t: TestApp;
  let org: { id: string };
  let board: { id: string };
  let relay: ScriptedRelay;
  let gatewayId: string;
  const receiver = new WebhookReceiver();
  const builtins = new Map<string, string>();

  const builtinOf = (key: string) => builtins.get(key)!;
  const fromRule = (ruleId: string, taskId?: string) => (s: Suggestion) => s.rule_id === ruleId && (!taskId || s.task_id === taskId);

  beforeAll(async () => {
    await receiver.start();
    t = await startTestApp({ OUTBOUND_ALLOWED_HOSTS: `127.0.0.1:${receiver.port}`, STALE_REVIEW_MINUTES: '0', AGENT_IDLE_MINUTES: '0' });
    org = await createOrganization(t);
    board = await createBoard(t, org.id);
    const minted = await t.http.post('/api/v1/gateway-registry/tokens').set(t.admin).send({ organization_id: org.id }).expect(201);
    const gateway = (await t.http.post('/api/v1/gateway-registry/register').send({ registration_token: minted.body.registration_token, name: 'rules-gw' }).expect(201)).body;
    gatewayId = gateway.gateway_id;
    relay = await ScriptedRelay.connect(gateway.relay_ws_url, gateway.relay_token, (method, params) => {
      if (method !== 'chat.send') throw new Error(`unexpected ${method}`);
      return { runId: params.idempotencyKey, status: 'started' };
    });
    const listed = await t.http.get('/api/v1/proactive-rules').query({ organization_id: org.id, builtin: true }).set(t.admin).expect(200);
    for (const rule of listed.body.items) builtins.set(rule.builtin_key, rule.id);
  });
  afterAll(async () => {
    relay?.close();
    await t.close();
    await receiver.stop();
  });

  describe('the rules themselves', () => {
    it('creates, reads, updates, toggles and deletes a rule, each with its activity row', async () => {
      const created = await t.http
        .post('/api/v1/proactive-rules')
        .set(t.admin)
        .send({
          organization_id: org.id,
          board_id: board.id,
          name: 'Urgent tasks',
          trigger: { type: 'event', event: 'task.created' },
          conditions: [{ field: 'task.priority', op: 'eq', value: 'urgent' }],
          action: { type: 'create_suggestion', params: { title: 'Urgent: {{task.title}}' } },
        })
        .expect(201);
      expect(created.body).toMatchObject({
        organization_id: org.id,
        board_id: board.id,
        name: 'Urgent tasks',
        description: null,
        trigger: { type: 'event', event: 'task.created' },
        conditions: [{ field: 'task.priority', op: 'eq', value: 'urgent' }],
        action: { type: 'create_suggestion', params: { title: 'Urgent: {{task.title}}' } },
        cooldown_minutes: 60,
        enabled: true,
        builtin: false,
        builtin_key: null,
      });
      const id = created.body.id;
      expect((await t.http.get(`/api/v1/proactive-rules/${id}`).set(t.admin).expect(200)).body.name).toBe('Urgent tasks');
      const patched = await t.http.patch(`/api/v1/proactive-rules/${id}`).set(t.admin).send({ cooldown_minutes: 0, description: 'why not' }).expect(200);
      expect(patched.body).toMatchObject({ cooldown_minutes: 0, description: 'why not', name: 'Urgent tasks' });
      expect((await t.http.post(`/api/v1/proactive-rules/${id}/toggle`).set(t.admin).expect(200)).body.enabled).toBe(false);
      expect((await t.http.post(`/api/v1/proactive-rules/${id}/toggle`).set(t.admin).expect(200)).body.enabled).toBe(true);
      const mine = await t.http.get('/api/v1/proactive-rules').query({ organization_id: org.id, builtin: false }).set(t.admin).expect(200);
      expect(mine.body.items.map((rule: { id: string }) => rule.id)).toContain(id);
      for (const action of ['rule.created', 'rule.updated', 'rule.toggled']) await waitForActivity(t, org.id, action, id);
      await t.http.delete(`/api/v1/proactive-rules/${id}`).set(t.admin).expect(204);
      await t.http.get(`/api/v1/proactive-rules/${id}`).set(t.admin).expect(404);
      await waitForActivity(t, org.id, 'rule.deleted', id);
    });

    it('refuses unknown triggers, events, operators and action types, bad params and references: 422 naming the field', async () => {
      const base = { organization_id: org.id, name: 'bad', trigger: { type: 'event', event: 'task.created' }, action: { type: 'create_suggestion', params: { title: 'x' } } };
      const otherOrg = await createOrganization(t);
      const otherBoard = await createBoard(t, otherOrg.id);
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ trigger: { type: 'webhook' } }, 'trigger.type'],
        [{ trigger: { type: 'event', event: 'task.exploded' } }, 'trigger.event'],
        [{ trigger: { type: 'schedule', cron: 'every monday' } }, 'trigger.cron'],
        [{ trigger: { type: 'schedule', cron: '0 9 * * *', timezone: 'Mars/Olympus_Mons' } }, 'trigger.timezone'],
        [{ trigger: { type: 'event', event: 'task.created', cron: '* * * * *' } }, 'trigger.cron'],
        [{ conditions: [{ field: 'task.status', op: 'like', value: 'x' }] }, 'conditions.0.op'],
        [{ conditions: [{ field: 'task..status', op: 'eq', value: 1 }] }, 'conditions.0.field'],
        [{ conditions: [{ field: 'task.status', op: 'eq' }] }, 'conditions.0.value'],
        [{ action: { type: 'launch_rocket', params: {} } }, 'action.type'],
        [{ action: { type: 'move_task', params: { status: 'archived' } } }, 'action.params.status'],
        [{ action: { type: 'move_task', params: {} } }, 'action.params.status'],
        [{ action: { type: 'move_task', params: { status: 'done', speed: 'fast' } } }, 'action.params.speed'],
        [{ action: { type: 'reassign_task', params: { agent_id: '00000000-0000-4000-8000-000000000000' } } }, 'action.params.agent_id'],
        [{ action: { type: 'create_task', params: { title: 'x', board_id: otherBoard.id } } }, 'action.params.board_id'],
        [{ action: { type: 'webhook', params: { url: 'http://example.com/hook' } } }, 'action.params.url'],
        [{ action: { type: 'webhook', params: { url: receiver.url('/x'), headers: { 'bad header': 'x' } } } }, 'action.params.headers'],
        [{ action: { type: 'notify_agent', params: {} } }, 'action.params.message'],
        [{ action: { type: 'request_approval', params: { action_type: 'has spaces' } } }, 'action.params.action_type'],
        [{ action: { type: 'create_suggestion', params: { title: 'x', action: { type: 'create_suggestion', params: { title: 'y' } } } } }, 'action.params.action.type'],
        [{ action: { type: 'create_suggestion', params: { title: 'x', priority: 'urgent' } } }, 'action.params.priority'],
        [{ cooldown_minutes: -1 }, 'cooldown_minutes'],
        [{ board_id: otherBoard.id }, 'board_id'],
        [{ trigger: 'task.created' }, 'trigger'],
      ];
      for (const [change, field] of cases) {
        const response = await t.http.post('/api/v1/proactive-rules').set(t.admin).send({ ...base, ...change });
        expect({ change, status: response.status, fields: fieldsOf(response.body) }).toEqual({ change, status: 422, fields: expect.arrayContaining([field]) });
      }
      const rule = await createRule(t, base);
      const patch = await t.http.patch(`/api/v1/proactive-rules/${rule.id}`).set(t.admin).send({ conditions: [{ field: 'x', op: 'regex', value: '.*' }] }).expect(422);
      expect(fieldsOf(patch.body)).toEqual(['conditions.0.op']);
      await t.http.delete(`/api/v1/proactive-rules/${rule.id}`).set(t.admin).expect(204);
    });

    it('lists the built-in rules with every organization, each toggled by its own organization, never deleted', async () => {
      expect([...builtins.keys()].sort()).toEqual(['follow_up_after_done', 'idle_agent', 'overdue_task', 'stale_review', 'unblocking_opportunity', 'wip_limit_exceeded']);
      const other = await createOrganization(t);
      const otherBoard = await createBoard(t, other.id);
      const orgAdmin = await organizationAdmin(t, other.id);
      const theirs = await t.http.get('/api/v1/proactive-rules').set(orgAdmin.headers).expect(200);
      expect(theirs.body.items).toHaveLength(6);
      expect(theirs.body.items.every((rule: { organization_id: string; builtin: boolean; enabled: boolean }) => rule.organization_id === other.id && rule.builtin && rule.enabled)).toBe(true);
      await t.http.get('/api/v1/proactive-rules').query({ organization_id: org.id }).set(orgAdmin.headers).expect(403);
      await t.http.post(`/api/v1/proactive-rules/${builtinOf('follow_up_after_done')}/toggle`).set(orgAdmin.headers).expect(403);
      const everyone = await t.http.get('/api/v1/proactive-rules').query({ builtin: true, limit: 100 }).set(t.admin).expect(200);
      expect(everyone.body.items.filter((rule: { organization_id: string }) => rule.organization_id === other.id)).toHaveLength(6);

      const followUp = theirs.body.items.find((rule: { builtin_key: string }) => rule.builtin_key === 'follow_up_after_done');
      await t.http.delete(`/api/v1/proactive-rules/${followUp.id}`).set(orgAdmin.headers).expect(409);
      const fixed = await t.http.patch(`/api/v1/proactive-rules/${followUp.id}`).set(orgAdmin.headers).send({ action: { type: 'webhook', params: { url: receiver.url('/x') } } }).expect(409);
      expect(fixed.body.detail).toMatch(/built-in/);
      const tuned = await t.http.patch(`/api/v1/proactive-rules/${followUp.id}`).set(orgAdmin.headers).send({ cooldown_minutes: 5 }).expect(200);
      expect(tuned.body).toMatchObject({ builtin: true, cooldown_minutes: 5 });
      const off = await t.http.post(`/api/v1/proactive-rules/${followUp.id}/toggle`).set(orgAdmin.headers).expect(200);
      expect(off.body.enabled).toBe(false);

      // switched off there, still on here
      const theirTask = await createTask(t, otherBoard.id, { status: 'in_progress' });
      const ourTask = await createTask(t, board.id, { status: 'in_progress' });
      await moveTask(t, theirTask.id, 'done');
      await moveTask(t, ourTask.id, 'done');
      await waitForSuggestions(t, org.id, fromRule(builtinOf('follow_up_after_done'), ourTask.id));
      await settle();
      expect(await suggestionsOf(t, other.id, (s) => s.task_id === theirTask.id && s.rule_id === followUp.id)).toEqual([]);
    });
  });

  describe('firing', () => {
    it('fires when the conditions hold, only on its board, and not while disabled', async () => {
      const otherBoard = await createBoard(t, org.id);
      const rule = await createRule(t, {
        organization_id: org.id,
        board_id: board.id,
        trigger: { type: 'event', event: 'task.created' },
        conditions: [
          { field: 'task.priority', op: 'in', value: ['high', 'urgent'] },
          { field: 'task.title', op: 'contains', value: 'db' },
        ],
        action: { type: 'create_suggestion', params: { title: 'Check {{task.title}} ({{task.priority}})', description: 'by {{actor.type}}', confidence: 0.5, priority: 'critical' } },
      });
      const hit = await createTask(t, board.id, { title: 'migrate db', priority: 'urgent' });
      const lowPriority = await createTask(t, board.id, { title: 'tidy db', priority: 'low' });
      const otherTitle = await createTask(t, board.id, { title: 'write docs', priority: 'high' });
      const otherBoardTask = await createTask(t, otherBoard.id, { title: 'db too', priority: 'high' });
      const [suggestion] = await waitForSuggestions(t, org.id, fromRule(rule.id));
      expect(suggestion).toMatchObject({ title: 'Check migrate db (urgent)', description: 'by admin', priority: 'critical', confidence: 0.5, task_id: hit.id, board_id: board.id, source: 'rule', action: null });
      await settle();
      const fired = await suggestionsOf(t, org.id, fromRule(rule.id));
      expect(fired.map((s) => s.task_id)).toEqual([hit.id]);
      expect([lowPriority.id, otherTitle.id, otherBoardTask.id].some((id) => fired.some((s) => s.task_id === id))).toBe(false);

      await t.http.post(`/api/v1/proactive-rules/${rule.id}/toggle`).set(t.admin).expect(200);
      const whileOff = await createTask(t, board.id, { title: 'db again', priority: 'high' });
      await settle();
      expect(await suggestionsOf(t, org.id, fromRule(rule.id, whileOff.id))).toEqual([]);
      const fireRow = await waitForActivity(t, org.id, 'rule.fired', rule.id);
      expect(fireRow).toMatchObject({ actor: { type: 'system' }, board_id: board.id, changes: expect.objectContaining({ target: `task:${hit.id}`, suggestion_id: suggestion.id }) });
    });

    it('acts at most once per cooldown for the same target; cooldown 0 means every time', async () => {
      const cooled = await createRule(t, {
        organization_id: org.id,
        board_id: board.id,
        trigger: { type: 'event', event: 'task.updated' },
        action: { type: 'create_suggestion', params: { title: 'changed: {{task.title}}' } },
      });
      const eager = await createRule(t, {
        organization_id: org.id,
        board_id: board.id,
        cooldown_minutes: 0,
        trigger: { type: 'event', event: 'task.updated' },
        action: { type: 'create_suggestion', params: { title: 'changed again: {{task.title}}' } },
      });
      const first = await createTask(t, board.id);
      const second = await createTask(t, board.id);
      for (const title of ['a', 'b', 'c']) await t.http.patch(`/api/v1/tasks/${first.id}`).set(t.admin).send({ title }).expect(200);
      await t.http.patch(`/api/v1/tasks/${second.id}`).set(t.admin).send({ title: 'd' }).expect(200);
      await waitForSuggestions(t, org.id, fromRule(eager.id), 4);
      await settle();
      expect((await suggestionsOf(t, org.id, fromRule(cooled.id))).map((s) => s.task_id).sort()).toEqual([first.id, second.id].sort());
      expect(await suggestionsOf(t, org.id, fromRule(eager.id))).toHaveLength(4);
    });

    it('a burst of events, handled in batches: one suggestion per event and rule, cooldowns still once per target', async () => {
      // an organisation of its own: its suggestions fit on one page
      const burstOrg = await createOrganization(t);
      const burstBoard = await createBoard(t, burstOrg.id);
      const rule = (cooldown_minutes?: number) =>
        createRule(t, {
          organization_id: burstOrg.id,
          board_id: burstBoard.id,
          ...(cooldown_minutes === undefined ? {} : { cooldown_minutes }),
          trigger: { type: 'event', event: 'task.updated' },
          action: { type: 'create_suggestion', params: { title: 'burst: {{task.title}}' } },
        });
      const eager = await rule(0);
      const cooled = await rule();
      const tasks = await Promise.all([1, 2, 3].map(() => createTask(t, burstBoard.id)));
      const writes = Array.from({ length: 60 }, (_, index) => ({ task: tasks[index % 3], title: `burst ${index}` }));
      await Promise.all(writes.map(({ task, title }) => t.http.patch(`/api/v1/tasks/${task.id}`).set(t.admin).send({ title }).expect(200)));
      await waitForSuggestions(t, burstOrg.id, fromRule(eager.id), 60, 60_000);
      await settle();
      const eagerOnes = await suggestionsOf(t, burstOrg.id, fromRule(eager.id));
      expect(eagerOnes).toHaveLength(60);
      expect(new Set(eagerOnes.map((s) => s.title)).size).toBe(60);
      expect((await suggestionsOf(t, burstOrg.id, fromRule(cooled.id))).map((s) => s.task_id).sort()).toEqual(tasks.map((task) => task.id).sort());
    });

    it('reassign_task, move_task, create_task and request_approval: each once, recorded, on the board socket', async () => {
      const worker = await createAgent(t, org.id, { board_id: board.id });
      const socket = await FrameClient.connect(`${t.baseUrl.replace(/^http/, 'ws')}/ws/board/${board.id}/sync`, t.admin);
      const trigger = (title: string) => ({ trigger: { type: 'event', event: 'task.created' }, conditions: [{ field: 'task.title', op: 'eq', value: title }] });
      const reassign = await createRule(t, { organization_id: org.id, ...trigger('assign me'), action: { type: 'reassign_task', params: { agent_id: worker.id } } });
      const mover = await createRule(t, { organization_id: org.id, ...trigger('move me'), action: { type: 'move_task', params: { status: 'todo' } } });
      const spawner = await createRule(t, { organization_id: org.id, ...trigger('spawn'), action: { type: 'create_task', params: { title: 'child of {{task.title}}', priority: 'high', due_in_minutes: 60 } } });
      const gate = await createRule(t, { organization_id: org.id, ...trigger('approve me'), action: { type: 'request_approval', params: { action_type: 'deploy.production', payload: { env: 'prod' }, confidence: 0.9 } } });

      const assigned = await createTask(t, board.id, { title: 'assign me' });
      const moved = await createTask(t, board.id, { title: 'move me' });
      const parent = await createTask(t, board.id, { title: 'spawn' });
      const gated = await createTask(t, board.id, { title: 'approve me' });

      await waitFor('the assignment', async () => ((await t.http.get(`/api/v1/tasks/${assigned.id}`).set(t.admin)).body.assignee_id === worker.id ? true : undefined));
      await waitFor('the move', async () => ((await t.http.get(`/api/v1/tasks/${moved.id}`).set(t.admin)).body.status === 'todo' ? true : undefined));
      const children = await waitFor('the child task', async () => {
        const found = (await t.http.get('/api/v1/tasks').query({ board_id: board.id, q: 'child of spawn' }).set(t.admin)).body.items;
        return found.length > 0 ? found : undefined;
      });
      expect(children).toEqual([expect.objectContaining({ title: 'child of spawn', priority: 'high', created_by: { type: 'system', id: spawner.id } })]);
      expect(new Date(children[0].due_at).getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
      const approvals = await waitFor('the approval', async () => {
        const found = (await t.http.get('/api/v1/approvals').query({ task_id: gated.id }).set(t.admin)).body.items;
        return found.length > 0 ? found : undefined;
      });
      expect(approvals).toEqual([expect.objectContaining({ action_type: 'deploy.production', payload: { env: 'prod' }, confidence: 0.9, requested_by: { type: 'system', id: gate.id } })]);

      const moveRow = await waitForActivity(t, org.id, 'task.moved', moved.id);
      expect(moveRow.actor).toEqual({ type: 'system', id: mover.id });
      await waitForActivity(t, org.id, 'rule.fired', reassign.id);
      const frame = await socket.next((f) => f.type === 'rule.fired' && (f.rule as { id: string }).id === reassign.id);
      expect(frame).toMatchObject({ action: 'reassign_task', target: `task:${assigned.id}`, suggestion_id: null });
      await socket.next((f) => f.type === 'task.updated' && f.task_id === assigned.id);
      socket.close();
      await settle();
      expect((await t.http.get('/api/v1/tasks').query({ board_id: board.id, q: 'child of spawn' }).set(t.admin)).body.items).toHaveLength(1);
      expect((await t.http.get('/api/v1/approvals').query({ task_id: gated.id }).set(t.admin)).body.items).toHaveLength(1);
    });

    it('never reacts to what its own action did (no loop), even without a cooldown', async () => {
      const loopBoard = await createBoard(t, org.id);
      const rule = await createRule(t, {
        organization_id: org.id,
        board_id: loopBoard.id,
        cooldown_minutes: 0,
        trigger: { type: 'event', event: 'task.created' },
        action: { type: 'create_task', params: { title: 'echo of {{task.title}}' } },
      });
      await createTask(t, loopBoard.id, { title: 'seed' });
      await waitFor('the echo', async () => ((await t.http.get('/api/v1/tasks').query({ board_id: loopBoard.id }).set(t.admin)).body.total === 2 ? true : undefined));
      await settle();
      const titles = (await t.http.get('/api/v1/tasks').query({ board_id: loopBoard.id }).set(t.admin).expect(200)).body.items.map((task: { title: string }) => task.title);
      expect(titles.sort()).toEqual(['echo of seed', 'seed']);
      await t.http.delete(`/api/v1/proactive-rules/${rule.id}`).set(t.admin).expect(204);
    });

    it('notify_agent sends a message to the agent through its gateway, once', async () => {
      const agent = await createAgent(t, org.id, { board_id: board.id, gateway_id: gatewayId, openclaw_agent_id: 'helper' });
      const rule = await createRule(t, {
        organization_id: org.id,
        trigger: { type: 'event', event: 'task.assigned' },
        conditions: [{ field: 'to_assignee_id', op: 'eq', value: agent.id }],
        action: { type: 'notify_agent', params: { message: 'You have a new task: {{task.title}}' } },
      });
      const task = await createTask(t, board.id, { title: 'Write the changelog', assignee_id: agent.id });
      const call = await waitFor('chat.send', () => relay.calls.find((c) => c.method === 'chat.send' && c.params.message === 'You have a new task: Write the changelog'));
      expect(call.params).toMatchObject({ sessionKey: 'agent:helper:mc-proactive', idempotencyKey: expect.any(String) });
      const row = await waitForActivity(t, org.id, 'action.notify_agent', agent.id);
      expect(row.changes).toMatchObject({ agent_id: agent.id, session_key: 'agent:helper:mc-proactive' });
      await waitForActivity(t, org.id, 'rule.fired', rule.id, (entry) => entry.changes.target === `task:${task.id}`);
      await settle();
      expect(relay.calls.filter((c) => c.params.message === 'You have a new task: Write the changelog')).toHaveLength(1);
    });

    it('webhook posts to an allowed host with an idempotency key, retries with back-off, and records a refusal as failed', async () => {
      const rule = await createRule(t, {
        organization_id: org.id,
        trigger: { type: 'event', event: 'task.created' },
        conditions: [{ field: 'task.title', op: 'eq', value: 'hook me' }],
        action: { type: 'webhook', params: { url: receiver.url('/hooks/tasks'), headers: { 'x-team': 'ops' } } },
      });
      receiver.statuses = [503];
      const task = await createTask(t, board.id, { title: 'hook me' });
      const deliveries = await waitFor('two deliveries (one refused, one retried)', () => (receiver.deliveries.filter((d) => (d.body.task as { id: string })?.id === task.id).length >= 2 ? receiver.deliveries : undefined));
      const mine = deliveries.filter((d) => (d.body.task as { id: string })?.id === task.id);
      expect(mine[0].headers['idempotency-key']).toEqual(mine[1].headers['idempotency-key']);
      expect(mine[0].headers).toMatchObject({ 'content-type': 'application/json', 'x-team': 'ops' });
      expect(mine[0].body).toMatchObject({ task: { id: task.id, title: 'hook me' }, event: { name: 'task.created' }, rule: { id: rule.id } });
      const delivered = await waitForActivity(t, org.id, 'action.webhook', undefined, (entry) => String(entry.summary).includes(`127.0.0.1:${receiver.port}`));
      expect(delivered.changes).toMatchObject({ status: 200 });

      const refusing = await createRule(t, {
        organization_id: org.id,
        trigger: { type: 'event', event: 'task.created' },
        conditions: [{ field: 'task.title', op: 'eq', value: 'hook refused' }],
        action: { type: 'webhook', params: { url: receiver.url('/gone'), body: { fixed: true } } },
      });
      receiver.statuses = [410];
      await createTask(t, board.id, { title: 'hook refused' });
      const failure = await waitForActivity(t, org.id, 'rule.failed', refusing.id);
      expect(String(failure.changes.error)).toMatch(/answered 410/);
      expect(receiver.deliveries.filter((d) => d.body.fixed === true)).toHaveLength(1);
    }, 30_000);

    it('fires a schedule rule once per due time in its time zone (ticks run through the job engine)', async () => {
      const rule = await createRule(t, {
        organization_id: org.id,
        board_id: board.id,
        cooldown_minutes: 0,
        trigger: { type: 'schedule', cron: '30 9 * * *', timezone: 'Asia/Shanghai' },
        action: { type: 'create_task', params: { title: 'Stand-up {{fired_at}}' } },
      });
      // 09:30 in Shanghai is 01:30 UTC; the next one after the rule was made
      const now = new Date();
      const due = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 1, 30));
      while (due.getTime() <= now.getTime()) due.setUTCDate(due.getUTCDate() + 1);
      const standUps = async () => (await t.http.get('/api/v1/tasks').query({ board_id: board.id, q: 'Stand-up' }).set(t.admin)).body.items as Array<{ title: string }>;
      await tick(t, new Date(due.getTime() - 60_000));
      await settle();
      expect(await standUps()).toEqual([]);
      await tick(t, due);
      await tick(t, due);
      await tick(t, new Date(due.getTime() + 60_000));
      const created = await waitFor('the stand-up task', async () => ((await standUps()).length > 0 ? standUps() : undefined));
      await settle();
      expect((await standUps()).map((task) => task.title)).toEqual([`Stand-up ${due.toISOString()}`]);
      await waitForActivity(t, org.id, 'rule.fired', rule.id);
      expect(created).toHaveLength(1);
    });
  });

  describe('built-in rules, each made to happen', () => {
    it('overdue task: suggests, and accepting reminds the assignee through its gateway', async () => {
      const assignee = await createAgent(t, org.id, { board_id: board.id, gateway_id: gatewayId });
      const late = await createTask(t, board.id, { title: 'File the taxes', status: 'todo', assignee_id: assignee.id, due_at: new Date(Date.now() - 5 * 60_000).toISOString() });
      const onTime = await createTask(t, board.id, { title: 'Not yet due', due_at: new Date(Date.now() + 3600_000).toISOString() });
      await tick(t);
      const [suggestion] = await waitForSuggestions(t, org.id, fromRule(builtinOf('overdue_task'), late.id));
      expect(suggestion).toMatchObject({ title: 'Overdue: "File the taxes"', priority: 'high', agent_id: assignee.id, action: { type: 'notify_agent', params: { agent_id: assignee.id } } });
      await tick(t);
      await settle();
      expect(await suggestionsOf(t, org.id, fromRule(builtinOf('overdue_task'), late.id))).toHaveLength(1);
      expect(await suggestionsOf(t, org.id, fromRule(builtinOf('overdue_task'), onTime.id))).toEqual([]);
      const events: Array<{ n: number }> = await t.dataSource.query(`SELECT count(*)::int AS n FROM outbox_events WHERE name = 'task.overdue' AND payload->'task'->>'id' = $1`, [late.id]);
      expect(events[0].n).toBe(1);

      const accepted = await t.http.post(`/api/v1/suggestions/${suggestion.id}/accept`).set(t.admin).send({}).expect(200);
      expect(accepted.body.status).toBe('executed');
      expect(relay.calls.some((c) => c.method === 'chat.send' && String(c.params.message).includes('File the taxes'))).toBe(true);
    });

    it('stale review: a task left in review (STALE_REVIEW_MINUTES) is reported once', async () => {
      const waiting = await createTask(t, board.id, { title: 'Review the RFC', status: 'review' });
      await tick(t);
      const [suggestion] = await waitForSuggestions(t, org.id, fromRule(builtinOf('stale_review'), waiting.id));
      expect(suggestion).toMatchObject({ title: 'Waiting for review: "Review the RFC"', priority: 'medium', action: null });
      await tick(t);
      await settle();
      expect(await suggestionsOf(t, org.id, fromRule(builtinOf('stale_review'), waiting.id))).toHaveLength(1);
    });

    it('WIP limit exceeded: starting a task that fills the board suggests finishing work first', async () => {
      const tight = await createBoard(t, org.id, { wip_limit: 2 });
      const [a, b] = [await createTask(t, tight.id, { status: 'todo' }), await createTask(t, tight.id, { status: 'todo' })];
      await moveTask(t, a.id, 'in_progress');
      await settle();
      expect(await suggestionsOf(t, org.id, (s) => s.rule_id === builtinOf('wip_limit_exceeded') && s.board_id === tight.id)).toEqual([]);
      await moveTask(t, b.id, 'in_progress');
      const [suggestion] = await waitForSuggestions(t, org.id, (s) => s.rule_id === builtinOf('wip_limit_exceeded') && s.board_id === tight.id);
      expect(suggestion.title).toMatch(/^WIP limit reached on "/);
      expect(suggestion.description).toBe('2 tasks in progress, limit 2.');
      expect(suggestion.priority).toBe('high');
    });

    it('unblocking opportunity: finishing the last dependency suggests starting the task, and accepting starts it', async () => {
      const first = await createTask(t, board.id, { title: 'Design', status: 'in_progress' });
      const second = await createTask(t, board.id, { title: 'Schema', status: 'in_progress' });
      const blocked = await createTask(t, board.id, { title: 'Build', status: 'todo', depends_on: [first.id, second.id] });
      await moveTask(t, first.id, 'done');
      await settle();
      expect(await suggestionsOf(t, org.id, fromRule(builtinOf('unblocking_opportunity'), blocked.id))).toEqual([]);
      await moveTask(t, second.id, 'done');
      const [suggestion] = await waitForSuggestions(t, org.id, fromRule(builtinOf('unblocking_opportunity'), blocked.id));
      expect(suggestion).toMatchObject({ title: 'Ready to start: "Build"', description: 'Its last open dependency, "Schema", is done.', action: { type: 'move_task', params: { task_id: blocked.id, status: 'in_progress' } } });
      const accepted = await t.http.post(`/api/v1/suggestions/${suggestion.id}/accept`).set(t.admin).send({}).expect(200);
      expect(accepted.body).toMatchObject({ status: 'executed', result: { output: { task_id: blocked.id, status: 'in_progress' } } });
    });

    it('idle agent: an online agent with nothing to do is offered the oldest unassigned task of its board', async () => {
      const idleBoard = await createBoard(t, org.id);
      const waitingTask = await createTask(t, idleBoard.id, { title: 'Nobody took this', status: 'todo' });
      const agent = await createAgent(t, org.id, { board_id: idleBoard.id });
      await t.http.patch(`/api/v1/agents/${agent.id}`).set(t.admin).send({ status: 'online' }).expect(200);
      await tick(t);
      const [suggestion] = await waitForSuggestions(t, org.id, (s) => s.rule_id === builtinOf('idle_agent') && s.agent_id === agent.id);
      expect(suggestion).toMatchObject({ title: `Idle: ${agent.name}`, priority: 'low', task_id: waitingTask.id, action: { type: 'reassign_task', params: { task_id: waitingTask.id, agent_id: agent.id } } });
      await tick(t);
      await settle();
      expect(await suggestionsOf(t, org.id, (s) => s.rule_id === builtinOf('idle_agent') && s.agent_id === agent.id)).toHaveLength(1);
      const accepted = await t.http.post(`/api/v1/suggestions/${suggestion.id}/accept`).set(t.admin).send({}).expect(200);
      expect(accepted.body.status).toBe('executed');
      expect((await t.http.get(`/api/v1/tasks/${waitingTask.id}`).set(t.admin).expect(200)).body.assignee_id).toBe(agent.id);
    });

    it('auto follow-up after done: accepting creates the follow-up task for the same assignee', async () => {
      const assignee = await createAgent(t, org.id, { board_id: board.id });
      const task = await createTask(t, board.id, { title: 'Ship 1.0', status: 'in_progress', assignee_id: assignee.id });
      await moveTask(t, task.id, 'done');
      const [suggestion] = await waitForSuggestions(t, org.id, fromRule(builtinOf('follow_up_after_done'), task.id));
      expect(suggestion).toMatchObject({ title: 'Follow up on "Ship 1.0"?', action: { type: 'create_task', params: { title: 'Follow up: Ship 1.0', assignee_id: assignee.id } } });
      const accepted = await t.http.post(`/api/v1/suggestions/${suggestion.id}/accept`).set(t.admin).send({}).expect(200);
      expect(accepted.body.status).toBe('executed');
      const created = await t.http.get(`/api/v1/tasks/${accepted.body.result.output.task_id}`).set(t.admin).expect(200);
      expect(created.body).toMatchObject({ title: 'Follow up: Ship 1.0', board_id: board.id, assignee_id: assignee.id });
    });
  });
});
