import { randomUUID } from 'node:crypto';
import { createAgent, createOrganization, registerH5User } from './support/fixtures';
import { chatEvent, ScriptedRelay } from './support/scripted-relay';
import { startTestApp, TestApp } from './support/test-app';
import { Frame, FrameClient } from './support/ws-client';

type ChatPayload = { agent_id: string; session_id: string; content: string; role: string; state: string; delta?: string; reply_to?: string };
const payloadOf = (frame: Frame) => frame.payload as ChatPayload;
const isError = (code: string) => (f: Frame) => f.type === 'error' && (f.payload as { code: string }).code === code;

describe('H5 chat over /ws/h5/chat through a relayed gateway', () => {
  let t: TestApp;
  let org: { id: string };
  let gateway: { gateway_id: string; relay_ws_url: string; relay_token: string };
  let relay: ScriptedRelay;
  let agent: { id: string };
  let user: Awaited<ReturnType<typeof registerH5User>>;
  let chatUrl: string;

  /** The scripted gateway: acknowledges chat.send, then streams "echo: <message>" in two deltas and a final. */
  const echoGateway = (method: string, params: Record<string, unknown>) => {
    if (method !== 'chat.send') throw new Error(`unexpected ${method}`);
    const runId = params.idempotencyKey as string;
    const answer = `echo: ${params.message as string}`;
    setTimeout(() => {
      relay.chatEvent(chatEvent(runId, 'delta', 'echo:', 'echo:'));
      relay.chatEvent(chatEvent(runId, 'delta', answer, answer.slice(5)));
      relay.chatEvent(chatEvent(runId, 'final', answer));
    }, 20);
    return { runId, status: 'started' };
  };

  async function signedIn(token = user.access_token): Promise<FrameClient> {
    const client = await FrameClient.connect(chatUrl);
    client.send({ type: 'auth', payload: { token } });
    await client.next((f) => f.type === 'auth_ok' || f.type === 'auth_error');
    return client;
  }

  beforeAll(async () => {
    t = await startTestApp({ CHAT_REPLY_TIMEOUT_MS: '3000' });
    chatUrl = `${t.baseUrl.replace(/^http/, 'ws')}/ws/h5/chat`;
    org = await createOrganization(t);
    const minted = await t.http.post('/api/v1/gateway-registry/tokens').set(t.admin).send({ organization_id: org.id }).expect(201);
    gateway = (await t.http.post('/api/v1/gateway-registry/register').send({ registration_token: minted.body.registration_token, name: 'relay-gw' }).expect(201)).body;
    relay = await ScriptedRelay.connect(gateway.relay_ws_url, gateway.relay_token, echoGateway);
    agent = await createAgent(t, org.id, { gateway_id: gateway.gateway_id, openclaw_agent_id: 'helper' });
    user = await registerH5User(t, org.id);
    await t.http.post(`/api/v1/h5/users/${user.user.id}/assign`).set(t.admin).send({ agent_id: agent.id }).expect(201);
  });
  afterAll(async () => {
    relay?.close();
    await t.close();
  });

  it('authenticates with the first frame and lists the assignments', async () => {
    const client = await signedIn();
    expect(client.frames[0]).toMatchObject({ type: 'auth_ok', payload: { user_id: user.user.id, assignments: [{ agent_id: agent.id, gateway_id: gateway.gateway_id }] } });
    client.send({ type: 'heartbeat', id: 'beat-1' });
    expect(await client.next((f) => f.type === 'heartbeat')).toEqual({ type: 'heartbeat', id: 'beat-1' });
    client.close();
  });

  it('streams the agent answer, partial then final, and stores the conversation', async () => {
    const client = await signedIn();
    const id = randomUUID();
    client.send({ type: 'chat', id, payload: { agent_id: agent.id, content: '你好！' } });
    const final = await client.next((f) => f.type === 'chat' && payloadOf(f).state === 'final');
    const deltas = client.frames.filter((f) => f.type === 'chat' && payloadOf(f).state === 'delta');
    expect(deltas.map((f) => payloadOf(f).content)).toEqual(['echo:', 'echo: 你好！']);
    expect(deltas.map((f) => payloadOf(f).delta)).toEqual(['echo:', ' 你好！']);
    expect(deltas.every((f) => f.id === final.id)).toBe(true);
    expect(payloadOf(final)).toMatchObject({ agent_id: agent.id, role: 'agent', content: 'echo: 你好！', reply_to: id });

    const call = relay.calls.find((c) => c.params.idempotencyKey);
    expect(call?.params).toMatchObject({ message: '你好！', sessionKey: expect.stringMatching(/^agent:helper:mc-h5-/) });

    const sessions = await t.http.get('/api/v1/h5/chat/sessions').set(user.headers).expect(200);
    expect(sessions.body.items).toEqual([expect.objectContaining({ id: payloadOf(final).session_id, agent_id: agent.id })]);
    const history = await t.http.get(`/api/v1/h5/chat/sessions/${payloadOf(final).session_id}/messages?order=asc`).set(user.headers).expect(200);
    expect(history.body.items.map((m: { role: string; content: string; state: string }) => [m.role, m.content, m.state])).toEqual([
      ['user', '你好！', 'complete'],
      ['agent', 'echo: 你好！', 'complete'],
    ]);
    expect(history.body.items[0].id).toBe(id);
    expect(history.body.items[1].reply_to).toBe(id);
    const metrics = await t.http.get(`/api/v1/gateways/${gateway.gateway_id}/metrics`).set(t.admin).expect(200);
    expect(metrics.body.messages_relayed).toBeGreaterThanOrEqual(2);
    client.close();
  });

  it('never sends a retried frame to the gateway twice, and replays the answer', async () => {
    const client = await signedIn();
    const id = randomUUID();
    const frame = { type: 'chat', id, payload: { agent_id: agent.id, content: 'once only' } };
    client.send(frame);
    await client.next((f) => f.type === 'chat' && payloadOf(f).state === 'final' && payloadOf(f).reply_to === id);
    const before = relay.calls.filter((c) => c.params.idempotencyKey).length;

    const retry = await signedIn();
    retry.send(frame);
    const replayed = await retry.next((f) => f.type === 'chat' && payloadOf(f).state === 'final');
    expect(payloadOf(replayed)).toMatchObject({ content: 'echo: once only', reply_to: id });
    expect(relay.calls.filter((c) => c.params.idempotencyKey).length).toBe(before);
    client.close();
    retry.close();
  });

  it('keeps a session when the client names it, and refuses a session that is not its own', async () => {
    const client = await signedIn();
    client.send({ type: 'chat', id: randomUUID(), payload: { agent_id: agent.id, content: 'first' } });
    const first = await client.next((f) => f.type === 'chat' && payloadOf(f).state === 'final');
    const sessionId = payloadOf(first).session_id;
    client.send({ type: 'chat', id: randomUUID(), payload: { agent_id: agent.id, content: 'second', session_id: sessionId } });
    const second = await client.next((f) => f.type === 'chat' && payloadOf(f).state === 'final' && payloadOf(f).content === 'echo: second');
    expect(payloadOf(second).session_id).toBe(sessionId);

    const bad = randomUUID();
    client.send({ type: 'chat', id: bad, payload: { agent_id: agent.id, content: 'x', session_id: randomUUID() } });
    expect(await client.next(isError('SESSION_NOT_FOUND'))).toMatchObject({ id: bad });
    const stranger = await registerH5User(t, org.id);
    await t.http.get(`/api/v1/h5/chat/sessions/${sessionId}/messages`).set(stranger.headers).expect(404);
    await t.http.get('/api/v1/h5/chat/sessions').set(t.admin).expect(401);
    client.close();
  });

  it('answers each business error code', async () => {
    const anonymous = await FrameClient.connect(chatUrl);
    anonymous.send({ type: 'chat', id: randomUUID(), payload: { agent_id: agent.id, content: 'hi' } });
    await anonymous.next(isError('AUTH_REQUIRED'));
    expect(await anonymous.next((f) => f.type === 'auth_error')).toEqual({ type: 'auth_error', payload: { reason: 'auth_required' } });
    expect((await anonymous.waitClosed()).code).toBe(4401);

    const forged = await signedIn(`${user.access_token}x`);
    expect(forged.frames).toContainEqual({ type: 'auth_error', payload: { reason: 'invalid_token' } });
    await forged.next(isError('INVALID_TOKEN'));
    expect((await forged.waitClosed()).code).toBe(4401);
    const adminToken = await signedIn(t.config.adminToken);
    expect(adminToken.frames[0]).toEqual({ type: 'auth_error', payload: { reason: 'invalid_token' } });

    const client = await signedIn();
    const unassigned = await createAgent(t, org.id, { gateway_id: gateway.gateway_id });
    client.send({ type: 'chat', id: randomUUID(), payload: { agent_id: unassigned.id, content: 'hi' } });
    await client.next(isError('ASSIGNMENT_NOT_FOUND'));

    const homeless = await createAgent(t, org.id);
    await t.http.post(`/api/v1/h5/users/${user.user.id}/assign`).set(t.admin).send({ agent_id: homeless.id }).expect(201);
    client.send({ type: 'chat', id: randomUUID(), payload: { agent_id: homeless.id, content: 'hi' } });
    await client.next(isError('AGENT_UNAVAILABLE'));

    const minted = await t.http.post('/api/v1/gateway-registry/tokens').set(t.admin).send({ organization_id: org.id }).expect(201);
    const silent = (await t.http.post('/api/v1/gateway-registry/register').send({ registration_token: minted.body.registration_token, name: 'never-connected' }).expect(201)).body;
    const stranded = await createAgent(t, org.id, { gateway_id: silent.gateway_id });
    await t.http.post(`/api/v1/h5/users/${user.user.id}/assign`).set(t.admin).send({ agent_id: stranded.id }).expect(201);
    const offlineId = randomUUID();
    client.send({ type: 'chat', id: offlineId, payload: { agent_id: stranded.id, content: 'anyone?' } });
    expect(await client.next(isError('GATEWAY_OFFLINE'))).toMatchObject({ id: offlineId });

    client.send({ type: 'chat', id: 'not-a-uuid', payload: { agent_id: agent.id, content: 'hi' } });
    await client.next(isError('INVALID_FRAME'));
    client.socket.send('not json');
    await client.next((f) => isError('INVALID_FRAME')(f) && !f.id);
    client.close();
  });

  it('tells the user when the gateway goes away mid-reply, and the session stays usable', async () => {
    const client = await signedIn();
    relay.respondWith((method, params) => {
      const runId = params.idempotencyKey as string;
      setTimeout(() => {
        relay.chatEvent(chatEvent(runId, 'delta', 'half an ans', 'half an ans'));
        setTimeout(() => relay.close(), 50);
      }, 20);
      return { runId, status: 'started' };
    });
    const id = randomUUID();
    client.send({ type: 'chat', id, payload: { agent_id: agent.id, content: 'long question' } });
    await client.next((f) => f.type === 'chat' && payloadOf(f).state === 'delta');
    const failure = await client.next(isError('GATEWAY_OFFLINE'));
    expect(failure).toMatchObject({ id, payload: { code: 'GATEWAY_OFFLINE', session_id: expect.any(String) } });

    relay = await ScriptedRelay.connect(gateway.relay_ws_url, gateway.relay_token, echoGateway);
    client.send({ type: 'chat', id: randomUUID(), payload: { agent_id: agent.id, content: 'still there?', session_id: (failure.payload as { session_id: string }).session_id } });
    const answer = await client.next((f) => f.type === 'chat' && payloadOf(f).state === 'final' && payloadOf(f).content === 'echo: still there?');
    expect(payloadOf(answer).session_id).toBe((failure.payload as { session_id: string }).session_id);

    // the failed message, retried with its id, is sent again now that the gateway is back
    client.send({ type: 'chat', id, payload: { agent_id: agent.id, content: 'long question' } });
    await client.next((f) => f.type === 'chat' && payloadOf(f).state === 'final' && payloadOf(f).content === 'echo: long question');
    client.close();
  });

  it('reports an agent that does not answer in time', async () => {
    relay.respondWith((_method, params) => ({ runId: params.idempotencyKey, status: 'started' }));
    const client = await signedIn();
    const id = randomUUID();
    client.send({ type: 'chat', id, payload: { agent_id: agent.id, content: 'silence' } });
    expect(await client.next(isError('AGENT_UNAVAILABLE'), 8_000)).toMatchObject({ id });
    relay.respondWith(echoGateway);
    client.close();
  });
});
