import { createBoard, createOrganization } from './support/fixtures';
import { HookServer } from './support/hook-server';
import { sharedSecrets, twoInstancesAvailable } from './support/instances';
import { waitFor } from './support/service-process';
import { startTestApp, TestApp } from './support/test-app';
import { FrameClient } from './support/ws-client';

const twoInstances = twoInstancesAvailable('pipelines-instances.e2e-spec');

type Run = { id: string; status: string; current_stage: string | null; stages: Array<{ key: string; status: string; attempts: number }>; finished_at: string | null };

(twoInstances ? describe : describe.skip)('Pipeline runs on two instances (PostgreSQL + Redis)', () => {
  let a: TestApp;
  let b: TestApp;
  let hooks: HookServer;
  const shared = sharedSecrets();

  beforeAll(async () => {
    hooks = await HookServer.start();
    a = await startTestApp({ ...shared, OUTBOUND_ALLOWED_HOSTS: hooks.host });
    b = await startTestApp({ ...shared, OUTBOUND_ALLOWED_HOSTS: hooks.host }, { sameDatabaseAs: a });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await hooks?.close();
  });

  it('moves each run on once, whichever instance takes its steps, and shows it on the other instance', async () => {
    const org = await createOrganization(a);
    const board = await createBoard(a, org.id);
    const onB = await FrameClient.connect(`${b.baseUrl.replace('http', 'ws')}/ws/board/${board.id}/sync?token=${shared.LOCAL_AUTH_TOKEN}`);
    const pipeline = (
      await a.http
        .post('/api/v1/pipelines')
        .set(a.admin)
        .send({
          organization_id: org.id,
          board_id: board.id,
          name: 'two instances',
          stages: [
            { key: 'first', name: 'First', type: 'webhook', config: { url: hooks.url('/two/first'), body: { run: '{{run.id}}' } } },
            { key: 'pause', name: 'Pause', type: 'delay', config: { seconds: 1 } },
            { key: 'hold', name: 'Hold', type: 'manual', config: {} },
            { key: 'last', name: 'Last', type: 'webhook', config: { url: hooks.url('/two/last'), body: { run: '{{run.id}}' } } },
          ],
        })
        .expect(201)
    ).body;
    const runs = await Promise.all(Array.from({ length: 6 }, (_, n) => (n % 2 ? a : b).http.post(`/api/v1/pipelines/${pipeline.id}/run`).set(a.admin).send({}).expect(201)));
    const ids = runs.map((response) => response.body.id as string);
    for (const [n, id] of ids.entries()) {
      await waitFor('the manual stage', async () => {
        const run = (await (n % 2 ? b : a).http.get(`/api/v1/pipeline-runs/${id}`).set(a.admin).expect(200)).body as Run;
        return run.current_stage === 'hold' && run.stages[2].status === 'waiting' ? run : undefined;
      });
      await (n % 2 ? b : a).http.post(`/api/v1/pipeline-runs/${id}/advance`).set(a.admin).send({}).expect(200);
    }
    const done = await Promise.all(
      ids.map((id) =>
        waitFor('the run to finish', async () => {
          const run = (await b.http.get(`/api/v1/pipeline-runs/${id}`).set(a.admin).expect(200)).body as Run;
          return run.finished_at ? run : undefined;
        }),
      ),
    );
    expect(done.map((run) => run.status)).toEqual(ids.map(() => 'succeeded'));
    expect(done.flatMap((run) => run.stages.map((stage) => stage.attempts))).toEqual(done.flatMap(() => [1, 1, 1, 1]));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    for (const path of ['/two/first', '/two/last']) {
      expect(hooks.callsTo(path).map((call) => (call.body as { run: string }).run).sort()).toEqual([...ids].sort());
    }
    await onB.next((frame) => frame.type === 'pipeline.run_updated' && (frame.run as Run).status === 'succeeded');
    onB.close();
  }, 90_000);
});
