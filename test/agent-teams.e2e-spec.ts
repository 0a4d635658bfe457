import { randomUUID } from 'node:crypto';
import { createAgent, createBoard, createOrganization, organizationAdmin } from './support/fixtures';
import { createTask } from './support/proactive';
import { startTestApp, TestApp } from './support/test-app';

type Member = { agent_id: string; name: string; role_in_team: string; status: string; joined_at: string };
type Team = { id: string; organization_id: string; name: string; description: string | null; team_type: string; lead_agent_id: string | null; member_count: number; members: Member[] };
type Match = { agent_id: string; name: string; capability: string; proficiency: number; status: string; load: number; score: number };

describe('M13 agent teams and capability search', () => {
  let t: TestApp;
  let org: { id: string };

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t);
  });
  afterAll(() => t.close());

  const createTeam = async (body: Record<string, unknown>) =>
    (await t.http.post('/api/v1/agent-teams').set(t.admin).send({ organization_id: org.id, name: `team-${randomUUID().slice(0, 8)}`, ...body }).expect(201)).body as Team;
  const getTeam = async (id: string) => (await t.http.get(`/api/v1/agent-teams/${id}`).set(t.admin).expect(200)).body as Team;
  const outboxNames = async (organizationId: string) =>
    ((await t.dataSource.query(`SELECT name FROM outbox_events WHERE organization_id = $1 AND name LIKE 'team.%' ORDER BY created_at`, [organizationId])) as Array<{ name: string }>).map((row) => row.name);
  const actions = async (teamId: string) =>
    ((await t.http.get('/api/v1/activity').query({ target_id: teamId, limit: 100, order: 'asc' }).set(t.admin).expect(200)).body.items as Array<{ action: string }>).map((entry) => entry.action);

  it('creates a Chinese-named team whose lead is its leader, lists it, and records the write in the trail and the outbox', async () => {
    const lead = await createAgent(t, org.id, { name: `审查员-${randomUUID().slice(0, 4)}` });
    const team = await createTeam({ name: '代码评审委员会', description: '负责合并前评审', team_type: 'review_committee', lead_agent_id: lead.id });
    expect(team).toMatchObject({ name: '代码评审委员会', team_type: 'review_committee', lead_agent_id: lead.id, member_count: 1 });
    expect(team.members).toEqual([expect.objectContaining({ agent_id: lead.id, name: lead.name, role_in_team: 'leader', status: 'offline' })]);

    const list = await t.http.get('/api/v1/agent-teams').query({ organization_id: org.id, team_type: 'review_committee' }).set(t.admin).expect(200);
    expect(list.headers['x-total-count']).toBe('1');
    expect(list.body).toMatchObject({ total: 1, page: 1, size: 20 });
    expect(list.body.items[0]).toMatchObject({ id: team.id, members: [expect.objectContaining({ agent_id: lead.id })] });
    expect(await actions(team.id)).toEqual(['team.created']);
    expect(await outboxNames(org.id)).toContain('team.created');

    await t.http.post('/api/v1/agent-teams').set(t.admin).send({ organization_id: org.id, name: '代码评审委员会' }).expect(409);
  });

  it('adds members with roles (again: updates the role, 200), moves the lead with the leader role, and removes members', async () => {
    const other = await createOrganization(t);
    const orgOnly = await createOrganization(t);
    const [a, b, c] = [await createAgent(t, orgOnly.id, { name: 'Alice' }), await createAgent(t, orgOnly.id, { name: 'Bob' }), await createAgent(t, orgOnly.id, { name: 'Carol' })];
    const team = (await t.http.post('/api/v1/agent-teams').set(t.admin).send({ organization_id: orgOnly.id, name: 'Release task force', team_type: 'task_force', lead_agent_id: a.id }).expect(201)).body as Team;

    const added = await t.http.post(`/api/v1/agent-teams/${team.id}/members`).set(t.admin).send({ agent_id: b.id, role_in_team: 'specialist' }).expect(201);
    expect(added.body.members.map((m: Member) => [m.name, m.role_in_team])).toEqual([['Alice', 'leader'], ['Bob', 'specialist']]);
    await t.http.post(`/api/v1/agent-teams/${team.id}/members`).set(t.admin).send({ agent_id: c.id }).expect(201);
    const again = await t.http.post(`/api/v1/agent-teams/${team.id}/members`).set(t.admin).send({ agent_id: c.id, role_in_team: 'reviewer' }).expect(200);
    expect(again.body.members.find((m: Member) => m.agent_id === c.id).role_in_team).toBe('reviewer');

    // Bob becomes the leader: the lead moves, Alice stays as a member
    const promoted = (await t.http.post(`/api/v1/agent-teams/${team.id}/members`).set(t.admin).send({ agent_id: b.id, role_in_team: 'leader' }).expect(200)).body as Team;
    expect(promoted.lead_agent_id).toBe(b.id);
    expect(promoted.members.map((m) => [m.name, m.role_in_team])).toEqual([['Bob', 'leader'], ['Alice', 'member'], ['Carol', 'reviewer']]);

    // PATCH the lead back to Carol
    const patched = (await t.http.patch(`/api/v1/agent-teams/${team.id}`).set(t.admin).send({ lead_agent_id: c.id, name: 'Release crew', description: null }).expect(200)).body as Team;
    expect(patched).toMatchObject({ name: 'Release crew', description: null, lead_agent_id: c.id });
    expect(patched.members.map((m) => [m.name, m.role_in_team])).toEqual([['Carol', 'leader'], ['Alice', 'member'], ['Bob', 'member']]);

    // removing the lead leaves the team without one
    await t.http.delete(`/api/v1/agent-teams/${team.id}/members/${c.id}`).set(t.admin).expect(204);
    const after = await getTeam(team.id);
    expect(after).toMatchObject({ lead_agent_id: null, member_count: 2 });
    await t.http.delete(`/api/v1/agent-teams/${team.id}/members/${c.id}`).set(t.admin).expect(404);

    const memberOf = await t.http.get('/api/v1/agent-teams').query({ agent_id: a.id }).set(t.admin).expect(200);
    expect(memberOf.body.items.map((x: Team) => x.id)).toEqual([team.id]);

    expect(await actions(team.id)).toEqual(expect.arrayContaining(['team.created', 'team.member_added', 'team.member_role_changed', 'team.updated', 'team.member_removed']));
    expect(await outboxNames(orgOnly.id)).toEqual(expect.arrayContaining(['team.created', 'team.member_added', 'team.updated', 'team.member_removed']));

    // an agent of another organization: 422 naming the field
    const stranger = await createAgent(t, other.id);
    const refused = await t.http.post(`/api/v1/agent-teams/${team.id}/members`).set(t.admin).send({ agent_id: stranger.id }).expect(422);
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual(['agent_id']);
    const badLead = await t.http.patch(`/api/v1/agent-teams/${team.id}`).set(t.admin).send({ lead_agent_id: stranger.id }).expect(422);
    expect(badLead.body.errors.map((e: { field: string }) => e.field)).toEqual(['lead_agent_id']);
    const badType = await t.http.post('/api/v1/agent-teams').set(t.admin).send({ organization_id: orgOnly.id, name: 'x', team_type: 'guild' }).expect(422);
    expect(badType.body.errors.map((e: { field: string }) => e.field)).toContain('team_type');
    const badRole = await t.http.post(`/api/v1/agent-teams/${team.id}/members`).set(t.admin).send({ agent_id: a.id, role_in_team: 'boss' }).expect(422);
    expect(badRole.body.errors.map((e: { field: string }) => e.field)).toContain('role_in_team');

    await t.http.delete(`/api/v1/agent-teams/${team.id}`).set(t.admin).expect(204);
    await t.http.get(`/api/v1/agent-teams/${team.id}`).set(t.admin).expect(404);
    expect(await outboxNames(orgOnly.id)).toContain('team.deleted');
    // the agents stay
    await t.http.get(`/api/v1/agents/${a.id}`).set(t.admin).expect(200);
  });

  it("keeps an organization's admin to its own teams (403 elsewhere, lists scoped)", async () => {
    const mine = await createOrganization(t);
    const theirs = await createOrganization(t);
    const admin = await organizationAdmin(t, mine.id);
    const foreign = (await t.http.post('/api/v1/agent-teams').set(t.admin).send({ organization_id: theirs.id, name: 'Their team' }).expect(201)).body as Team;
    const own = (await t.http.post('/api/v1/agent-teams').set(admin.headers).send({ organization_id: mine.id, name: 'Our team' }).expect(201)).body as Team;

    await t.http.get(`/api/v1/agent-teams/${foreign.id}`).set(admin.headers).expect(403);
    await t.http.patch(`/api/v1/agent-teams/${foreign.id}`).set(admin.headers).send({ name: 'mine now' }).expect(403);
    await t.http.delete(`/api/v1/agent-teams/${foreign.id}`).set(admin.headers).expect(403);
    await t.http.post('/api/v1/agent-teams').set(admin.headers).send({ organization_id: theirs.id, name: 'sneaky' }).expect(403);
    await t.http.get('/api/v1/agent-teams').query({ organization_id: theirs.id }).set(admin.headers).expect(403);
    const listed = await t.http.get('/api/v1/agent-teams').set(admin.headers).expect(200);
    expect(listed.body.items.map((team: Team) => team.id)).toEqual([own.id]);
    await t.http.get(`/api/v1/agent-teams/${randomUUID()}`).set(t.admin).expect(404);
    await t.http.get('/api/v1/agent-teams').set({ 'X-Agent-Token': 'agt_nothing' }).expect(401);
  });

  it('finds agents by capability, ranked by proficiency, availability and load, in one organization', async () => {
    const o = await createOrganization(t);
    const board = await createBoard(t, o.id);
    const expert = await createAgent(t, o.id, { name: '专家-翻译' });
    const busyExpert = await createAgent(t, o.id, { name: 'busy-expert' });
    const novice = await createAgent(t, o.id, { name: 'novice' });
    const noSkill = await createAgent(t, o.id, { name: 'no-skill' });
    const elsewhere = await createAgent(t, (await createOrganization(t)).id, { name: 'elsewhere' });
    const give = (id: string, proficiency: number) => t.http.post(`/api/v1/agents/${id}/capabilities`).set(t.admin).send({ capability: 'translation', proficiency }).expect(201);
    await give(expert.id, 5);
    await give(busyExpert.id, 5);
    await give(novice.id, 2);
    await give(elsewhere.id, 5);
    await t.http.post(`/api/v1/agents/${noSkill.id}/capabilities`).set(t.admin).send({ capability: 'coding', proficiency: 5 }).expect(201);
    await t.http.patch(`/api/v1/agents/${expert.id}`).set(t.admin).send({ status: 'online' }).expect(200);
    await t.http.patch(`/api/v1/agents/${busyExpert.id}`).set(t.admin).send({ status: 'online' }).expect(200);
    for (let i = 0; i < 3; i++) await createTask(t, board.id, { assignee_id: busyExpert.id });

    const search = async (query: Record<string, unknown>) => (await t.http.get('/api/v1/agent-capabilities/search').query({ organization_id: o.id, ...query }).set(t.admin).expect(200)).body;
    const found = await search({ capability: 'translation' });
    expect(found.total).toBe(3);
    const items = found.items as Match[];
    expect(items.map((m) => m.name)).toEqual(['专家-翻译', 'busy-expert', 'novice']);
    expect(items[0]).toEqual({ agent_id: expert.id, name: '专家-翻译', organization_id: o.id, capability: 'translation', proficiency: 5, status: 'online', load: 0, score: 1 });
    expect(items[1]).toMatchObject({ load: 3, score: 0.85 });
    expect(items[2]).toMatchObject({ status: 'offline', load: 0, score: 0.4 });

    expect((await search({ capability: 'translation', min_proficiency: 3 })).items.map((m: Match) => m.name)).toEqual(['专家-翻译', 'busy-expert']);
    const paged = await t.http.get('/api/v1/agent-capabilities/search').query({ organization_id: o.id, capability: 'translation', limit: 1, offset: 1 }).set(t.admin).expect(200);
    expect(paged.headers['x-total-count']).toBe('3');
    expect(paged.body.items.map((m: Match) => m.name)).toEqual(['busy-expert']);
    const pastTheEnd = await t.http.get('/api/v1/agent-capabilities/search').query({ organization_id: o.id, capability: 'translation', offset: 10 }).set(t.admin).expect(200);
    expect(pastTheEnd.body).toMatchObject({ items: [], total: 3 });

    const team = (await t.http.post('/api/v1/agent-teams').set(t.admin).send({ organization_id: o.id, name: 'Translators', team_type: 'specialist_pool', lead_agent_id: novice.id }).expect(201)).body as Team;
    expect((await search({ capability: 'translation', team_id: team.id })).items.map((m: Match) => m.name)).toEqual(['novice']);

    const bad = await t.http.get('/api/v1/agent-capabilities/search').query({ capability: 'Not A Capability!' }).set(t.admin).expect(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain('capability');
    await t.http.get('/api/v1/agent-capabilities/search').query({ capability: 'translation', min_proficiency: 6 }).set(t.admin).expect(422);
    await t.http.get('/api/v1/agent-capabilities/search').query({ capability: 'translation', colour: 'red' }).set(t.admin).expect(422);
    const admin = await organizationAdmin(t, o.id);
    await t.http.get('/api/v1/agent-capabilities/search').query({ capability: 'translation', organization_id: elsewhere.organization_id }).set(admin.headers).expect(403);
    const scoped = await t.http.get('/api/v1/agent-capabilities/search').query({ capability: 'translation' }).set(admin.headers).expect(200);
    expect(scoped.body.items.map((m: Match) => m.name)).not.toContain('elsewhere');
  });
});
