import { randomUUID } from 'node:crypto';
import { createAgent, createBoard, createOrganization, organizationAdmin } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';
import { FrameClient } from './support/ws-client';

describe('Live board sync /ws/board/{board_id}/sync', () => {
  let t: TestApp;
  let org: { id: string };
  const clients: FrameClient[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t);
  });
  afterEach(() => clients.splice(0).forEach((client) => client.close()));
  afterAll(() => t.close());

  const wsUrl = (boardId: string, token?: string) =>
    `${t.baseUrl.replace('http', 'ws')}/ws/board/${boardId}/sync${token ? `?token=${encodeURIComponent(token)}` : ''}`;
  const open = async (boardId: string, token = t.config.adminToken) => {
    const client = await FrameClient.connect(wsUrl(boardId, token));
    clients.push(client);
    return client;
  };

  it('sends board.state on connect, then every REST change as task.created / task.updated / task.deleted', async () => {
    const board = await createBoard(t, org.id);
    const existing = (await t.http.post('/api/v1/tasks').set(t.admin).send({ board_id: board.id, title: 'already there' }).expect(201)).body;
    const client = await open(board.id);
    const state = await client.next((f) => f.type === 'board.state');
    expect(state).toMatchObject({ board_id: board.id, tasks: [expect.objectContaining({ id: existing.id, title: 'already there' })] });

    const created = (await t.http.post('/api/v1/tasks').set(t.admin).send({ board_id: board.id, title: 'new one' }).expect(201)).body;
    const createdFrame = await client.next((f) => f.type === 'task.created');
    expect(createdFrame).toMatchObject({ task: { id: created.id, title: 'new one' }, timestamp: expect.any(String) });

    await t.http.patch(`/api/v1/tasks/${created.id}`).set(t.admin).send({ status: 'todo' }).expect(200);
    const me = (await t.http.get('/api/v1/users/me').set(t.admin).expect(200)).body;
    const updated = await client.next((f) => f.type === 'task.updated');
    expect(updated).toMatchObject({
      task_id: created.id,
      changes: { status: { from: 'inbox', to: 'todo' } },
      updated_by: { type: 'user', id: me.id },
      timestamp: expect.any(String),
    });

    await t.http.delete(`/api/v1/tasks/${created.id}`).set(t.admin).expect(204);
    expect(await client.next((f) => f.type === 'task.deleted')).toMatchObject({ task_id: created.id });
  });

  it('applies task.move and task.create frames through the board rules, refusing to that socket alone', async () => {
    const board = await createBoard(t, org.id, { wip_limit: 1 });
    const [first, second] = await Promise.all(
      ['first', 'second'].map(async (title) => (await t.http.post('/api/v1/tasks').set(t.admin).send({ board_id: board.id, title, status: 'todo' }).expect(201)).body),
    );
    const mover = await open(board.id);
    const watcher = await open(board.id);
    await mover.next((f) => f.type === 'board.state');
    await watcher.next((f) => f.type === 'board.state');

    mover.send({ type: 'task.move', task_id: first.id, status: 'in_progress' });
    const seen = await watcher.next((f) => f.type === 'task.updated' && f.task_id === first.id);
    expect(seen.changes).toMatchObject({ status: { from: 'todo', to: 'in_progress' } });
    await mover.next((f) => f.type === 'task.updated' && f.task_id === first.id);

    const watcherFrames = watcher.frames.length;
    mover.send({ type: 'task.move', task_id: second.id, status: 'in_progress' });
    const refused = await mover.next((f) => f.type === 'error');
    expect(refused.payload).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/WIP limit/) });
    expect((await t.http.get(`/api/v1/tasks/${second.id}`).set(t.admin).expect(200)).body.status).toBe('todo');

    mover.send({ type: 'task.create', title: 'from the socket', status: 'todo' });
    const made = await watcher.next((f) => f.type === 'task.created', 5_000, watcherFrames);
    expect(made).toMatchObject({ task: { title: 'from the socket', board_id: board.id, status: 'todo' } });
    expect(watcher.frames.slice(watcherFrames).some((f) => f.type === 'error')).toBe(false);

    const before = mover.frames.length;
    mover.send({ type: 'task.move', task_id: 'not-a-uuid', status: 'done' });
    expect((await mover.next((f) => f.type === 'error', 5_000, before)).payload).toMatchObject({ code: 'VALIDATION_FAILED' });
    const afterInvalid = mover.frames.length;
    mover.socket.send('not json');
    expect((await mover.next((f) => f.type === 'error', 5_000, afterInvalid)).payload).toMatchObject({ code: 'BAD_REQUEST' });
    const afterGarbage = mover.frames.length;
    const elsewhere = (await t.http.post('/api/v1/tasks').set(t.admin).send({ board_id: (await createBoard(t, org.id)).id, title: 'x' }).expect(201)).body;
    mover.send({ type: 'task.move', task_id: elsewhere.id, status: 'todo' });
    expect((await mover.next((f) => f.type === 'error', 5_000, afterGarbage)).payload).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('keeps a frame sent right after the socket opens, before board.state', async () => {
    const board = await createBoard(t, org.id);
    const client = await FrameClient.connect(wsUrl(board.id, t.config.adminToken));
    clients.push(client);
    client.send({ type: 'task.create', title: 'sent at once' });
    await client.next((f) => f.type === 'board.state');
    expect(await client.next((f) => f.type === 'task.created')).toMatchObject({ task: { title: 'sent at once' } });
  });

  it('pushes tag changes made through the tag routes as task.updated', async () => {
    const board = await createBoard(t, org.id);
    const task = (await t.http.post('/api/v1/tasks').set(t.admin).send({ board_id: board.id, title: 'tag me', tags: ['a'] }).expect(201)).body;
    const tag = (await t.http.post('/api/v1/tags').set(t.admin).send({ organization_id: org.id, name: `b-${randomUUID().slice(0, 6)}` }).expect(201)).body;
    const client = await open(board.id);
    await client.next((f) => f.type === 'board.state');
    await t.http.post(`/api/v1/tags/${tag.id}/tasks`).set(t.admin).send({ task_id: task.id }).expect(201);
    expect(await client.next((f) => f.type === 'task.updated')).toMatchObject({ task_id: task.id, changes: { tags: { from: ['a'], to: ['a', tag.name] } } });
  });

  it("pushes an agent's move with the agent as updated_by", async () => {
    const board = await createBoard(t, org.id);
    const agent = await createAgent(t, org.id, { board_id: board.id });
    const task = (await t.http.post('/api/v1/tasks').set(t.admin).send({ board_id: board.id, title: 'agent work', assignee_id: agent.id }).expect(201)).body;
    const client = await open(board.id);
    await client.next((f) => f.type === 'board.state');
    await t.http.patch(`/api/v1/agent/tasks/${task.id}`).set('X-Agent-Token', agent.agent_token).send({ status: 'todo' }).expect(200);
    expect(await client.next((f) => f.type === 'task.updated')).toMatchObject({ updated_by: { type: 'agent', id: agent.id } });
  });

  it('refuses missing or bad credentials, other organizations, unknown boards and unknown paths', async () => {
    const board = await createBoard(t, org.id);
    const anonymous = await FrameClient.connect(wsUrl(board.id));
    expect(await anonymous.waitClosed()).toMatchObject({ code: 4401 });
    expect(anonymous.frames[0]).toMatchObject({ type: 'error', payload: { code: 'AUTH_REQUIRED' } });

    const forged = await FrameClient.connect(wsUrl(board.id, 'forged-token-value'));
    expect(await forged.waitClosed()).toMatchObject({ code: 4401 });
    expect(forged.frames[0]).toMatchObject({ payload: { code: 'INVALID_TOKEN' } });

    const outsider = await organizationAdmin(t, (await createOrganization(t)).id);
    const outsiderToken = outsider.headers.Authorization.replace('Bearer ', '');
    const foreign = await FrameClient.connect(wsUrl(board.id, outsiderToken));
    expect(await foreign.waitClosed()).toMatchObject({ code: 4403 });

    const unknown = await FrameClient.connect(wsUrl(randomUUID(), t.config.adminToken));
    expect(await unknown.waitClosed()).toMatchObject({ code: 4404 });
    const headerAuth = await FrameClient.connect(wsUrl(board.id), { Authorization: `Bearer ${t.config.adminToken}` });
    clients.push(headerAuth);
    await headerAuth.next((f) => f.type === 'board.state');

    await expect(FrameClient.connect(`${t.baseUrl.replace('http', 'ws')}/ws/nothing-here`)).rejects.toThrow('HTTP 404');
  });
});
