import { randomUUID } from 'node:crypto';
import { createAgent, createBoard, createOrganization, organizationAdmin } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('Metrics /api/v1/metrics', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('reports status counts, per-day series, cycle time, pending approvals and agent load', async () => {
    const org = await createOrganization(t);
    const board = await createBoard(t, org.id);
    const busy = await createAgent(t, org.id, { name: 'busy' });
    const idle = await createAgent(t, org.id, { name: 'idle' });
    const task = async (extra: Record<string, unknown>) =>
      (await t.http.post('/api/v1/tasks').set(t.admin).send({ board_id: board.id, title: `t-${randomUUID().slice(0, 6)}`, ...extra }).expect(201)).body;

    await task({ status: 'todo', assignee_id: busy.id });
    await task({ status: 'in_progress', assignee_id: busy.id });
    await task({ status: 'inbox' });
    const finished = [await task({ status: 'in_progress', assignee_id: idle.id }), await task({ status: 'in_progress' })];
    for (const done of finished) await t.http.patch(`/api/v1/tasks/${done.id}`).set(t.admin).send({ status: 'done' }).expect(200);
    // give the finished tasks known cycle times: 2 h and 4 h
    await t.dataSource.query("UPDATE tasks SET started_at = completed_at - interval '2 hours' WHERE id = $1", [finished[0].id]);
    await t.dataSource.query("UPDATE tasks SET started_at = completed_at - interval '4 hours' WHERE id = $1", [finished[1].id]);
    await t.http.post('/api/v1/approvals').set(t.admin).send({ task_id: finished[0].id, action_type: 'check' }).expect(201);

    const metrics = await t.http.get(`/api/v1/metrics/boards/${board.id}`).query({ days: 7 }).set(t.admin).expect(200);
    expect(metrics.body).toMatchObject({
      scope: 'board',
      id: board.id,
      window_days: 7,
      tasks_by_status: { inbox: 1, todo: 1, in_progress: 1, review: 0, done: 2 },
      pending_approvals: 1,
      cycle_time: { count: 2, average_hours: 3, median_hours: 3, p90_hours: 3.8 },
    });
    expect(metrics.body.created_per_day).toHaveLength(7);
    const today = new Date().toISOString().slice(0, 10);
    expect(metrics.body.created_per_day[6]).toEqual({ date: today, count: 5 });
    expect(metrics.body.done_per_day[6]).toEqual({ date: today, count: 2 });
    expect(metrics.body.created_per_day.slice(0, 6).every((d: { count: number }) => d.count === 0)).toBe(true);
    expect(metrics.body.agent_load).toEqual([
      { agent_id: busy.id, name: 'busy', open_tasks: 2, in_progress: 1 },
      { agent_id: idle.id, name: 'idle', open_tasks: 0, in_progress: 0 },
    ]);

    const whole = await t.http.get(`/api/v1/metrics/organizations/${org.id}`).set(t.admin).expect(200);
    expect(whole.body).toMatchObject({ scope: 'organization', window_days: 30, tasks_by_status: { done: 2 } });
    expect(whole.body.created_per_day).toHaveLength(30);
  });

  it('answers an empty board with zeros, and validates the window', async () => {
    const org = await createOrganization(t);
    const board = await createBoard(t, org.id);
    const empty = await t.http.get(`/api/v1/metrics/boards/${board.id}`).set(t.admin).expect(200);
    expect(empty.body).toMatchObject({
      tasks_by_status: { inbox: 0, todo: 0, in_progress: 0, review: 0, done: 0 },
      cycle_time: { count: 0, average_hours: null, median_hours: null, p90_hours: null },
      pending_approvals: 0,
      agent_load: [],
    });
    await t.http.get(`/api/v1/metrics/boards/${board.id}`).query({ days: 0 }).set(t.admin).expect(422);
    await t.http.get(`/api/v1/metrics/boards/${board.id}`).query({ days: 400 }).set(t.admin).expect(422);
    await t.http.get(`/api/v1/metrics/boards/${randomUUID()}`).set(t.admin).expect(404);
    const outsider = await organizationAdmin(t, (await createOrganization(t)).id);
    await t.http.get(`/api/v1/metrics/boards/${board.id}`).set(outsider.headers).expect(403);
    await t.http.get(`/api/v1/metrics/organizations/${org.id}`).set(outsider.headers).expect(403);
  });
});
