import { randomUUID } from 'node:crypto';
import { createAgent, createBoard, createOrganization, organizationAdmin } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('Board and board group memory', () => {
  let t: TestApp;
  let org: { id: string };
  let board: { id: string };

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t);
    board = await createBoard(t, org.id);
  });
  afterAll(() => t.close());

  it('keeps notes on a board: add, list with filters, read, edit, delete', async () => {
    const path = `/api/v1/boards/${board.id}/memory`;
    const note = await t.http.post(path).set(t.admin).send({ content: '部署窗口是每周二 22:00', tags: ['deploy'] }).expect(201);
    expect(note.body).toMatchObject({ board_id: board.id, board_group_id: null, tags: ['deploy'], source: 'manual', is_chat: false, created_by: { type: 'admin' } });
    await t.http.post(path).set(t.admin).send({ content: 'user: hi / agent: hello', is_chat: true, source: 'chat' }).expect(201);

    const all = await t.http.get(path).set(t.admin).expect(200);
    expect(all.body.total).toBe(2);
    expect((await t.http.get(path).query({ tag: 'deploy' }).set(t.admin).expect(200)).body.total).toBe(1);
    expect((await t.http.get(path).query({ is_chat: 'true' }).set(t.admin).expect(200)).body.items[0].source).toBe('chat');
    expect((await t.http.get(path).query({ is_chat: 'false', q: '22:00' }).set(t.admin).expect(200)).body.total).toBe(1);
    await t.http.get(path).query({ is_chat: 'maybe' }).set(t.admin).expect(422);

    const edited = await t.http.patch(`${path}/${note.body.id}`).set(t.admin).send({ content: 'Deploys on Tuesdays', tags: [] }).expect(200);
    expect(edited.body).toMatchObject({ content: 'Deploys on Tuesdays', tags: [] });
    await t.http.patch(`${path}/${note.body.id}`).set(t.admin).send({ content: null }).expect(422);
    await t.http.delete(`${path}/${note.body.id}`).set(t.admin).expect(204);
    await t.http.get(`${path}/${note.body.id}`).set(t.admin).expect(404);
    await t.http.post(path).set(t.admin).send({ content: '' }).expect(422);
    await t.http.get(`/api/v1/boards/${randomUUID()}/memory`).set(t.admin).expect(404);
  });

  it('keeps notes on a board group apart from its boards', async () => {
    const group = (await t.http.post('/api/v1/board-groups').set(t.admin).send({ organization_id: org.id, name: `g-${randomUUID().slice(0, 6)}` }).expect(201)).body;
    const path = `/api/v1/board-groups/${group.id}/memory`;
    const note = await t.http.post(path).set(t.admin).send({ content: 'shared across the group' }).expect(201);
    expect(note.body).toMatchObject({ board_group_id: group.id, board_id: null });
    expect((await t.http.get(path).set(t.admin).expect(200)).body.total).toBe(1);
    await t.http.get(`/api/v1/boards/${board.id}/memory/${note.body.id}`).set(t.admin).expect(404);
    await t.http.delete(`/api/v1/board-groups/${group.id}`).set(t.admin).expect(204);
    const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM memory_entries WHERE id = $1', [note.body.id]);
    expect(n).toBe(0);
  });

  it("lets an agent read and write its own board's memory, and no other", async () => {
    const agent = await createAgent(t, org.id, { board_id: board.id });
    const path = `/api/v1/agent/boards/${board.id}/memory`;
    const written = await t.http.post(path).set('X-Agent-Token', agent.agent_token).send({ content: 'learned: tests need Redis' }).expect(201);
    expect(written.body).toMatchObject({ source: 'agent', created_by: { type: 'agent', id: agent.id } });
    const read = await t.http.get(path).set('X-Agent-Token', agent.agent_token).expect(200);
    expect(read.body.items.map((e: { id: string }) => e.id)).toContain(written.body.id);

    const otherBoard = await createBoard(t, org.id);
    await t.http.get(`/api/v1/agent/boards/${otherBoard.id}/memory`).set('X-Agent-Token', agent.agent_token).expect(403);
    await t.http.post(`/api/v1/agent/boards/${otherBoard.id}/memory`).set('X-Agent-Token', agent.agent_token).send({ content: 'x' }).expect(403);
    const unboarded = await createAgent(t, org.id);
    await t.http.get(path).set('X-Agent-Token', unboarded.agent_token).expect(403);
    await t.http.get(path).set(t.admin).expect(401);
    await t.http.get(`/api/v1/boards/${board.id}/memory`).set('X-Agent-Token', agent.agent_token).expect(401);
  });

  it('keeps an organization admin inside its organization', async () => {
    const outsider = await organizationAdmin(t, (await createOrganization(t)).id);
    await t.http.get(`/api/v1/boards/${board.id}/memory`).set(outsider.headers).expect(403);
    await t.http.post(`/api/v1/boards/${board.id}/memory`).set(outsider.headers).send({ content: 'x' }).expect(403);
  });
});
