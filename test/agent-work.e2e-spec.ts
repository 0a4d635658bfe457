import { randomUUID } from 'node:crypto';
import { createAgent, createBoard, createOrganization } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('Agent work API /api/v1/agent/tasks and /api/v1/agent/approvals', () => {
  let t: TestApp;
  let org: { id: string };
  let board: { id: string };
  let agent: { id: string; agent_token: string };
  let colleague: { id: string; agent_token: string };

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t);
    board = await createBoard(t, org.id, { wip_limit: 1, require_approval_for_done: true });
    agent = await createAgent(t, org.id, { board_id: board.id });
    colleague = await createAgent(t, org.id, { board_id: board.id });
  });
  afterAll(() => t.close());

  const asAgent = (token = agent.agent_token) => ({ 'X-Agent-Token': token });
  const createTask = async (extra: Record<string, unknown> = {}, boardId = board.id) =>
    (await t.http.post('/api/v1/tasks').set(t.admin).send({ board_id: boardId, title: `t-${randomUUID().slice(0, 6)}`, status: 'todo', ...extra }).expect(201)).body;

  it("lists the tasks of the agent's board, all or only its own", async () => {
    const mine = await createTask({ assignee_id: agent.id });
    const theirs = await createTask({ assignee_id: colleague.id });
    await createTask({}, (await createBoard(t, org.id)).id);

    const all = await t.http.get('/api/v1/agent/tasks').set(asAgent()).expect(200);
    expect(all.body.items.map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining([mine.id, theirs.id]));
    expect(all.body.items.every((x: { board_id: string }) => x.board_id === board.id)).toBe(true);
    const own = await t.http.get('/api/v1/agent/tasks').query({ mine: 'true' }).set(asAgent()).expect(200);
    expect(own.body.items.map((x: { id: string }) => x.id)).toEqual([mine.id]);

    const boardless = await createAgent(t, org.id);
    await t.http.get('/api/v1/agent/tasks').set(asAgent(boardless.agent_token)).expect(403);
  });

  it('moves its own tasks through the board rules, and only its own', async () => {
    const first = await createTask({ assignee_id: agent.id });
    const second = await createTask({ assignee_id: agent.id });
    const theirs = await createTask({ assignee_id: colleague.id });

    const moved = await t.http.patch(`/api/v1/agent/tasks/${first.id}`).set(asAgent()).send({ status: 'in_progress' }).expect(200);
    expect(moved.body.status).toBe('in_progress');
    const wip = await t.http.patch(`/api/v1/agent/tasks/${second.id}`).set(asAgent()).send({ status: 'in_progress' }).expect(409);
    expect(wip.body.detail).toMatch(/WIP limit/);
    await t.http.patch(`/api/v1/agent/tasks/${theirs.id}`).set(asAgent()).send({ status: 'review' }).expect(403);
    await t.http.patch(`/api/v1/agent/tasks/${first.id}`).set(asAgent()).send({ status: 'done' }).expect(409);
    await t.http.patch(`/api/v1/agent/tasks/${first.id}`).set(asAgent()).send({ title: 'renamed' }).expect(422);

    const trail = await t.dataSource.query("SELECT actor_type, actor_id FROM activity_entries WHERE target_id = $1 AND action = 'task.moved'", [first.id]);
    expect(trail).toEqual([{ actor_type: 'agent', actor_id: agent.id }]);
  });

  it('asks for an approval, which an admin grants, and then finishes the task', async () => {
    const task = await createTask({ assignee_id: agent.id, status: 'review' });
    const asked = await t.http
      .post('/api/v1/agent/approvals')
      .set(asAgent())
      .send({ task_id: task.id, action_type: 'merge.pr', confidence: 0.7 })
      .expect(201);
    expect(asked.body).toMatchObject({ status: 'pending', requested_by: { type: 'agent', id: agent.id } });
    await t.http.post('/api/v1/agent/approvals').set(asAgent()).send({ task_id: task.id, action_type: 'merge.pr' }).expect(409);
    await t.http.post(`/api/v1/approvals/${asked.body.id}/approve`).set(t.admin).send({}).expect(200);
    await t.http.patch(`/api/v1/agent/tasks/${task.id}`).set(asAgent()).send({ status: 'done' }).expect(200);

    const elsewhere = await createTask({}, (await createBoard(t, org.id)).id);
    await t.http.post('/api/v1/agent/approvals').set(asAgent()).send({ task_id: elsewhere.id, action_type: 'x' }).expect(403);
  });

  it('comments on tasks of its board, readable by admins in order', async () => {
    const task = await createTask({ assignee_id: colleague.id });
    await t.http.post(`/api/v1/agent/tasks/${task.id}/comments`).set(asAgent()).send({ body: 'I can take the tests.' }).expect(201);
    await t.http.post(`/api/v1/tasks/${task.id}/comments`).set(t.admin).send({ body: 'Please do.' }).expect(201);
    const thread = await t.http.get(`/api/v1/tasks/${task.id}/comments`).set(t.admin).expect(200);
    expect(thread.body.items.map((c: { body: string; author: { type: string } }) => [c.author.type, c.body])).toEqual([
      ['agent', 'I can take the tests.'],
      ['admin', 'Please do.'],
    ]);
    const seenByAgent = await t.http.get(`/api/v1/agent/tasks/${task.id}/comments`).set(asAgent()).expect(200);
    expect(seenByAgent.body.total).toBe(2);
    await t.http.post(`/api/v1/agent/tasks/${task.id}/comments`).set(asAgent()).send({ body: '' }).expect(422);

    const elsewhere = await createTask({}, (await createBoard(t, org.id)).id);
    await t.http.post(`/api/v1/agent/tasks/${elsewhere.id}/comments`).set(asAgent()).send({ body: 'x' }).expect(403);
    await t.http.get(`/api/v1/agent/tasks/${randomUUID()}/comments`).set(asAgent()).expect(404);
  });

  it("refuses another organization's agent and admin credentials on the agent routes", async () => {
    const task = await createTask({ assignee_id: agent.id });
    const stranger = await createAgent(t, (await createOrganization(t)).id);
    await t.http.patch(`/api/v1/agent/tasks/${task.id}`).set(asAgent(stranger.agent_token)).send({ status: 'review' }).expect(403);
    await t.http.get('/api/v1/agent/tasks').set(t.admin).expect(401);
  });
});
