import { randomUUID } from 'node:crypto';
import { PipelineEngine } from '../src/mission-control/pipelines/pipeline-engine.service';
import { PipelineTriggers } from '../src/mission-control/pipelines/pipeline-triggers.service';
import { createAgent, createBoard, createOrganization, organizationAdmin } from './support/fixtures';
import { HookServer } from './support/hook-server';
import { chatEvent, ScriptedRelay } from './support/scripted-relay';
import { waitFor } from './support/service-process';
import { startTestApp, TestApp } from './support/test-app';
import { FrameClient } from './support/ws-client';

type Stage = { key: string; type: string; status: string; output: Record<string, any> | null; error: string | null; attempts: number; started_at: string | null; finished_at: string | null };
type Run = { id: string; pipeline_id: string; status: string; current_stage: string | null; stages: Stage[]; input: Record<string, any>; error: string | null; finished_at: string | null; trigger: Record<string, any> };

describe('M10 workflow pipelines', () => {
  let t: TestApp;
  let hooks: HookServer;
  let org: { id: string };
  let board: { id: string };
  let agent: { id: string };
  /** Started first, checked last: pg-boss's own minute tick has to come round (up to a minute). */
  let everyMinute: { id: string };

  beforeAll(async () => {
    hooks = await HookServer.start();
    t = await startTestApp({ OUTBOUND_ALLOWED_HOSTS: hooks.host });
    org = await createOrganization(t);
    board = await createBoard(t, org.id);
    agent = await createAgent(t, org.id, { board_id: board.id });
    everyMinute = await createPipeline({
      trigger: { type: 'schedule', cron: '* * * * *', timezone: 'Asia/Shanghai' },
      stages: [{ key: 'ping', name: 'Ping', type: 'webhook', config: { url: hooks.url('/every-minute'), body: { fired_at: '{{input.fired_at}}' } } }],
    });
  });
  afterAll(async () => {
    await t.close();
    await hooks.close();
  });

  const createPipeline = async (body: Record<string, unknown>) =>
    (await t.http.post('/api/v1/pipelines').set(t.admin).send({ organization_id: org.id, board_id: board.id, name: `p-${randomUUID().slice(0, 8)}`, ...body }).expect(201)).body;
  const start = async (pipelineId: string, input: Record<string, unknown> = {}) =>
    (await t.http.post(`/api/v1/pipelines/${pipelineId}/run`).set(t.admin).send({ input }).expect(201)).body as Run;
  const getRun = async (id: string) => (await t.http.get(`/api/v1/pipeline-runs/${id}`).set(t.admin).expect(200)).body as Run;
  const runWhen = (id: string, what: string, ready: (run: Run) => boolean, timeoutMs = 20_000) =>
    waitFor(what, async () => {
      const run = await getRun(id);
      return ready(run) ? run : undefined;
    }, timeoutMs);
  const waitingAt = (id: string, key: string) => runWhen(id, `waiting at ${key}`, (run) => run.current_stage === key && run.stages.find((s) => s.key === key)?.status === 'waiting');
  const finished = (id: string, timeoutMs?: number) => runWhen(id, 'the run to finish', (run) => run.finished_at !== null, timeoutMs);
  const stageOf = (run: Run, key: string) => run.stages.find((stage) => stage.key === key)!;
  const finishTask = (taskId: string) => t.http.patch(`/api/v1/tasks/${taskId}`).set(t.admin).send({ status: 'done' }).expect(200);

  describe('stage types', () => {
    it('ai_task: creates the task on the board for its agent, waits until it is done, and says so on the board socket', async () => {
      const socket = await FrameClient.connect(`${t.baseUrl.replace('http', 'ws')}/ws/board/${board.id}/sync?token=${encodeURIComponent(t.config.adminToken)}`);
      await socket.next((frame) => frame.type === 'board.state');
      const pipeline = await createPipeline({
        stages: [{ key: 'build', name: 'Build', type: 'ai_task', config: { title: 'Build {{input.what | something}}', description: 'for run {{run.id}}', agent_id: agent.id, priority: 'high' } }],
      });
      const run = await start(pipeline.id, { what: 'the parser' });
      expect(run).toMatchObject({ pipeline_id: pipeline.id, status: 'queued', current_stage: 'build', input: { what: 'the parser' } });
      expect(run.stages).toEqual([expect.objectContaining({ key: 'build', type: 'ai_task', status: 'pending', started_at: null, finished_at: null, output: null, error: null })]);

      const waiting = await waitingAt(run.id, 'build');
      expect(waiting.status).toBe('waiting');
      const taskId = stageOf(waiting, 'build').output!.task_id as string;
      const task = (await t.http.get(`/api/v1/tasks/${taskId}`).set(t.admin).expect(200)).body;
      expect(task).toMatchObject({ board_id: board.id, title: 'Build the parser', description: `for run ${run.id}`, assignee_id: agent.id, priority: 'high', status: 'todo' });
      expect(task.created_by).toEqual({ type: 'system', id: run.id });

      await finishTask(taskId);
      const done = await finished(run.id);
      expect(done).toMatchObject({ status: 'succeeded', current_stage: null, error: null });
      expect(stageOf(done, 'build')).toMatchObject({ status: 'succeeded', attempts: 1, output: { task_id: taskId, agent_id: agent.id, completed_at: expect.any(String) } });

      const frames = socket.frames.filter((frame) => frame.type === 'pipeline.run_updated' && (frame.run as Run).id === run.id);
      await socket.next((frame) => frame.type === 'pipeline.run_updated' && (frame.run as Run).status === 'succeeded');
      expect(frames.map((frame) => (frame.run as Run).status)).toEqual(expect.arrayContaining(['queued', 'running', 'waiting']));
      expect(socket.frames.find((frame) => frame.type === 'task.created' && (frame.task as { id: string }).id === taskId)).toBeDefined();
      socket.close();

      const activity = (await t.http.get('/api/v1/activity').query({ target_id: run.id, order: 'asc', limit: 50 }).set(t.admin).expect(200)).body.items;
      // rows written in one transaction share its time: compare them as a set
      expect(activity.map((entry: { action: string }) => entry.action).sort()).toEqual(
        ['pipeline.run_started', 'pipeline.stage_started', 'pipeline.stage_waiting', 'pipeline.stage_succeeded', 'pipeline.run_succeeded'].sort(),
      );
      expect(activity.every((entry: { board_id: string; actor_type: string }) => entry.board_id === board.id)).toBe(true);
      const finishedEvents = await t.dataSource.query(`SELECT payload FROM outbox_events WHERE name = 'pipeline.run_finished' AND payload->>'run_id' = $1`, [run.id]);
      expect(finishedEvents).toEqual([{ payload: { run_id: run.id, pipeline_id: pipeline.id, pipeline_name: pipeline.name, board_id: board.id, status: 'succeeded', error: null } }]);
    });

    it('manual: waits for advance, whose output becomes the stage output; advancing anything else is a 409', async () => {
      const pipeline = await createPipeline({ stages: [{ key: 'sign', name: 'Sign', type: 'manual', config: { instructions: 'sign it' } }] });
      const run = await start(pipeline.id);
      await waitingAt(run.id, 'sign');
      const advanced = (await t.http.post(`/api/v1/pipeline-runs/${run.id}/advance`).set(t.admin).send({ output: { signed_by: 'ada' } }).expect(200)).body as Run;
      expect(advanced).toMatchObject({ status: 'succeeded', finished_at: expect.any(String) });
      expect(stageOf(advanced, 'sign')).toMatchObject({ status: 'succeeded', output: { signed_by: 'ada' } });
      await t.http.post(`/api/v1/pipeline-runs/${run.id}/advance`).set(t.admin).send({}).expect(409);
    });

    it('webhook: calls an allowed host, output is its status and body; retries a 503 with back-off', async () => {
      hooks.script('/flaky', { status: 503, body: { busy: true } }, { status: 502 }, { status: 200, body: { deployed: 'v1' } });
      const pipeline = await createPipeline({
        stages: [{ key: 'deploy', name: 'Deploy', type: 'webhook', config: { url: hooks.url('/flaky'), body: { version: '{{input.version}}' }, headers: { 'X-Team': 'ops' } } }],
      });
      const run = await start(pipeline.id, { version: '1.2.3' });
      const done = await finished(run.id, 40_000);
      expect(done.status).toBe('succeeded');
      expect(stageOf(done, 'deploy')).toMatchObject({ status: 'succeeded', attempts: 3, output: { status: 200, body: { deployed: 'v1' } }, error: null });
      const calls = hooks.callsTo('/flaky');
      expect(calls).toHaveLength(3);
      expect(calls[0]).toMatchObject({ method: 'POST', body: { version: '1.2.3' }, headers: { 'x-team': 'ops', 'x-pipeline-run-id': run.id } });
      expect(new Set(calls.map((call) => call.headers['idempotency-key'])).size).toBe(1);
    }, 60_000);

    it('webhook: a 4xx answer fails the stage at once, and a URL with variables that leads to a host not allowed fails when it runs', async () => {
      hooks.script('/refuse', { status: 400, body: { error: 'bad' } });
      const refused = await createPipeline({ stages: [{ key: 'call', name: 'Call', type: 'webhook', config: { url: hooks.url('/refuse') } }] });
      const failed = await finished((await start(refused.id)).id);
      expect(failed).toMatchObject({ status: 'failed', error: expect.stringContaining('answered 400') });
      expect(stageOf(failed, 'call')).toMatchObject({ status: 'failed', attempts: 1, error: expect.stringContaining('answered 400') });

      const dynamic = await createPipeline({ stages: [{ key: 'call', name: 'Call', type: 'webhook', config: { url: '{{input.url}}' } }] });
      const outside = await finished((await start(dynamic.id, { url: 'https://elsewhere.example.net/hook' })).id);
      expect(stageOf(outside, 'call')).toMatchObject({ status: 'failed', error: expect.stringContaining('OUTBOUND_ALLOWED_HOSTS') });
    });

    it('condition: branches on the input and earlier outputs; the stages jumped over are skipped', async () => {
      const pipeline = await createPipeline({
        stages: [
          { key: 'probe', name: 'Probe', type: 'webhook', config: { url: hooks.url('/probe') } },
          { key: 'route', name: 'Route', type: 'condition', config: { expression: 'input.urgent == true && stages.probe.output.status == 200', on_false: 'calm' } },
          { key: 'page', name: 'Page', type: 'webhook', config: { url: hooks.url('/page') } },
          { key: 'stop', name: 'Stop', type: 'condition', config: { expression: 'true', on_true: '$end' } },
          { key: 'calm', name: 'Calm', type: 'webhook', config: { url: hooks.url('/calm') } },
        ],
      });
      const urgent = await finished((await start(pipeline.id, { urgent: true })).id);
      expect(urgent.stages.map((stage) => [stage.key, stage.status])).toEqual([
        ['probe', 'succeeded'],
        ['route', 'succeeded'],
        ['page', 'succeeded'],
        ['stop', 'succeeded'],
        ['calm', 'skipped'],
      ]);
      expect(stageOf(urgent, 'route').output).toEqual({ result: true, next: null });
      const calm = await finished((await start(pipeline.id, { urgent: false })).id);
      expect(calm.stages.map((stage) => stage.status)).toEqual(['succeeded', 'succeeded', 'skipped', 'skipped', 'succeeded']);
      expect(stageOf(calm, 'route').output).toEqual({ result: false, next: 'calm' });
    });

    it('delay: waits the given seconds in a due job, then goes on', async () => {
      const pipeline = await createPipeline({
        stages: [
          { key: 'wait', name: 'Wait', type: 'delay', config: { seconds: '{{input.seconds | 60}}' } },
          { key: 'after', name: 'After', type: 'webhook', config: { url: hooks.url('/after-delay') } },
        ],
      });
      const run = await start(pipeline.id, { seconds: 2 });
      const waiting = await waitingAt(run.id, 'wait');
      expect(stageOf(waiting, 'wait').output).toMatchObject({ seconds: 2, wake_at: expect.any(String) });
      expect(hooks.callsTo('/after-delay')).toHaveLength(0);
      const done = await finished(run.id);
      expect(done.status).toBe('succeeded');
      const waited = Date.parse(stageOf(done, 'wait').finished_at!) - Date.parse(stageOf(done, 'wait').started_at!);
      expect(waited).toBeGreaterThanOrEqual(1_900);
      expect(hooks.callsTo('/after-delay')).toHaveLength(1);
    });

    it('approval: opens a real approval on the task of the stage before and goes on when it is approved', async () => {
      const pipeline = await createPipeline({
        stages: [
          { key: 'draft', name: 'Draft', type: 'ai_task', config: { title: 'Draft' } },
          { key: 'ok', name: 'OK?', type: 'approval', config: { action_type: 'content.publish', payload: { title: '{{input.title}}' } } },
        ],
      });
      const run = await start(pipeline.id, { title: 'Launch post' });
      const taskId = stageOf(await waitingAt(run.id, 'draft'), 'draft').output!.task_id;
      await finishTask(taskId);
      const asked = await waitingAt(run.id, 'ok');
      const approvalId = stageOf(asked, 'ok').output!.approval_id;
      const approval = (await t.http.get(`/api/v1/approvals/${approvalId}`).set(t.admin).expect(200)).body;
      expect(approval).toMatchObject({ task_id: taskId, action_type: 'content.publish', status: 'pending', payload: { title: 'Launch post', pipeline_run_id: run.id, stage: 'ok' } });
      expect(approval.requested_by).toEqual({ type: 'system', id: run.id });
      await t.http.post(`/api/v1/approvals/${approvalId}/approve`).set(t.admin).send({ note: 'ship it' }).expect(200);
      const done = await finished(run.id);
      expect(done.status).toBe('succeeded');
      expect(stageOf(done, 'ok').output).toMatchObject({ approval_id: approvalId, decision: 'approved', note: 'ship it' });
    });

    it('approval: a rejection fails the run, or goes where on_rejected says', async () => {
      const failing = await createPipeline({
        stages: [
          { key: 'work', name: 'Work', type: 'ai_task', config: { title: 'Work', status: 'in_progress' } },
          { key: 'ok', name: 'OK?', type: 'approval', config: { action_type: 'merge' } },
        ],
      });
      const first = await start(failing.id);
      await finishTask(stageOf(await waitingAt(first.id, 'work'), 'work').output!.task_id);
      const approvalId = stageOf(await waitingAt(first.id, 'ok'), 'ok').output!.approval_id;
      await t.http.post(`/api/v1/approvals/${approvalId}/reject`).set(t.admin).send({ note: 'not like this' }).expect(200);
      const failed = await finished(first.id);
      expect(failed).toMatchObject({ status: 'failed', current_stage: 'ok', error: 'OK?: rejected: not like this' });
      expect(stageOf(failed, 'ok')).toMatchObject({ status: 'failed', output: { decision: 'rejected' } });

      const looping = await createPipeline({
        stages: [
          { key: 'work', name: 'Work', type: 'ai_task', config: { title: 'Work' } },
          { key: 'ok', name: 'OK?', type: 'approval', config: { action_type: 'merge', task: 'work', on_rejected: 'work' } },
        ],
      });
      const second = await start(looping.id);
      const firstTask = stageOf(await waitingAt(second.id, 'work'), 'work').output!.task_id;
      await finishTask(firstTask);
      const rejectMe = stageOf(await waitingAt(second.id, 'ok'), 'ok').output!.approval_id;
      await t.http.post(`/api/v1/approvals/${rejectMe}/reject`).set(t.admin).send({}).expect(200);
      const again = await runWhen(second.id, 'a second task', (run) => run.current_stage === 'work' && stageOf(run, 'work').output?.task_id !== undefined && stageOf(run, 'work').output?.task_id !== firstTask);
      expect(stageOf(again, 'ok').status).toBe('pending');
    });

    it('a stage whose last try fails leaves the run failed, with the error and the tries', async () => {
      hooks.script('/down', ...Array.from({ length: 10 }, () => ({ status: 503, body: { down: true } })));
      const pipeline = await createPipeline({ stages: [{ key: 'call', name: 'Call', type: 'webhook', config: { url: hooks.url('/down') } }] });
      const run = await start(pipeline.id);
      const retrying = await runWhen(run.id, 'a failed try', (current) => stageOf(current, 'call').error !== null);
      expect(retrying).toMatchObject({ status: 'running', finished_at: null });
      expect(stageOf(retrying, 'call')).toMatchObject({ status: 'running', attempts: 1, error: expect.stringContaining('answered 503') });
      // the retry that pg-boss would make last, made now
      await t.app.get(PipelineEngine).step({ run_id: run.id, step: 0 }, { jobId: 'last-try', attempt: 6, lastAttempt: true });
      const failed = await getRun(run.id);
      expect(failed).toMatchObject({ status: 'failed', error: expect.stringContaining('answered 503') });
      expect(stageOf(failed, 'call')).toMatchObject({ status: 'failed', attempts: 2, error: expect.stringContaining('answered 503') });
      const trail = (await t.http.get('/api/v1/activity').query({ target_id: run.id }).set(t.admin).expect(200)).body.items;
      expect(trail.map((entry: { action: string }) => entry.action)).toEqual(expect.arrayContaining(['pipeline.stage_attempt_failed', 'pipeline.stage_retried', 'pipeline.stage_failed', 'pipeline.run_failed']));
    });

    it('ai_task: a run whose task is deleted fails', async () => {
      const pipeline = await createPipeline({ stages: [{ key: 'work', name: 'Work', type: 'ai_task', config: { title: 'Soon gone' } }] });
      const run = await start(pipeline.id);
      const taskId = stageOf(await waitingAt(run.id, 'work'), 'work').output!.task_id;
      await t.http.delete(`/api/v1/tasks/${taskId}`).set(t.admin).expect(204);
      expect(await finished(run.id)).toMatchObject({ status: 'failed', error: 'Work: its task was deleted' });
    });

    it("approval: on the input's task when told so; with no task to ask about the stage fails", async () => {
      const pipeline = await createPipeline({ stages: [{ key: 'ok', name: 'OK?', type: 'approval', config: { action_type: 'deploy', task: 'input', on_rejected: '$end' } }] });
      const task = (await t.http.post('/api/v1/tasks').set(t.admin).send({ board_id: board.id, title: 'Deploy 1.2' }).expect(201)).body;
      const run = await start(pipeline.id, { task: { id: task.id } });
      const approvalId = stageOf(await waitingAt(run.id, 'ok'), 'ok').output!.approval_id;
      expect((await t.http.get(`/api/v1/approvals/${approvalId}`).set(t.admin).expect(200)).body.task_id).toBe(task.id);
      await t.http.post(`/api/v1/approvals/${approvalId}/reject`).set(t.admin).send({ note: 'not today' }).expect(200);
      const ended = await finished(run.id);
      expect(ended.status).toBe('succeeded');
      expect(stageOf(ended, 'ok').output).toMatchObject({ decision: 'rejected', note: 'not today' });

      const orphan = await finished((await start(pipeline.id, {})).id);
      expect(orphan).toMatchObject({ status: 'failed', error: expect.stringContaining('no task to ask about') });
    });

    it('ai_task with send_to_agent: the task goes to the agent through its gateway, once', async () => {
      const minted = await t.http.post('/api/v1/gateway-registry/tokens').set(t.admin).send({ organization_id: org.id }).expect(201);
      const gateway = (await t.http.post('/api/v1/gateway-registry/register').send({ registration_token: minted.body.registration_token, name: `gw-${randomUUID().slice(0, 6)}` }).expect(201)).body;
      const relay = await ScriptedRelay.connect(gateway.relay_ws_url, gateway.relay_token, (method, params) => {
        if (method !== 'chat.send') return {};
        setTimeout(() => relay.chatEvent(chatEvent(String(params.idempotencyKey), 'final', 'on it')), 10);
        return { runId: `gw-run-${params.idempotencyKey as string}`, status: 'started' };
      });
      try {
        const worker = await createAgent(t, org.id, { gateway_id: gateway.gateway_id, openclaw_agent_id: 'coder', board_id: board.id });
        const pipeline = await createPipeline({
          stages: [{ key: 'code', name: 'Code', type: 'ai_task', config: { title: 'Write {{input.feature}}', description: 'Tests first.', agent_id: '{{input.agent_id}}', send_to_agent: true } }],
        });
        const run = await start(pipeline.id, { feature: 'search', agent_id: worker.id });
        const waiting = await waitingAt(run.id, 'code');
        const output = stageOf(waiting, 'code').output!;
        expect(output).toMatchObject({ agent_id: worker.id, message: { sent: true, session_key: `agent:coder:mc-pipeline-${run.id}` } });
        const sends = relay.calls.filter((call) => call.method === 'chat.send');
        expect(sends).toHaveLength(1);
        expect(sends[0].params).toMatchObject({ sessionKey: `agent:coder:mc-pipeline-${run.id}`, message: expect.stringContaining('Write search') });
        expect(sends[0].params.message).toContain(output.task_id);
        await finishTask(output.task_id);
        expect((await finished(run.id)).status).toBe('succeeded');
      } finally {
        relay.close();
      }
    });
  });

  describe('routes', () => {
    it('creates, reads, lists with filters and pages, updates and deletes pipelines', async () => {
      const other = await createBoard(t, org.id);
      const created = await createPipeline({
        name: 'Nightly report',
        description: 'sends the report',
        board_id: other.id,
        trigger: { type: 'schedule', cron: '0 2 * * *', timezone: 'Europe/Berlin' },
        stages: [{ key: 'send', name: 'Send', type: 'webhook', config: { url: hooks.url('/report') } }],
      });
      expect(created).toMatchObject({
        id: expect.any(String),
        organization_id: org.id,
        board_id: other.id,
        name: 'Nightly report',
        description: 'sends the report',
        trigger: { type: 'schedule', cron: '0 2 * * *', timezone: 'Europe/Berlin' },
        stages: [{ key: 'send', name: 'Send', type: 'webhook', config: { url: hooks.url('/report') } }],
        enabled: true,
        template: null,
      });
      expect((await t.http.get(`/api/v1/pipelines/${created.id}`).set(t.admin).expect(200)).body).toEqual(created);

      const page = await t.http.get('/api/v1/pipelines').query({ organization_id: org.id, board_id: other.id, trigger_type: 'schedule', enabled: 'true', limit: 1 }).set(t.admin).expect(200);
      expect(page.body).toEqual({ items: [created], total: 1, page: 1, size: 1 });
      expect(page.headers).toMatchObject({ 'x-total-count': '1', 'x-limit': '1', 'x-offset': '0' });
      expect((await t.http.get('/api/v1/pipelines').query({ board_id: other.id, enabled: 'false' }).set(t.admin).expect(200)).body.total).toBe(0);

      const updated = (await t.http.patch(`/api/v1/pipelines/${created.id}`).set(t.admin).send({ name: 'Nightly', enabled: false, trigger: { type: 'manual' } }).expect(200)).body;
      expect(updated).toMatchObject({ name: 'Nightly', enabled: false, trigger: { type: 'manual' }, stages: created.stages });
      await t.http.post(`/api/v1/pipelines/${created.id}/run`).set(t.admin).send({}).expect(409);

      await t.http.delete(`/api/v1/pipelines/${created.id}`).set(t.admin).expect(204);
      await t.http.get(`/api/v1/pipelines/${created.id}`).set(t.admin).expect(404);
      const trail = (await t.http.get('/api/v1/activity').query({ target_id: created.id }).set(t.admin).expect(200)).body.items;
      expect(trail.map((entry: { action: string }) => entry.action).sort()).toEqual(['pipeline.created', 'pipeline.deleted', 'pipeline.updated']);
    });

    it("lists a pipeline's runs with a status filter; a pipeline with a run under way cannot be deleted", async () => {
      const pipeline = await createPipeline({ stages: [{ key: 'hold', name: 'Hold', type: 'manual', config: {} }] });
      const first = await start(pipeline.id);
      const second = await start(pipeline.id);
      await waitingAt(first.id, 'hold');
      await t.http.post(`/api/v1/pipeline-runs/${first.id}/advance`).set(t.admin).send({}).expect(200);
      const all = await t.http.get(`/api/v1/pipelines/${pipeline.id}/runs`).query({ order: 'asc' }).set(t.admin).expect(200);
      expect(all.body).toMatchObject({ total: 2, page: 1, size: 20 });
      expect(all.body.items.map((run: Run) => run.id)).toEqual([first.id, second.id]);
      expect(all.headers['x-total-count']).toBe('2');
      const succeeded = (await t.http.get(`/api/v1/pipelines/${pipeline.id}/runs`).query({ status: 'succeeded' }).set(t.admin).expect(200)).body;
      expect(succeeded.items.map((run: Run) => run.id)).toEqual([first.id]);
      await t.http.get(`/api/v1/pipelines/${pipeline.id}/runs`).query({ status: 'sleeping' }).set(t.admin).expect(422);

      await t.http.delete(`/api/v1/pipelines/${pipeline.id}`).set(t.admin).expect(409);
      await t.http.post(`/api/v1/pipeline-runs/${second.id}/cancel`).set(t.admin).expect(200);
      await t.http.delete(`/api/v1/pipelines/${pipeline.id}`).set(t.admin).expect(204);
      await t.http.get(`/api/v1/pipeline-runs/${first.id}`).set(t.admin).expect(404);
    });

    it('lists the built-in templates, paged, and creates a pipeline from one', async () => {
      const templates = await t.http.get('/api/v1/pipeline-templates').set(t.admin).expect(200);
      expect(templates.body.total).toBeGreaterThanOrEqual(5);
      expect(templates.body.items.map((template: { key: string }) => template.key)).toEqual(
        expect.arrayContaining(['code_review', 'release', 'onboarding', 'incident', 'content_approval']),
      );
      const second = await t.http.get('/api/v1/pipeline-templates').query({ limit: 1, offset: 1 }).set(t.admin).expect(200);
      expect(second.body).toMatchObject({ total: templates.body.total, page: 2, size: 1, items: [templates.body.items[1]] });

      const fromTemplate = (await t.http.post('/api/v1/pipelines').set(t.admin).send({ template: 'release', organization_id: org.id, board_id: board.id }).expect(201)).body;
      const release = templates.body.items.find((template: { key: string }) => template.key === 'release');
      expect(fromTemplate).toMatchObject({ name: release.name, description: release.description, template: 'release', stages: release.stages, trigger: { type: 'manual' } });
      const renamed = (await t.http.post('/api/v1/pipelines').set(t.admin).send({ template: 'incident', organization_id: org.id, board_id: board.id, name: 'Pager', enabled: false }).expect(201)).body;
      expect(renamed).toMatchObject({ name: 'Pager', enabled: false, template: 'incident' });
    });

    it('refuses a bad definition with 422 naming the field', async () => {
      const fieldsOf = async (body: Record<string, unknown>) => {
        const response = await t.http.post('/api/v1/pipelines').set(t.admin).send({ organization_id: org.id, board_id: board.id, name: 'bad', ...body }).expect(422);
        expect(response.body.detail).toEqual(expect.any(String));
        return (response.body.errors as Array<{ field: string }>).map((error) => error.field);
      };
      const manual = (config: Record<string, unknown> = {}) => ({ key: 'm', name: 'M', type: 'manual', config });
      expect(await fieldsOf({ stages: [{ key: 'x', name: 'X', type: 'teleport', config: {} }] })).toEqual(['stages.0.type']);
      expect(await fieldsOf({ stages: [{ key: 'Bad Key', name: 'X', type: 'manual', config: {} }] })).toEqual(['stages.0.key']);
      expect(await fieldsOf({ stages: [{ key: 'a', name: 'A', type: 'ai_task', config: { priority: 'whenever' } }] })).toEqual(['stages.0.config.title', 'stages.0.config.priority']);
      expect(await fieldsOf({ stages: [manual({ colour: 'red' })] })).toEqual(['stages.0.config.colour']);
      expect(await fieldsOf({ stages: [{ key: 'w', name: 'W', type: 'webhook', config: { url: 'https://not-allowed.example.com/x' } }] })).toEqual(['stages.0.config.url']);
      expect(await fieldsOf({ stages: [manual(), { key: 'c', name: 'C', type: 'condition', config: { expression: 'process.exit(1)' } }] })).toEqual(['stages.1.config.expression']);
      expect(await fieldsOf({ stages: [manual(), { key: 'c', name: 'C', type: 'condition', config: { expression: 'true', on_true: 'nowhere' } }] })).toEqual(['stages.1.config.on_true']);
      expect(await fieldsOf({ stages: [{ key: 'd', name: 'D', type: 'delay', config: { seconds: 0 } }] })).toEqual(['stages.0.config.seconds']);
      expect(await fieldsOf({ stages: [{ key: 'a', name: 'A', type: 'approval', config: { action_type: 'ok', task: 'later' } }] })).toEqual(['stages.0.config.task']);
      expect(await fieldsOf({ board_id: null, stages: [{ key: 'a', name: 'A', type: 'ai_task', config: { title: 'x' } }] })).toEqual(['board_id']);
      expect(await fieldsOf({ stages: [{ key: 'a', name: 'A', type: 'ai_task', config: { title: 'x', agent_id: randomUUID() } }] })).toEqual(['stages.0.config.agent_id']);
      expect(await fieldsOf({ stages: [manual(), manual()] })).toEqual(['stages.1.key']);
      expect(await fieldsOf({ stages: [] })).toEqual(['stages']);
      expect(await fieldsOf({ trigger: { type: 'event', event: 'task.exploded' }, stages: [manual()] })).toEqual(['trigger.event']);
      expect(await fieldsOf({ trigger: { type: 'schedule', cron: 'every day' }, stages: [manual()] })).toEqual(['trigger.cron']);
      expect(await fieldsOf({ trigger: { type: 'schedule', cron: '0 9 * * *', timezone: 'Moon/Base' }, stages: [manual()] })).toEqual(['trigger.timezone']);
      expect(await fieldsOf({ trigger: { type: 'hourly' }, stages: [manual()] })).toEqual(['trigger.type']);
      expect(await fieldsOf({ template: 'coffee', name: undefined })).toEqual(['template']);
      expect(await fieldsOf({ template: 'release', stages: [manual()] })).toEqual(['stages']);
      expect(await fieldsOf({ name: undefined, stages: [manual()] })).toEqual(['name']);

      const pipeline = await createPipeline({ stages: [{ key: 'a', name: 'A', type: 'ai_task', config: { title: 'x' } }] });
      const patch = await t.http.patch(`/api/v1/pipelines/${pipeline.id}`).set(t.admin).send({ board_id: null }).expect(422);
      expect(patch.body.errors.map((error: { field: string }) => error.field)).toEqual(['board_id']);
      await t.http.post(`/api/v1/pipelines/${pipeline.id}/run`).set(t.admin).send({ input: 'text' }).expect(422);
    });

    it('keeps an organisation-bound admin to its own organisation', async () => {
      const otherOrg = await createOrganization(t);
      const stranger = await organizationAdmin(t, otherOrg.id);
      const pipeline = await createPipeline({ stages: [{ key: 'hold', name: 'Hold', type: 'manual', config: {} }] });
      const run = await start(pipeline.id);
      const own = (await t.http.get('/api/v1/pipelines').set(stranger.headers).expect(200)).body;
      expect(own.items).toEqual([]);
      await t.http.get('/api/v1/pipelines').query({ organization_id: org.id }).set(stranger.headers).expect(403);
      await t.http.get(`/api/v1/pipelines/${pipeline.id}`).set(stranger.headers).expect(403);
      await t.http.post(`/api/v1/pipelines/${pipeline.id}/run`).set(stranger.headers).send({}).expect(403);
      await t.http.get(`/api/v1/pipeline-runs/${run.id}`).set(stranger.headers).expect(403);
      await t.http.post(`/api/v1/pipeline-runs/${run.id}/cancel`).set(stranger.headers).expect(403);
      await t.http.post('/api/v1/pipelines').set(stranger.headers).send({ organization_id: org.id, name: 'x', stages: [{ key: 'm', name: 'M', type: 'manual', config: {} }] }).expect(403);
      await t.http.get(`/api/v1/pipeline-runs/${randomUUID()}`).set(t.admin).expect(404);
      await t.http.get('/api/v1/pipeline-runs/not-a-uuid').set(t.admin).expect(422);
    });
  });

  describe('cancel', () => {
    it('stops a run waiting for its task and deletes that task; a second cancel is a 409', async () => {
      const pipeline = await createPipeline({
        stages: [
          { key: 'work', name: 'Work', type: 'ai_task', config: { title: 'Doomed', agent_id: agent.id } },
          { key: 'after', name: 'After', type: 'webhook', config: { url: hooks.url('/never') } },
        ],
      });
      const run = await start(pipeline.id);
      const taskId = stageOf(await waitingAt(run.id, 'work'), 'work').output!.task_id;
      const cancelled = (await t.http.post(`/api/v1/pipeline-runs/${run.id}/cancel`).set(t.admin).expect(200)).body as Run;
      expect(cancelled).toMatchObject({ status: 'cancelled', current_stage: 'work', finished_at: expect.any(String) });
      expect(cancelled.stages.map((stage) => stage.status)).toEqual(['cancelled', 'skipped']);
      await waitFor('the task to be deleted', async () => ((await t.http.get(`/api/v1/tasks/${taskId}`).set(t.admin)).status === 404 ? true : undefined));
      await t.http.post(`/api/v1/pipeline-runs/${run.id}/cancel`).set(t.admin).expect(409);
      await t.http.post(`/api/v1/pipeline-runs/${run.id}/advance`).set(t.admin).send({}).expect(409);
      const events = await t.dataSource.query(`SELECT payload->>'status' AS status FROM outbox_events WHERE name = 'pipeline.run_finished' AND payload->>'run_id' = $1`, [run.id]);
      expect(events).toEqual([{ status: 'cancelled' }]);
      const deletions = await t.dataSource.query(`SELECT count(*)::int AS n FROM outbox_events WHERE name = 'task.deleted' AND payload->'task'->>'id' = $1`, [taskId]);
      expect(deletions).toEqual([{ n: 1 }]);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(hooks.callsTo('/never')).toHaveLength(0);
    });

    it('stops a run waiting for a decision: its approval is cancelled and can no longer be decided', async () => {
      const pipeline = await createPipeline({
        stages: [
          { key: 'work', name: 'Work', type: 'ai_task', config: { title: 'Kept' } },
          { key: 'ok', name: 'OK?', type: 'approval', config: { action_type: 'release' } },
        ],
      });
      const run = await start(pipeline.id);
      const taskId = stageOf(await waitingAt(run.id, 'work'), 'work').output!.task_id;
      await finishTask(taskId);
      const approvalId = stageOf(await waitingAt(run.id, 'ok'), 'ok').output!.approval_id;
      await t.http.post(`/api/v1/pipeline-runs/${run.id}/cancel`).set(t.admin).expect(200);
      const approval = await waitFor('the approval to be cancelled', async () => {
        const found = (await t.http.get(`/api/v1/approvals/${approvalId}`).set(t.admin).expect(200)).body;
        return found.status === 'cancelled' ? found : undefined;
      });
      expect(approval).toMatchObject({ decided_by: { type: 'system', id: run.id }, decision_note: expect.stringContaining(run.id) });
      await t.http.post(`/api/v1/approvals/${approvalId}/approve`).set(t.admin).send({}).expect(409);
      // the done task of the earlier stage stays
      await t.http.get(`/api/v1/tasks/${taskId}`).set(t.admin).expect(200);
      const listed = (await t.http.get('/api/v1/approvals').query({ status: 'cancelled', task_id: taskId }).set(t.admin).expect(200)).body;
      expect(listed.items.map((item: { id: string }) => item.id)).toEqual([approvalId]);
      const trail = (await t.http.get('/api/v1/activity').query({ target_id: approvalId }).set(t.admin).expect(200)).body.items;
      expect(trail.map((entry: { action: string }) => entry.action)).toContain('approval.cancelled');
    });

    it('stops a run in a delay: the delay ends without going on', async () => {
      const pipeline = await createPipeline({
        stages: [
          { key: 'wait', name: 'Wait', type: 'delay', config: { seconds: 1 } },
          { key: 'after', name: 'After', type: 'webhook', config: { url: hooks.url('/after-cancelled-delay') } },
        ],
      });
      const run = await start(pipeline.id);
      await waitingAt(run.id, 'wait');
      await t.http.post(`/api/v1/pipeline-runs/${run.id}/cancel`).set(t.admin).expect(200);
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect((await getRun(run.id)).status).toBe('cancelled');
      expect(hooks.callsTo('/after-cancelled-delay')).toHaveLength(0);
    });
  });

  describe('triggers', () => {
    it('a domain event starts a run with its payload as input, once per event; what pipelines do themselves starts nothing', async () => {
      const eventBoard = await createBoard(t, org.id);
      const pipeline = await createPipeline({
        board_id: eventBoard.id,
        trigger: { type: 'event', event: 'task.created' },
        stages: [{ key: 'follow', name: 'Follow up', type: 'ai_task', config: { title: 'Follow up on {{input.task.title}}' } }],
      });
      const task = (await t.http.post('/api/v1/tasks').set(t.admin).send({ board_id: eventBoard.id, title: 'Customer call' }).expect(201)).body;
      await t.http.post('/api/v1/tasks').set(t.admin).send({ board_id: board.id, title: 'Another board' }).expect(201);
      const runs = await waitFor('the triggered run', async () => {
        const page = (await t.http.get(`/api/v1/pipelines/${pipeline.id}/runs`).set(t.admin).expect(200)).body;
        return page.total > 0 ? (page.items as Run[]) : undefined;
      });
      expect(runs[0]).toMatchObject({ trigger: { type: 'event', event: 'task.created', event_id: expect.any(String) }, input: { task: { id: task.id, title: 'Customer call' }, actor: { type: 'admin' } } });
      const waiting = await waitingAt(runs[0].id, 'follow');
      expect((await t.http.get(`/api/v1/tasks/${stageOf(waiting, 'follow').output!.task_id}`).set(t.admin).expect(200)).body.title).toBe('Follow up on Customer call');
      // the follow-up task the run created is a task.created too, by the system acting for the run: no second run
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect((await t.http.get(`/api/v1/pipelines/${pipeline.id}/runs`).set(t.admin).expect(200)).body.total).toBe(1);
    });

    it('a finished run can start another pipeline (pipeline.run_finished), never the same one', async () => {
      const first = await createPipeline({ stages: [{ key: 'go', name: 'Go', type: 'condition', config: { expression: 'true' } }] });
      const chained = await createPipeline({
        trigger: { type: 'event', event: 'pipeline.run_finished' },
        stages: [{ key: 'note', name: 'Note', type: 'webhook', config: { url: hooks.url('/chained'), body: { after: '{{input.pipeline_name}}', status: '{{input.status}}' } } }],
      });
      const run = await start(first.id);
      await finished(run.id);
      await waitFor('the chained call', () => (hooks.callsTo('/chained').some((call) => (call.body as { after: string }).after === first.name) ? true : undefined));
      await t.http.patch(`/api/v1/pipelines/${chained.id}`).set(t.admin).send({ enabled: false }).expect(200);
      const chainedRuns = (await t.http.get(`/api/v1/pipelines/${chained.id}/runs`).set(t.admin).expect(200)).body.items as Run[];
      const fromFirst = chainedRuns.filter((candidate) => candidate.input.run_id === run.id);
      expect(fromFirst).toHaveLength(1);
      expect(fromFirst[0]).toMatchObject({ trigger: { type: 'event', event: 'pipeline.run_finished' }, input: { pipeline_id: first.id, status: 'succeeded' } });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      // its own end started nothing more
      expect(chainedRuns.every((candidate) => candidate.input.pipeline_id !== chained.id)).toBe(true);
    });

    it('a schedule starts a run once per firing of its cron expression, in its time zone', async () => {
      const pipeline = await createPipeline({
        trigger: { type: 'schedule', cron: '0 9 * * *', timezone: 'America/New_York' },
        stages: [{ key: 'hold', name: 'Hold', type: 'manual', config: {} }],
      });
      await t.dataSource.query(`UPDATE pipelines SET updated_at = '2026-03-01T00:00:00Z' WHERE id = $1`, [pipeline.id]);
      const triggers = t.app.get(PipelineTriggers);
      // 09:00 in New York is 14:00 UTC before the DST change and 13:00 UTC after it
      expect(await triggers.fireDue(new Date('2026-03-07T13:59:30Z'))).toBe(0);
      expect(await triggers.fireDue(new Date('2026-03-07T14:00:20Z'))).toBe(1);
      expect(await triggers.fireDue(new Date('2026-03-07T14:01:05Z'))).toBe(0);
      expect(await triggers.fireDue(new Date('2026-03-09T13:00:10Z'))).toBe(1);
      expect(await triggers.fireDue(new Date('2026-03-09T13:00:50Z'))).toBe(0);
      const runs = (await t.http.get(`/api/v1/pipelines/${pipeline.id}/runs`).query({ order: 'asc' }).set(t.admin).expect(200)).body.items as Run[];
      expect(runs.map((run) => run.trigger)).toEqual([
        { type: 'schedule', fired_at: '2026-03-07T14:00:00.000Z' },
        { type: 'schedule', fired_at: '2026-03-09T13:00:00.000Z' },
      ]);
      await t.http.patch(`/api/v1/pipelines/${pipeline.id}`).set(t.admin).send({ enabled: false }).expect(200);
    });
  });

  describe('built-in templates', () => {
    /** Does what each waiting stage waits for (finishes the task, approves, advances) until the run ends. */
    async function drive(runId: string): Promise<Run> {
      const acted = new Set<string>();
      for (;;) {
        const run = await getRun(runId);
        if (run.finished_at) return run;
        const stage = run.current_stage ? stageOf(run, run.current_stage) : undefined;
        const token = `${stage?.key}:${stage?.output?.task_id ?? stage?.output?.approval_id ?? stage?.started_at}`;
        if (stage?.status === 'waiting' && !acted.has(token)) {
          acted.add(token);
          if (stage.type === 'ai_task') await finishTask(stage.output!.task_id);
          if (stage.type === 'approval') await t.http.post(`/api/v1/approvals/${stage.output!.approval_id}/approve`).set(t.admin).send({}).expect(200);
          if (stage.type === 'manual') await t.http.post(`/api/v1/pipeline-runs/${run.id}/advance`).set(t.admin).send({ output: { by: 'test' } }).expect(200);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }

    const inputs: Record<string, () => Record<string, unknown>> = {
      code_review: () => ({ title: 'Fix the login redirect', agent_id: agent.id, reviewer_id: agent.id }),
      release: () => ({ version: '2.4.0', agent_id: agent.id, deploy_hook_url: hooks.url('/deploy') }),
      onboarding: () => ({ name: 'Ada', agent_id: agent.id, check_in_after_seconds: 1 }),
      incident: () => ({ title: 'Checkout errors', severity: 'sev1', agent_id: agent.id, observe_seconds: 1 }),
      content_approval: () => ({}),
    };

    it.each(Object.keys(inputs))('%s runs to the end as shipped', async (key) => {
      const pipeline = (await t.http.post('/api/v1/pipelines').set(t.admin).send({ template: key, organization_id: org.id, board_id: board.id }).expect(201)).body;
      const run = await start(pipeline.id, inputs[key]());
      const done = await drive(run.id);
      expect(done).toMatchObject({ status: 'succeeded', error: null });
      expect(done.stages.every((stage) => stage.status === 'succeeded')).toBe(true);
      for (const stage of done.stages.filter((candidate) => candidate.type === 'ai_task')) {
        const task = (await t.http.get(`/api/v1/tasks/${stage.output!.task_id}`).set(t.admin).expect(200)).body;
        expect(task.status).toBe('done');
        expect(task.title).not.toContain('{{');
        expect(stage.output!.message).toEqual(key === 'content_approval' ? null : { sent: false, reason: 'the agent has no gateway' });
      }
      if (key === 'release') expect(hooks.callsTo('/deploy').map((call) => call.body)).toEqual([{ version: '2.4.0', run_id: run.id, notes_task_id: stageOf(done, 'notes').output!.task_id }]);
    });
  });

  describe('the schedule tick (last: it waits for the minute)', () => {
    it("a schedule's runs are started by the job engine's own minute tick", async () => {
      const run = await waitFor(
        'a run on the minute',
        async () => ((await t.http.get(`/api/v1/pipelines/${everyMinute.id}/runs`).set(t.admin).expect(200)).body.items as Run[])[0],
        90_000,
      );
      await t.http.patch(`/api/v1/pipelines/${everyMinute.id}`).set(t.admin).send({ enabled: false }).expect(200);
      expect(run.trigger).toEqual({ type: 'schedule', fired_at: expect.stringMatching(/:00\.000Z$/) });
      const done = await finished(run.id);
      expect(done.status).toBe('succeeded');
      expect(hooks.callsTo('/every-minute').map((call) => call.body)).toContainEqual({ fired_at: run.trigger.fired_at });
    }, 100_000);
  });
});
