import { randomUUID } from 'node:crypto';
import { createBoard, createOrganization, organizationAdmin } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('Task custom fields /api/v1/task-custom-fields', () => {
  let t: TestApp;
  let org: { id: string };
  let board: { id: string };

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t);
    board = await createBoard(t, org.id);
  });
  afterAll(() => t.close());

  const define = (body: Record<string, unknown>) =>
    t.http.post('/api/v1/task-custom-fields').set(t.admin).send({ organization_id: org.id, label: 'A field', ...body });
  const createTask = (body: Record<string, unknown>, boardId = board.id) =>
    t.http.post('/api/v1/tasks').set(t.admin).send({ board_id: boardId, title: `t-${randomUUID().slice(0, 6)}`, ...body });

  it('defines typed fields and checks every value a task carries against them', async () => {
    const points = (await define({ key: 'story_points', type: 'number', label: 'Story points' }).expect(201)).body;
    expect(points).toMatchObject({ key: 'story_points', type: 'number', required: false, options: [], board_id: null });
    await define({ key: 'severity', type: 'enum', options: ['low', 'high'] }).expect(201);
    await define({ key: 'spec', type: 'url' }).expect(201);
    await define({ key: 'due_review', type: 'date' }).expect(201);
    await define({ key: 'blocked', type: 'boolean' }).expect(201);
    await define({ key: 'extra', type: 'json' }).expect(201);
    await define({ key: 'notes', type: 'text' }).expect(201);

    const values = {
      story_points: 5,
      severity: 'high',
      spec: 'https://docs.example.com/spec',
      due_review: '2026-12-01',
      blocked: false,
      extra: { links: [1, 2] },
      notes: '见设计文档',
    };
    const task = (await createTask({ custom_fields: values }).expect(201)).body;
    expect(task.custom_fields).toEqual(values);

    const bad = async (custom_fields: Record<string, unknown>) =>
      (await createTask({ custom_fields }).expect(422)).body.errors.map((e: { field: string }) => e.field);
    expect(await bad({ story_points: 'five' })).toEqual(['custom_fields.story_points']);
    expect(await bad({ severity: 'medium' })).toEqual(['custom_fields.severity']);
    expect(await bad({ spec: 'ftp://x' })).toEqual(['custom_fields.spec']);
    expect(await bad({ due_review: 'soon' })).toEqual(['custom_fields.due_review']);
    expect(await bad({ blocked: 'no' })).toEqual(['custom_fields.blocked']);
    expect(await bad({ colour: 'red' })).toEqual(['custom_fields.colour']);
    await createTask({ custom_fields: 'not an object' }).expect(422);

    const merged = await t.http.patch(`/api/v1/tasks/${task.id}`).set(t.admin).send({ custom_fields: { story_points: 8, notes: null } }).expect(200);
    expect(merged.body.custom_fields).toEqual({ ...values, story_points: 8, notes: undefined });
    expect('notes' in merged.body.custom_fields).toBe(false);
    await t.http.patch(`/api/v1/tasks/${task.id}`).set(t.admin).send({ custom_fields: { severity: 'urgent' } }).expect(422);
    expect((await t.http.get(`/api/v1/tasks/${task.id}`).set(t.admin).expect(200)).body.custom_fields.severity).toBe('high');
  });

  it('validates definitions: key format, duplicates, enum options, fixed key and type', async () => {
    await define({ key: 'Bad Key', type: 'text' }).expect(422);
    await define({ key: 'k1', type: 'colour' }).expect(422);
    await define({ key: 'k2', type: 'enum' }).expect(422);
    await define({ key: 'k3', type: 'enum', options: [] }).expect(422);
    const options = await define({ key: 'k4', type: 'text', options: ['a'] }).expect(422);
    expect(options.body.errors[0].field).toBe('options');
    const field = (await define({ key: 'k5', type: 'enum', options: ['a'] }).expect(201)).body;
    await define({ key: 'k5', type: 'text' }).expect(409);
    await t.http.patch(`/api/v1/task-custom-fields/${field.id}`).set(t.admin).send({ type: 'text' }).expect(422);
    await t.http.patch(`/api/v1/task-custom-fields/${field.id}`).set(t.admin).send({ key: 'k6' }).expect(422);
    const updated = await t.http.patch(`/api/v1/task-custom-fields/${field.id}`).set(t.admin).send({ options: ['a', 'b'], label: 'Choice' }).expect(200);
    expect(updated.body).toMatchObject({ options: ['a', 'b'], label: 'Choice', type: 'enum' });
  });

  it('enforces required fields on new tasks and on updates that change custom fields', async () => {
    const own = await createOrganization(t);
    const ownBoard = await createBoard(t, own.id);
    const field = (
      await t.http
        .post('/api/v1/task-custom-fields')
        .set(t.admin)
        .send({ organization_id: own.id, key: 'owner', label: 'Owner', type: 'text', required: true })
        .expect(201)
    ).body;
    const missing = await createTask({}, ownBoard.id).expect(422);
    expect(missing.body.errors).toEqual([{ field: 'custom_fields.owner', message: 'custom_fields.owner is required' }]);
    const task = (await createTask({ custom_fields: { owner: 'ops' } }, ownBoard.id).expect(201)).body;
    await t.http.patch(`/api/v1/tasks/${task.id}`).set(t.admin).send({ custom_fields: { owner: null } }).expect(422);
    await t.http.patch(`/api/v1/tasks/${task.id}`).set(t.admin).send({ title: 'renamed' }).expect(200);

    await t.http.delete(`/api/v1/task-custom-fields/${field.id}`).set(t.admin).expect(204);
    expect((await t.http.get(`/api/v1/tasks/${task.id}`).set(t.admin).expect(200)).body.custom_fields).toEqual({});
    await createTask({}, ownBoard.id).expect(201);
  });

  it("scopes a board's own fields to that board", async () => {
    const other = await createBoard(t, org.id);
    const scoped = (await define({ key: `only_here_${randomUUID().slice(0, 4)}`, type: 'number', board_id: board.id }).expect(201)).body;
    await createTask({ custom_fields: { [scoped.key]: 1 } }).expect(201);
    await createTask({ custom_fields: { [scoped.key]: 1 } }, other.id).expect(422);
    const forOther = await t.http.get('/api/v1/task-custom-fields').query({ board_id: other.id, limit: 100 }).set(t.admin).expect(200);
    expect(forOther.body.items.map((f: { key: string }) => f.key)).not.toContain(scoped.key);
    const forBoard = await t.http.get('/api/v1/task-custom-fields').query({ board_id: board.id, limit: 100 }).set(t.admin).expect(200);
    expect(forBoard.body.items.map((f: { key: string }) => f.key)).toEqual(expect.arrayContaining([scoped.key, 'story_points']));
    const foreignBoard = await createBoard(t, (await createOrganization(t)).id);
    const refused = await define({ key: 'elsewhere', type: 'text', board_id: foreignBoard.id }).expect(422);
    expect(refused.body.errors[0].field).toBe('board_id');
  });

  it('keeps an organization admin inside its organization', async () => {
    const field = (await define({ key: `private_${randomUUID().slice(0, 4)}`, type: 'text' }).expect(201)).body;
    const outsider = await organizationAdmin(t, (await createOrganization(t)).id);
    await t.http.get(`/api/v1/task-custom-fields/${field.id}`).set(outsider.headers).expect(403);
    await t.http.delete(`/api/v1/task-custom-fields/${field.id}`).set(outsider.headers).expect(403);
    await t.http.post('/api/v1/task-custom-fields').set(outsider.headers).send({ organization_id: org.id, key: 'x', label: 'x', type: 'text' }).expect(403);
    await t.http.get(`/api/v1/task-custom-fields/${randomUUID()}`).set(t.admin).expect(404);
  });
});
