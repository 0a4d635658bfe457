import { createBoard, createOrganization } from './support/fixtures';
import { sharedSecrets, twoInstancesAvailable } from './support/instances';
import { startTestApp, TestApp } from './support/test-app';
import { FrameClient } from './support/ws-client';

const twoInstances = twoInstancesAvailable('board-sync-instances.e2e-spec');

(twoInstances ? describe : describe.skip)('Live board sync across two instances (PostgreSQL + Redis)', () => {
  let a: TestApp;
  let b: TestApp;
  const clients: FrameClient[] = [];
  const shared = sharedSecrets();

  beforeAll(async () => {
    a = await startTestApp(shared);
    b = await startTestApp(shared, { sameDatabaseAs: a });
  });
  afterAll(async () => {
    clients.forEach((client) => client.close());
    await b?.close();
    await a?.close();
  });

  const open = async (app: TestApp, boardId: string) => {
    const client = await FrameClient.connect(`${app.baseUrl.replace('http', 'ws')}/ws/board/${boardId}/sync?token=${shared.LOCAL_AUTH_TOKEN}`);
    clients.push(client);
    await client.next((f) => f.type === 'board.state');
    return client;
  };

  it('delivers a change made on one instance to sockets held by the other, both ways', async () => {
    const org = await createOrganization(a);
    const board = await createBoard(a, org.id);
    const onA = await open(a, board.id);
    const onB = await open(b, board.id);

    const task = (await a.http.post('/api/v1/tasks').set(a.admin).send({ board_id: board.id, title: 'made on A' }).expect(201)).body;
    expect(await onB.next((f) => f.type === 'task.created')).toMatchObject({ task: { id: task.id, title: 'made on A' } });

    onB.send({ type: 'task.move', task_id: task.id, status: 'todo' });
    expect(await onA.next((f) => f.type === 'task.updated')).toMatchObject({ task_id: task.id, changes: { status: { from: 'inbox', to: 'todo' } } });
    expect((await a.http.get(`/api/v1/tasks/${task.id}`).set(a.admin).expect(200)).body.status).toBe('todo');

    await b.http.delete(`/api/v1/tasks/${task.id}`).set(b.admin).expect(204);
    expect(await onA.next((f) => f.type === 'task.deleted')).toMatchObject({ task_id: task.id });
  });
});
