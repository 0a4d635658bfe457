import { randomUUID } from 'node:crypto';
import { createAgent, createBoard, createOrganization, organizationAdmin, registerH5User } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('Board groups /api/v1/board-groups and boards /api/v1/boards', () => {
  let t: TestApp;
  let org: { id: string };

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t);
  });
  afterAll(() => t.close());

  it('manages board groups: create, list, get, update, delete', async () => {
    const created = await t.http
      .post('/api/v1/board-groups')
      .set(t.admin)
      .send({ organization_id: org.id, name: 'Platform', description: 'infra boards' })
      .expect(201);
    expect(created.body).toMatchObject({ organization_id: org.id, name: 'Platform', description: 'infra boards' });
    const id = created.body.id;
    await t.http.post('/api/v1/board-groups').set(t.admin).send({ organization_id: org.id, name: 'Platform' }).expect(409);

    const listed = await t.http.get('/api/v1/board-groups').query({ organization_id: org.id }).set(t.admin).expect(200);
    expect(listed.body.items.map((g: { id: string }) => g.id)).toEqual([id]);
    expect(listed.headers['x-total-count']).toBe('1');
    await t.http.get(`/api/v1/board-groups/${id}`).set(t.admin).expect(200);

    const renamed = await t.http.patch(`/api/v1/board-groups/${id}`).set(t.admin).send({ name: 'Infra', description: null }).expect(200);
    expect(renamed.body).toMatchObject({ name: 'Infra', description: null });
    await t.http.patch(`/api/v1/board-groups/${id}`).set(t.admin).send({ name: null }).expect(422);

    await t.http.delete(`/api/v1/board-groups/${id}`).set(t.admin).expect(204);
    await t.http.get(`/api/v1/board-groups/${id}`).set(t.admin).expect(404);
    const trail = await t.dataSource.query('SELECT action FROM activity_entries WHERE target_id = $1 ORDER BY created_at', [id]);
    expect(trail.map((r: { action: string }) => r.action)).toEqual(['board_group.created', 'board_group.updated', 'board_group.deleted']);
  });

  it('creates boards with their work settings, validates them, and updates them', async () => {
    const group = (await t.http.post('/api/v1/board-groups').set(t.admin).send({ organization_id: org.id, name: 'Delivery' }).expect(201)).body;
    const created = await t.http
      .post('/api/v1/boards')
      .set(t.admin)
      .send({ organization_id: org.id, name: 'Release 2.0', board_group_id: group.id, require_approval_for_done: true, wip_limit: 3 })
      .expect(201);
    expect(created.body).toMatchObject({
      name: 'Release 2.0',
      board_group_id: group.id,
      require_approval_for_done: true,
      require_review_before_done: false,
      wip_limit: 3,
    });
    const id = created.body.id;

    await t.http.post('/api/v1/boards').set(t.admin).send({ organization_id: org.id, name: 'Release 2.0' }).expect(409);
    for (const bad of [{ wip_limit: 0 }, { wip_limit: 2.5 }, { require_review_before_done: 'yes' }, { require_approval_for_done: null }]) {
      await t.http.post('/api/v1/boards').set(t.admin).send({ organization_id: org.id, name: `bad-${randomUUID()}`, ...bad }).expect(422);
    }

    const updated = await t.http
      .patch(`/api/v1/boards/${id}`)
      .set(t.admin)
      .send({ wip_limit: null, require_review_before_done: true, board_group_id: null })
      .expect(200);
    expect(updated.body).toMatchObject({ wip_limit: null, require_review_before_done: true, board_group_id: null, require_approval_for_done: true });

    const byGroup = await t.http.get('/api/v1/boards').query({ board_group_id: group.id }).set(t.admin).expect(200);
    expect(byGroup.body.total).toBe(0);
    const byName = await t.http.get('/api/v1/boards').query({ organization_id: org.id, q: 'release' }).set(t.admin).expect(200);
    expect(byName.body.items.map((b: { id: string }) => b.id)).toEqual([id]);
  });

  it('refuses a board group of another organization and unknown organizations (422)', async () => {
    const other = await createOrganization(t);
    const foreignGroup = (await t.http.post('/api/v1/board-groups').set(t.admin).send({ organization_id: other.id, name: 'Theirs' }).expect(201)).body;
    const refused = await t.http
      .post('/api/v1/boards')
      .set(t.admin)
      .send({ organization_id: org.id, name: 'mixed', board_group_id: foreignGroup.id })
      .expect(422);
    expect(refused.body.errors[0].field).toBe('board_group_id');
    await t.http.post('/api/v1/boards').set(t.admin).send({ organization_id: randomUUID(), name: 'nowhere' }).expect(422);
    await t.http.post('/api/v1/board-groups').set(t.admin).send({ organization_id: randomUUID(), name: 'nowhere' }).expect(422);
  });

  it('deleting a group keeps its boards; deleting a board takes it off its agents and assignments', async () => {
    const group = (await t.http.post('/api/v1/board-groups').set(t.admin).send({ organization_id: org.id, name: `g-${randomUUID()}` }).expect(201)).body;
    const board = await createBoard(t, org.id, { board_group_id: group.id });
    const agent = await createAgent(t, org.id, { board_id: board.id });
    const user = await registerH5User(t, org.id);
    await t.http.post(`/api/v1/h5/users/${user.user.id}/assign`).set(t.admin).send({ agent_id: agent.id, board_id: board.id }).expect(201);

    await t.http.delete(`/api/v1/board-groups/${group.id}`).set(t.admin).expect(204);
    const kept = await t.http.get(`/api/v1/boards/${board.id}`).set(t.admin).expect(200);
    expect(kept.body.board_group_id).toBeNull();

    await t.http.delete(`/api/v1/boards/${board.id}`).set(t.admin).expect(204);
    const freed = await t.http.get(`/api/v1/agents/${agent.id}`).set(t.admin).expect(200);
    expect(freed.body.board_id).toBeNull();
    const detail = await t.http.get(`/api/v1/h5/users/${user.user.id}`).set(t.admin).expect(200);
    expect(detail.body.assignments[0].board_id).toBeNull();
  });

  it('only lets agents, assignments and agent reports name boards of their own organization', async () => {
    const other = await createOrganization(t);
    const foreignBoard = await createBoard(t, other.id);
    const ownBoard = await createBoard(t, org.id);

    const agentRefused = await t.http
      .post('/api/v1/agents')
      .set(t.admin)
      .send({ organization_id: org.id, name: `a-${randomUUID()}`, board_id: foreignBoard.id })
      .expect(422);
    expect(agentRefused.body.errors[0].field).toBe('board_id');
    await t.http.post('/api/v1/agents').set(t.admin).send({ organization_id: org.id, name: `b-${randomUUID()}`, board_id: randomUUID() }).expect(422);
    const agent = await createAgent(t, org.id);
    await t.http.patch(`/api/v1/agents/${agent.id}`).set(t.admin).send({ board_id: foreignBoard.id }).expect(422);
    await t.http.patch(`/api/v1/agents/${agent.id}`).set(t.admin).send({ board_id: ownBoard.id }).expect(200);

    const user = await registerH5User(t, org.id);
    await t.http.post(`/api/v1/h5/users/${user.user.id}/assign`).set(t.admin).send({ agent_id: agent.id, board_id: foreignBoard.id }).expect(422);

    const unboarded = await createAgent(t, org.id);
    const report = (boardId: string) =>
      t.http.post('/api/v1/agent/events').set('X-Agent-Token', unboarded.agent_token).send({ event_type: 'x', board_id: boardId });
    await report(foreignBoard.id).expect(422);
    await report(ownBoard.id).expect(201);
  });

  it('keeps an organization admin inside its organization', async () => {
    const other = await createOrganization(t);
    const foreignBoard = await createBoard(t, other.id);
    const admin = await organizationAdmin(t, org.id);
    await t.http.get(`/api/v1/boards/${foreignBoard.id}`).set(admin.headers).expect(403);
    await t.http.patch(`/api/v1/boards/${foreignBoard.id}`).set(admin.headers).send({ wip_limit: 1 }).expect(403);
    await t.http.delete(`/api/v1/boards/${foreignBoard.id}`).set(admin.headers).expect(403);
    await t.http.post('/api/v1/boards').set(admin.headers).send({ organization_id: other.id, name: 'x' }).expect(403);
    await t.http.get('/api/v1/boards').query({ organization_id: other.id }).set(admin.headers).expect(403);
    const mine = await t.http.get('/api/v1/boards').set(admin.headers).expect(200);
    expect(mine.body.items.every((b: { organization_id: string }) => b.organization_id === org.id)).toBe(true);
  });
});
