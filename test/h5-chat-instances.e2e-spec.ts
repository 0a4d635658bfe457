import { randomUUID } from 'node:crypto';
import { sharedSecrets, twoInstancesAvailable } from './support/instances';
import { createAgent, createOrganization, registerH5User } from './support/fixtures';
import { chatEvent, ScriptedRelay } from './support/scripted-relay';
import { startTestApp, TestApp } from './support/test-app';
import { FrameClient } from './support/ws-client';

const twoInstances = twoInstancesAvailable('h5-chat-instances.e2e-spec');

(twoInstances ? describe : describe.skip)('H5 chat with the relay on another instance (PostgreSQL + Redis)', () => {
  let a: TestApp;
  let b: TestApp;
  const shared = sharedSecrets();

  beforeAll(async () => {
    a = await startTestApp(shared);
    b = await startTestApp(shared, { sameDatabaseAs: a });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('carries a message from an H5 socket on A to the relay held by B, and the answer back; a new session id sent to both at once is one session', async () => {
    const org = await createOrganization(a);
    const minted = await a.http.post('/api/v1/gateway-registry/tokens').set(a.admin).send({ organization_id: org.id }).expect(201);
    const registered = (await b.http.post('/api/v1/gateway-registry/register').send({ registration_token: minted.body.registration_token, name: 'far-gw' }).expect(201)).body;
    expect(registered.relay_ws_url.startsWith(b.baseUrl.replace('http', 'ws'))).toBe(true);
    const relay = await ScriptedRelay.connect(registered.relay_ws_url, registered.relay_token, (method, params) => {
      const runId = params.idempotencyKey as string;
      setTimeout(() => {
        relay.chatEvent(chatEvent(runId, 'delta', 'echo:', 'echo:'));
        relay.chatEvent(chatEvent(runId, 'final', `echo: ${params.message as string}`));
      }, 20);
      return { runId, status: 'started' };
    });
    const agent = await createAgent(a, org.id, { gateway_id: registered.gateway_id });
    const user = await registerH5User(a, org.id);
    await a.http.post(`/api/v1/h5/users/${user.user.id}/assign`).set(a.admin).send({ agent_id: agent.id }).expect(201);

    const chat = await FrameClient.connect(`${a.baseUrl.replace('http', 'ws')}/ws/h5/chat?token=${user.access_token}`);
    await chat.next((f) => f.type === 'auth_ok');
    const id = randomUUID();
    chat.send({ type: 'chat', id, payload: { agent_id: agent.id, content: 'across instances' } });
    const final = await chat.next((f) => f.type === 'chat' && (f.payload as { state: string }).state === 'final', 10_000);
    expect(final.payload).toMatchObject({ content: 'echo: across instances', reply_to: id });
    expect(relay.calls.map((c) => c.method)).toEqual(['chat.send']);

    const connections = await a.http.get(`/api/v1/gateways/${registered.gateway_id}/connections`).set(a.admin).expect(200);
    const instances = new Set(connections.body.items.filter((c: { type: string }) => c.type !== 'gateway_session').map((c: { instance_id: string }) => c.instance_id));
    expect(instances.size).toBe(2);

    // a session id the client chose, first used on both instances at once, names one session
    const onB = await FrameClient.connect(`${b.baseUrl.replace('http', 'ws')}/ws/h5/chat?token=${user.access_token}`);
    await onB.next((f) => f.type === 'auth_ok');
    const chosen = randomUUID();
    const [viaA, viaB] = [randomUUID(), randomUUID()];
    chat.send({ type: 'chat', id: viaA, payload: { agent_id: agent.id, content: 'via A', session_id: chosen } });
    onB.send({ type: 'chat', id: viaB, payload: { agent_id: agent.id, content: 'via B', session_id: chosen } });
    const finalFor = (replyTo: string) => (f: { type: string; payload?: unknown }) =>
      f.type === 'chat' && (f.payload as { state: string; reply_to: string }).state === 'final' && (f.payload as { reply_to: string }).reply_to === replyTo;
    const answers = await Promise.all([chat.next(finalFor(viaA), 10_000), onB.next(finalFor(viaB), 10_000)]);
    expect(answers.map((f) => (f.payload as { session_id: string }).session_id)).toEqual([chosen, chosen]);
    const sessions = await b.http.get('/api/v1/h5/chat/sessions').set({ Authorization: `Bearer ${user.access_token}` }).expect(200);
    expect(sessions.body.items.filter((s: { id: string }) => s.id === chosen)).toHaveLength(1);
    expect(sessions.body.total).toBe(2);
    const history = await a.http.get(`/api/v1/h5/chat/sessions/${chosen}/messages`).set({ Authorization: `Bearer ${user.access_token}` }).expect(200);
    expect(history.body.total).toBe(4);
    onB.close();
    chat.close();
    relay.close();
  });
});
