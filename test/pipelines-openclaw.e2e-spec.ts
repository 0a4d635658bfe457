import { createBoard } from './support/fixtures';
import { describeWithOpenClaw } from './support/openclaw';
import { RealGatewayRig, startRealGatewayRig } from './support/real-gateway-rig';
import { waitFor } from './support/service-process';

type Run = { id: string; current_stage: string | null; status: string; stages: Array<{ key: string; status: string; output: Record<string, any> | null }> };

describeWithOpenClaw('Pipeline ai_task stages through a real OpenClaw gateway', () => {
  let rig: RealGatewayRig;

  beforeAll(async () => {
    rig = await startRealGatewayRig('pipelines-openclaw-observer');
  }, 120_000);
  afterAll(() => rig?.close());

  it("sends the task to the agent's gateway once, and the agent's model reads it", async () => {
    const { t, org, agent, model } = rig;
    const board = await createBoard(t, org.id);
    const pipeline = (
      await t.http
        .post('/api/v1/pipelines')
        .set(t.admin)
        .send({
          organization_id: org.id,
          board_id: board.id,
          name: 'real gateway',
          stages: [{ key: 'write', name: 'Write', type: 'ai_task', config: { title: 'Write the changelog for {{input.version}}', agent_id: agent.id, send_to_agent: true } }],
        })
        .expect(201)
    ).body;
    const run = (await t.http.post(`/api/v1/pipelines/${pipeline.id}/run`).set(t.admin).send({ input: { version: '3.1.0' } }).expect(201)).body as Run;
    const waiting = await waitFor(
      'the task to reach the agent',
      async () => {
        const current = (await t.http.get(`/api/v1/pipeline-runs/${run.id}`).set(t.admin).expect(200)).body as Run;
        return current.stages[0].status === 'waiting' ? current : undefined;
      },
      60_000,
    );
    const output = waiting.stages[0].output!;
    expect(output.message).toMatchObject({ sent: true, session_key: `agent:main:mc-pipeline-${run.id}` });
    const seen = await waitFor('the model to be asked', () => model.userTexts.find((text) => text.includes('Write the changelog for 3.1.0')), 60_000);
    expect(seen).toContain(output.task_id);
    expect(model.userTexts.filter((text) => text.includes(output.task_id))).toHaveLength(1);

    await t.http.patch(`/api/v1/tasks/${output.task_id}`).set(t.admin).send({ status: 'done' }).expect(200);
    const done = await waitFor('the run to finish', async () => {
      const current = (await t.http.get(`/api/v1/pipeline-runs/${run.id}`).set(t.admin).expect(200)).body as Run;
      return current.status === 'succeeded' ? current : undefined;
    });
    expect(done.stages[0].status).toBe('succeeded');
  }, 120_000);
});
