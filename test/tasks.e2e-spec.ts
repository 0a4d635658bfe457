import { randomUUID } from 'node:crypto';
import { createAgent, createBoard, createOrganization, organizationAdmin } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('Tasks /api/v1/tasks and approvals /api/v1/approvals', () => {
  let t: TestApp;
  let org: { id: string };

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t);
  });
  afterAll(() => t.close());

  const createTask = async (boardId: string, extra: Record<string, unknown> = {}) =>
    (await t.http.post('/api/v1/tasks').set(t.admin).send({ board_id: boardId, title: `task ${randomUUID().slice(0, 6)}`, ...extra }).expect(201)).body;
  const move = (id: string, status: string) => t.http.patch(`/api/v1/tasks/${id}`).set(t.admin).send({ status });

  it('creates a task with defaults, reads, updates and deletes it, auditing each write', async () => {
    const board = await createBoard(t, org.id);
    const agent = await createAgent(t, org.id);
    const created = await t.http
      .post('/api/v1/tasks')
      .set(t.admin)
      .send({ board_id: board.id, title: 'Write release notes', assignee_id: agent.id, due_at: '2026-12-01T09:00:00+08:00' })
      .expect(201);
    expect(created.body).toMatchObject({
      board_id: board.id,
      organization_id: org.id,
      title: 'Write release notes',
      status: 'inbox',
      priority: 'medium',
      assignee_id: agent.id,
      due_at: '2026-12-01T01:00:00.000Z',
      depends_on: [],
      started_at: null,
      completed_at: null,
      created_by: { type: 'admin', id: expect.any(String) },
    });
    const id = created.body.id;
    expect((await t.http.get(`/api/v1/tasks/${id}`).set(t.admin).expect(200)).body).toEqual(created.body);

    const started = await move(id, 'in_progress').expect(200);
    expect(started.body.started_at).not.toBeNull();
    const done = await move(id, 'done').expect(200);
    expect(done.body.completed_at).not.toBeNull();
    const reopened = await t.http.patch(`/api/v1/tasks/${id}`).set(t.admin).send({ status: 'todo', assignee_id: null, priority: 'urgent' }).expect(200);
    expect(reopened.body).toMatchObject({ status: 'todo', completed_at: null, assignee_id: null, priority: 'urgent', started_at: started.body.started_at });

    await t.http.delete(`/api/v1/tasks/${id}`).set(t.admin).expect(204);
    await t.http.get(`/api/v1/tasks/${id}`).set(t.admin).expect(404, { detail: 'Task not found' });
    const trail = await t.dataSource.query('SELECT action, changes FROM activity_entries WHERE target_id = $1 ORDER BY created_at', [id]);
    expect(trail.map((r: { action: string }) => r.action)).toEqual(['task.created', 'task.moved', 'task.moved', 'task.moved', 'task.deleted']);
    expect(trail[1].changes.status).toEqual({ from: 'inbox', to: 'in_progress' });
  });

  it('lists each task with its dependencies and tags, as the task itself answers them', async () => {
    const board = await createBoard(t, org.id);
    const design = await createTask(board.id, { title: 'Design', tags: ['ux', 'Backend'] });
    const spec = await createTask(board.id, { title: 'Spec' });
    const build = await createTask(board.id, { title: 'Build', depends_on: [design.id, spec.id], tags: ['backend-2'] });
    const listed = await t.http.get('/api/v1/tasks').query({ board_id: board.id }).set(t.admin).expect(200);
    expect(listed.body.total).toBe(3);
    for (const item of listed.body.items) {
      expect(item).toEqual((await t.http.get(`/api/v1/tasks/${item.id}`).set(t.admin).expect(200)).body);
    }
    const byId = new Map(listed.body.items.map((item: { id: string }) => [item.id, item]));
    expect(byId.get(build.id)).toMatchObject({ depends_on: expect.arrayContaining([design.id, spec.id]) });
    expect((byId.get(design.id) as { tags: Array<{ name: string }> }).tags.map((tag) => tag.name)).toEqual(['Backend', 'ux']);
    expect(byId.get(spec.id)).toMatchObject({ depends_on: [], tags: [] });
  });

  it('lists with filters, text search and sorting', async () => {
    const board = await createBoard(t, org.id);
    const agent = await createAgent(t, org.id);
    await createTask(board.id, { title: 'Alpha deploy', priority: 'high', assignee_id: agent.id });
    await createTask(board.id, { title: 'Beta docs', status: 'todo', description: 'mentions DEPLOY too' });
    await createTask(board.id, { title: 'Gamma', status: 'todo' });

    const all = await t.http.get('/api/v1/tasks').query({ board_id: board.id, sort: 'title', order: 'asc' }).set(t.admin).expect(200);
    expect(all.body.items.map((x: { title: string }) => x.title)).toEqual(['Alpha deploy', 'Beta docs', 'Gamma']);
    expect(all.headers['x-total-count']).toBe('3');
    const count = async (query: Record<string, string>) =>
      (await t.http.get('/api/v1/tasks').query({ board_id: board.id, ...query }).set(t.admin).expect(200)).body.total;
    expect(await count({ status: 'todo' })).toBe(2);
    expect(await count({ priority: 'high' })).toBe(1);
    expect(await count({ assignee_id: agent.id })).toBe(1);
    expect(await count({ q: 'deploy' })).toBe(2);
    await t.http.get('/api/v1/tasks').query({ status: 'blocked' }).set(t.admin).expect(422);
  });

  it('validates what a task names: its board, its assignee, its dependencies', async () => {
    const board = await createBoard(t, org.id);
    const other = await createOrganization(t);
    const foreignAgent = await createAgent(t, other.id);
    const elsewhere = await createTask((await createBoard(t, org.id)).id);

    const field = async (body: Record<string, unknown>) =>
      (await t.http.post('/api/v1/tasks').set(t.admin).send({ board_id: board.id, title: 'x', ...body }).expect(422)).body.errors[0].field;
    expect(await field({ board_id: randomUUID() })).toBe('board_id');
    expect(await field({ assignee_id: foreignAgent.id })).toBe('assignee_id');
    expect(await field({ depends_on: [elsewhere.id] })).toBe('depends_on');
    expect(await field({ depends_on: ['nope'] })).toBe('depends_on');
    expect(await field({ status: 'blocked' })).toBe('status');
    expect(await field({ title: '' })).toBe('title');
    expect(await field({ due_at: 'tomorrow' })).toBe('due_at');
  });

  it('holds in_progress and done until the dependencies are done, and refuses cycles', async () => {
    const board = await createBoard(t, org.id);
    const design = await createTask(board.id, { title: 'Design API', status: 'todo' });
    const build = await createTask(board.id, { title: 'Build API', status: 'todo', depends_on: [design.id] });
    expect(build.depends_on).toEqual([design.id]);

    const blocked = await move(build.id, 'in_progress').expect(409);
    expect(blocked.body.detail).toBe('Cannot move to in_progress: waiting for "Design API" to be done');
    await move(build.id, 'done').expect(409);
    await move(build.id, 'review').expect(200);
    await t.http.post('/api/v1/tasks').set(t.admin).send({ board_id: board.id, title: 'early', status: 'in_progress', depends_on: [design.id] }).expect(409);

    const cycle = await t.http.patch(`/api/v1/tasks/${design.id}`).set(t.admin).send({ depends_on: [build.id] }).expect(409);
    expect(cycle.body.detail).toMatch(/cycle/);
    await t.http.patch(`/api/v1/tasks/${design.id}`).set(t.admin).send({ depends_on: [design.id] }).expect(409);

    await move(design.id, 'done').expect(200);
    await move(build.id, 'in_progress').expect(200);
    const unlinked = await t.http.patch(`/api/v1/tasks/${build.id}`).set(t.admin).send({ depends_on: [] }).expect(200);
    expect(unlinked.body.depends_on).toEqual([]);
  });

  it("keeps the board's WIP limit, also when moves race", async () => {
    const board = await createBoard(t, org.id, { wip_limit: 1 });
    const tasks = await Promise.all(Array.from({ length: 8 }, () => createTask(board.id, { status: 'todo' })));
    const results = await Promise.all(tasks.map((task) => move(task.id, 'in_progress')));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(7);
    expect(results.find((r) => r.status === 409)!.body.detail).toMatch(/WIP limit of 1/);
    const inProgress = await t.http.get('/api/v1/tasks').query({ board_id: board.id, status: 'in_progress' }).set(t.admin).expect(200);
    expect(inProgress.body.total).toBe(1);
  });

  it("keeps the board's WIP limit when tasks are created in progress side by side, while other creates on the board go on", async () => {
    const board = await createBoard(t, org.id, { wip_limit: 2 });
    const create = (status: string, title: string) => t.http.post('/api/v1/tasks').set(t.admin).send({ board_id: board.id, title, status });
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? create('in_progress', `started ${i}`) : create('inbox', `queued ${i}`))),
    );
    const started = results.filter((_, i) => i % 2 === 0);
    const queued = results.filter((_, i) => i % 2 === 1);
    expect(started.filter((r) => r.status === 201)).toHaveLength(2);
    expect(started.filter((r) => r.status === 409)).toHaveLength(4);
    expect(queued.map((r) => r.status)).toEqual(Array(6).fill(201));
    const inProgress = await t.http.get('/api/v1/tasks').query({ board_id: board.id, status: 'in_progress' }).set(t.admin).expect(200);
    expect(inProgress.body.total).toBe(2);
  });

  it('requires review before done when the board says so', async () => {
    const board = await createBoard(t, org.id, { require_review_before_done: true });
    const task = await createTask(board.id, { status: 'in_progress' });
    expect((await move(task.id, 'done').expect(409)).body.detail).toMatch(/in review first/);
    await move(task.id, 'review').expect(200);
    await move(task.id, 'done').expect(200);
    await t.http.post('/api/v1/tasks').set(t.admin).send({ board_id: board.id, title: 'straight to done', status: 'done' }).expect(409);
  });

  it('requires an approved approval before done when the board says so', async () => {
    const board = await createBoard(t, org.id, { require_approval_for_done: true });
    const task = await createTask(board.id, { status: 'in_progress' });
    expect((await move(task.id, 'done').expect(409)).body.detail).toMatch(/approved approval/);

    const requested = await t.http
      .post('/api/v1/approvals')
      .set(t.admin)
      .send({ task_id: task.id, action_type: 'release.publish', payload: { version: '2.0' }, confidence: 0.9 })
      .expect(201);
    expect(requested.body).toMatchObject({ task_id: task.id, board_id: board.id, status: 'pending', confidence: 0.9, decided_by: null });
    await t.http.post('/api/v1/approvals').set(t.admin).send({ task_id: task.id, action_type: 'again' }).expect(409);
    await move(task.id, 'done').expect(409);

    const rejected = await t.http.post(`/api/v1/approvals/${requested.body.id}/reject`).set(t.admin).send({ note: 'not yet' }).expect(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', decision_note: 'not yet', decided_by: { type: 'admin' } });
    await t.http.post(`/api/v1/approvals/${requested.body.id}/approve`).set(t.admin).send({}).expect(409);
    await move(task.id, 'done').expect(409);

    const second = await t.http.post('/api/v1/approvals').set(t.admin).send({ task_id: task.id, action_type: 'release.publish' }).expect(201);
    const [approve, approveAgain] = await Promise.all([
      t.http.post(`/api/v1/approvals/${second.body.id}/approve`).set(t.admin).send({}),
      t.http.post(`/api/v1/approvals/${second.body.id}/approve`).set(t.admin).send({}),
    ]);
    expect([approve.status, approveAgain.status].sort()).toEqual([200, 409]);
    await move(task.id, 'done').expect(200);

    const listed = await t.http.get('/api/v1/approvals').query({ task_id: task.id }).set(t.admin).expect(200);
    expect(listed.body.items.map((a: { status: string }) => a.status)).toEqual(['approved', 'rejected']);
    const pending = await t.http.get('/api/v1/approvals').query({ board_id: board.id, status: 'pending' }).set(t.admin).expect(200);
    expect(pending.body.total).toBe(0);
    const trail = await t.dataSource.query("SELECT action FROM activity_entries WHERE target_type = 'approval' AND board_id = $1", [board.id]);
    expect(trail.map((r: { action: string }) => r.action).sort()).toEqual(
      ['approval.approved', 'approval.rejected', 'approval.requested', 'approval.requested'].sort(),
    );
  });

  it('validates approvals and keeps them inside the organization', async () => {
    const board = await createBoard(t, org.id);
    const task = await createTask(board.id);
    const unknown = await t.http.post('/api/v1/approvals').set(t.admin).send({ task_id: randomUUID(), action_type: 'x' }).expect(422);
    expect(unknown.body.errors[0].field).toBe('task_id');
    await t.http.post('/api/v1/approvals').set(t.admin).send({ task_id: task.id, action_type: 'x', confidence: 2 }).expect(422);
    await t.http.post('/api/v1/approvals').set(t.admin).send({ task_id: task.id, action_type: 'has space' }).expect(422);
    await t.http.get(`/api/v1/approvals/${randomUUID()}`).set(t.admin).expect(404);

    const approval = (await t.http.post('/api/v1/approvals').set(t.admin).send({ task_id: task.id, action_type: 'x' }).expect(201)).body;
    const outsider = await organizationAdmin(t, (await createOrganization(t)).id);
    await t.http.get(`/api/v1/approvals/${approval.id}`).set(outsider.headers).expect(403);
    await t.http.post(`/api/v1/approvals/${approval.id}/approve`).set(outsider.headers).send({}).expect(403);
    await t.http.post('/api/v1/approvals').set(outsider.headers).send({ task_id: task.id, action_type: 'y' }).expect(403);
    await t.http.get(`/api/v1/tasks/${task.id}`).set(outsider.headers).expect(403);
    await t.http.patch(`/api/v1/tasks/${task.id}`).set(outsider.headers).send({ status: 'done' }).expect(403);
    await t.http.post('/api/v1/tasks').set(outsider.headers).send({ board_id: board.id, title: 'x' }).expect(403);
    expect((await t.http.get(`/api/v1/approvals/${approval.id}`).set(t.admin).expect(200)).body.status).toBe('pending');

    await t.http.delete(`/api/v1/tasks/${task.id}`).set(t.admin).expect(204);
    await t.http.get(`/api/v1/approvals/${approval.id}`).set(t.admin).expect(404);
  });
});
