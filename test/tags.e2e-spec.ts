import { randomUUID } from 'node:crypto';
import { createBoard, createOrganization, organizationAdmin } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('Tags /api/v1/tags and tags on tasks', () => {
  let t: TestApp;
  let org: { id: string };
  let board: { id: string };

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t);
    board = await createBoard(t, org.id);
  });
  afterAll(() => t.close());

  const newTask = async (extra: Record<string, unknown> = {}) =>
    (await t.http.post('/api/v1/tasks').set(t.admin).send({ board_id: board.id, title: `t-${randomUUID().slice(0, 6)}`, ...extra }).expect(201)).body;

  it('keeps a catalogue with names unique without regard to case', async () => {
    const created = await t.http.post('/api/v1/tags').set(t.admin).send({ organization_id: org.id, name: 'Backend', color: '#2563EB' }).expect(201);
    expect(created.body).toMatchObject({ name: 'Backend', color: '#2563eb', organization_id: org.id, description: null });
    const duplicate = await t.http.post('/api/v1/tags').set(t.admin).send({ organization_id: org.id, name: 'backend' }).expect(409);
    expect(duplicate.body.detail).toContain('backend');
    await t.http.post('/api/v1/tags').set(t.admin).send({ organization_id: (await createOrganization(t)).id, name: 'backend' }).expect(201);

    await t.http.post('/api/v1/tags').set(t.admin).send({ organization_id: org.id, name: 'a,b' }).expect(422);
    await t.http.post('/api/v1/tags').set(t.admin).send({ organization_id: org.id, name: 'x', color: 'blue' }).expect(422);

    const renamed = await t.http.patch(`/api/v1/tags/${created.body.id}`).set(t.admin).send({ name: 'BACKEND', description: 'server side' }).expect(200);
    expect(renamed.body).toMatchObject({ name: 'BACKEND', description: 'server side' });
    const listed = await t.http.get('/api/v1/tags').query({ organization_id: org.id, q: 'back' }).set(t.admin).expect(200);
    expect(listed.body.items.map((tag: { name: string }) => tag.name)).toEqual(['BACKEND']);
  });

  it('tags tasks by name on create and update, adding unknown names to the catalogue, and filters by tag', async () => {
    const task = await newTask({ tags: ['release', 'Urgent-Fix'] });
    expect(task.tags.map((tag: { name: string }) => tag.name)).toEqual(['release', 'Urgent-Fix']);
    const catalogue = await t.http.get('/api/v1/tags').query({ organization_id: org.id, limit: 100 }).set(t.admin).expect(200);
    expect(catalogue.body.items.map((tag: { name: string }) => tag.name)).toEqual(expect.arrayContaining(['release', 'Urgent-Fix']));

    const retagged = await t.http.patch(`/api/v1/tasks/${task.id}`).set(t.admin).send({ tags: ['RELEASE', 'docs'] }).expect(200);
    expect(retagged.body.tags.map((tag: { name: string }) => tag.name)).toEqual(['docs', 'release']);
    await newTask({ tags: ['docs'] });

    const byTag = await t.http.get('/api/v1/tasks').query({ board_id: board.id, tag: 'DOCS' }).set(t.admin).expect(200);
    expect(byTag.body.total).toBe(2);
    const byRelease = await t.http.get('/api/v1/tasks').query({ board_id: board.id, tag: 'release' }).set(t.admin).expect(200);
    expect(byRelease.body.items.map((x: { id: string }) => x.id)).toEqual([task.id]);

    await t.http.post('/api/v1/tasks').set(t.admin).send({ board_id: board.id, title: 'x', tags: ['ok', 'bad,name'] }).expect(422);
    await t.http.post('/api/v1/tasks').set(t.admin).send({ board_id: board.id, title: 'x', tags: 'release' }).expect(422);
  });

  it('tags and untags a task through the catalogue routes', async () => {
    const tag = (await t.http.post('/api/v1/tags').set(t.admin).send({ organization_id: org.id, name: `t-${randomUUID().slice(0, 6)}` }).expect(201)).body;
    const task = await newTask();
    const first = await t.http.post(`/api/v1/tags/${tag.id}/tasks`).set(t.admin).send({ task_id: task.id }).expect(201);
    expect(first.body).toEqual({ tag_id: tag.id, task_id: task.id });
    await t.http.post(`/api/v1/tags/${tag.id}/tasks`).set(t.admin).send({ task_id: task.id }).expect(200);
    expect((await t.http.get(`/api/v1/tasks/${task.id}`).set(t.admin).expect(200)).body.tags.map((x: { id: string }) => x.id)).toEqual([tag.id]);

    await t.http.delete(`/api/v1/tags/${tag.id}/tasks/${task.id}`).set(t.admin).expect(204);
    await t.http.delete(`/api/v1/tags/${tag.id}/tasks/${task.id}`).set(t.admin).expect(404);
    expect((await t.http.get(`/api/v1/tasks/${task.id}`).set(t.admin).expect(200)).body.tags).toEqual([]);

    const unknown = await t.http.post(`/api/v1/tags/${tag.id}/tasks`).set(t.admin).send({ task_id: randomUUID() }).expect(422);
    expect(unknown.body.errors[0].field).toBe('task_id');
    const otherOrg = await createOrganization(t);
    const foreignTask = (await t.http.post('/api/v1/tasks').set(t.admin).send({ board_id: (await createBoard(t, otherOrg.id)).id, title: 'theirs' }).expect(201)).body;
    await t.http.post(`/api/v1/tags/${tag.id}/tasks`).set(t.admin).send({ task_id: foreignTask.id }).expect(422);

    await t.http.post(`/api/v1/tags/${tag.id}/tasks`).set(t.admin).send({ task_id: task.id }).expect(201);
    await t.http.delete(`/api/v1/tags/${tag.id}`).set(t.admin).expect(204);
    expect((await t.http.get(`/api/v1/tasks/${task.id}`).set(t.admin).expect(200)).body.tags).toEqual([]);
    await t.http.get(`/api/v1/tags/${tag.id}`).set(t.admin).expect(404);
  });

  it('keeps an organization admin inside its organization', async () => {
    const tag = (await t.http.post('/api/v1/tags').set(t.admin).send({ organization_id: org.id, name: `p-${randomUUID().slice(0, 6)}` }).expect(201)).body;
    const outsider = await organizationAdmin(t, (await createOrganization(t)).id);
    await t.http.get(`/api/v1/tags/${tag.id}`).set(outsider.headers).expect(403);
    await t.http.patch(`/api/v1/tags/${tag.id}`).set(outsider.headers).send({ name: 'mine' }).expect(403);
    await t.http.post('/api/v1/tags').set(outsider.headers).send({ organization_id: org.id, name: 'x' }).expect(403);
    await t.http.get('/api/v1/tags').query({ organization_id: org.id }).set(outsider.headers).expect(403);
  });
});
