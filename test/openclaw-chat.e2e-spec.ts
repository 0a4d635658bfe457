import { randomUUID } from 'node:crypto';
import { FakeModelServer } from './fakes/openai-model-server';
import { createAgent, createOrganization, registerH5User } from './support/fixtures';
import { describeWithOpenClaw, OpenClawGatewayHandle, startOpenClawGateway } from './support/openclaw';
import { startTestApp, TestApp } from './support/test-app';
import { Frame, FrameClient } from './support/ws-client';

type ChatPayload = { state: string; content: string; session_id: string; reply_to: string };
const payloadOf = (frame: Frame) => frame.payload as ChatPayload;
const finalFor = (id: string) => (f: Frame) => f.type === 'chat' && payloadOf(f).state === 'final' && payloadOf(f).reply_to === id;

describeWithOpenClaw('H5 chat through a real OpenClaw gateway, direct mode', () => {
  let model: FakeModelServer;
  let gateway: OpenClawGatewayHandle;
  let t: TestApp;
  let gatewayId: string;
  let agentId: string;
  let chat: FrameClient;
  let userHeaders: Record<string, string>;

  beforeAll(async () => {
    model = await FakeModelServer.start();
    gateway = await startOpenClawGateway({ modelBaseUrl: model.baseUrl });
    t = await startTestApp({ GATEWAY_HEARTBEAT_SECONDS: '1' });
    const org = await createOrganization(t);
    gatewayId = (await t.http.post('/api/v1/gateways').set(t.admin).send({ organization_id: org.id, name: 'real-direct', url: gateway.url, token: gateway.token }).expect(201)).body.id;
    agentId = (await createAgent(t, org.id, { gateway_id: gatewayId })).id;
    const user = await registerH5User(t, org.id);
    userHeaders = user.headers;
    await t.http.post(`/api/v1/h5/users/${user.user.id}/assign`).set(t.admin).send({ agent_id: agentId }).expect(201);
    chat = await FrameClient.connect(`${t.baseUrl.replace('http', 'ws')}/ws/h5/chat`);
    chat.send({ type: 'auth', payload: { token: user.access_token } });
    await chat.next((f) => f.type === 'auth_ok');
  }, 240_000);

  afterAll(async () => {
    chat?.close();
    await t?.close();
    await gateway?.stop();
    await model?.close();
  });

  it('streams the model answer back, partial then final', async () => {
    const id = randomUUID();
    chat.send({ type: 'chat', id, payload: { agent_id: agentId, content: 'hello real gateway' } });
    const final = await chat.next(finalFor(id), 90_000);
    expect(payloadOf(final).content).toBe(FakeModelServer.answerFor('hello real gateway'));
    const deltas = chat.frames.filter((f) => f.type === 'chat' && payloadOf(f).state === 'delta' && payloadOf(f).reply_to === id);
    expect(deltas.length).toBeGreaterThan(0);
    expect(model.userTexts).toContain('hello real gateway');
  }, 120_000);

  it('starts a session under the session_id of a first message, as the document frames it', async () => {
    const id = randomUUID();
    const chosen = randomUUID();
    chat.send({ type: 'chat', id, payload: { agent_id: agentId, content: 'a fresh session', session_id: chosen } });
    const final = await chat.next(finalFor(id), 90_000);
    expect(payloadOf(final)).toMatchObject({ session_id: chosen, content: FakeModelServer.answerFor('a fresh session') });
    expect(chat.frames.some((f) => f.type === 'chat' && payloadOf(f).state === 'delta' && payloadOf(f).reply_to === id)).toBe(true);
    const sessions = await t.http.get('/api/v1/h5/chat/sessions').set(userHeaders).expect(200);
    expect(sessions.body.items.map((s: { id: string }) => s.id)).toContain(chosen);
    const history = await t.http.get(`/api/v1/h5/chat/sessions/${chosen}/messages?order=asc`).set(userHeaders).expect(200);
    expect(history.body.items.map((m: { role: string; content: string; state: string }) => [m.role, m.content, m.state])).toEqual([
      ['user', 'a fresh session', 'complete'],
      ['agent', FakeModelServer.answerFor('a fresh session'), 'complete'],
    ]);
  }, 120_000);

  it('shows reality in metrics and connections', async () => {
    const metrics = await t.http.get(`/api/v1/gateways/${gatewayId}/metrics`).set(t.admin).expect(200);
    expect(metrics.body).toMatchObject({ status: 'online', relay_connected: false, h5_connections: 1 });
    expect(metrics.body.messages_relayed).toBeGreaterThanOrEqual(2);
    expect(metrics.body.rpc_latency_ms).toEqual(expect.any(Number));
    const connections = await t.http.get(`/api/v1/gateways/${gatewayId}/connections`).set(t.admin).expect(200);
    expect(connections.body.sessions_available).toBe(true);
    const sessions = connections.body.items.filter((c: { type: string }) => c.type === 'gateway_session').map((c: { id: string }) => c.id);
    expect(sessions.some((key: string) => key.includes('mc-h5-'))).toBe(true);
    expect(connections.body.items.filter((c: { type: string }) => c.type === 'h5')).toHaveLength(1);
  });

  it('recovers after the gateway restarts, in the same session', async () => {
    const first = chat.frames.find((f) => f.type === 'chat' && payloadOf(f).state === 'final');
    await gateway.restart();
    const id = randomUUID();
    const deadline = Date.now() + 60_000;
    // the pooled connection reconnects with back-off; a message sent while it is down is refused, not lost
    for (;;) {
      chat.send({ type: 'chat', id, payload: { agent_id: agentId, content: 'after restart', session_id: payloadOf(first!).session_id } });
      const outcome = await chat.next((f) => finalFor(id)(f) || (f.type === 'error' && f.id === id), 90_000, chat.frames.length);
      if (outcome.type === 'chat') {
        expect(payloadOf(outcome)).toMatchObject({ content: FakeModelServer.answerFor('after restart'), session_id: payloadOf(first!).session_id });
        break;
      }
      if (Date.now() > deadline) throw new Error(`no recovery: ${JSON.stringify(outcome)}`);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    const gatewayRow = await t.http.get(`/api/v1/gateways/${gatewayId}`).set(t.admin).expect(200);
    expect(gatewayRow.body.status).toBe('online');
  }, 180_000);

  it('says clearly when the gateway refuses our token', async () => {
    const org = (await t.http.get(`/api/v1/gateways/${gatewayId}`).set(t.admin).expect(200)).body.organization_id;
    const wrong = await t.http.post('/api/v1/gateways').set(t.admin).send({ organization_id: org, name: 'wrong-token', url: gateway.url, token: 'not-the-token' }).expect(201);
    const refused = await t.http.get(`/api/v1/skills-marketplace/gateways/${wrong.body.id}/live`).set(t.admin).expect(502);
    expect(refused.body.detail).toMatch(/refused our token/);
    const metrics = await t.http.get(`/api/v1/gateways/${wrong.body.id}/metrics`).set(t.admin).expect(200);
    expect(metrics.body.last_error).toMatch(/refused the token/);
    expect(metrics.body.errors).toBeGreaterThan(0);
    const agent = await createAgent(t, org, { gateway_id: wrong.body.id });
    const user = await registerH5User(t, org);
    await t.http.post(`/api/v1/h5/users/${user.user.id}/assign`).set(t.admin).send({ agent_id: agent.id }).expect(201);
    const client = await FrameClient.connect(`${t.baseUrl.replace('http', 'ws')}/ws/h5/chat?token=${user.access_token}`);
    await client.next((f) => f.type === 'auth_ok');
    const id = randomUUID();
    client.send({ type: 'chat', id, payload: { agent_id: agent.id, content: 'hello?' } });
    const failure = await client.next((f) => f.type === 'error' && f.id === id, 30_000);
    expect(failure.payload).toMatchObject({ code: 'AGENT_UNAVAILABLE', message: expect.stringMatching(/token/i) });
    client.close();
  }, 60_000);

  it('tells the user when the gateway dies mid-reply, and the session stays usable', async () => {
    model.behaviour = { kind: 'hang', afterWords: 1 };
    const id = randomUUID();
    chat.send({ type: 'chat', id, payload: { agent_id: agentId, content: 'a question that never finishes' } });
    await chat.next((f) => f.type === 'chat' && payloadOf(f).reply_to === id && payloadOf(f).state === 'delta', 90_000);
    await gateway.kill();
    const failure = await chat.next((f) => f.type === 'error' && f.id === id, 30_000);
    expect(failure.payload).toMatchObject({ code: 'GATEWAY_OFFLINE' });
    model.behaviour = { kind: 'normal' };
    model.releaseHanging();
    await gateway.restart();

    const again = randomUUID();
    const deadline = Date.now() + 60_000;
    for (;;) {
      chat.send({ type: 'chat', id: again, payload: { agent_id: agentId, content: 'back again', session_id: (failure.payload as { session_id: string }).session_id } });
      const outcome = await chat.next((f) => finalFor(again)(f) || (f.type === 'error' && f.id === again), 90_000, chat.frames.length);
      if (outcome.type === 'chat') break;
      if (Date.now() > deadline) throw new Error(`no recovery: ${JSON.stringify(outcome)}`);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }, 240_000);
});
