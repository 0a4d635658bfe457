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

  /** A user of its own assigned to the echo agent, so that its session list is exactly what the test did. */
  async function freshUser() {
    const fresh = await registerH5User(t, org.id);
    await t.http.post(`/api/v1/h5/users/${fresh.user.id}/assign`).set(t.admin).send({ agent_id: agent.id }).expect(201);
    return fresh;
  }
  const finalFor = (id: string) => (f: Frame) => f.type === 'chat' && payloadOf(f).state === 'final' && payloadOf(f).reply_to === id;
  const chatCalls = () => relay.calls.filter((c) => c.params.idempotencyKey);
  const sessionsOf = async (who: { headers: Record<string, string> }) =>
    (await t.http.get('/api/v1/h5/chat/sessions').set(who.headers).expect(200)).body.items as Array<{ id: string; agent_id: string; last_message_at: string }>;

  it('starts a session under the id the client chose on its first message, and keeps it', async () => {
    const owner = await freshUser();
    const client = await signedIn(owner.access_token);
    const chosen = randomUUID();
    const first = randomUUID();
    client.send({ type: 'chat', id: first, payload: { agent_id: agent.id, content: 'first', session_id: chosen.toUpperCase() } });
    const answer = await client.next(finalFor(first));
    expect(payloadOf(answer)).toMatchObject({ session_id: chosen, content: 'echo: first' });
    expect(await sessionsOf(owner)).toEqual([expect.objectContaining({ id: chosen, agent_id: agent.id })]);

    const second = randomUUID();
    client.send({ type: 'chat', id: second, payload: { agent_id: agent.id, content: 'second', session_id: chosen } });
    expect(payloadOf(await client.next(finalFor(second))).session_id).toBe(chosen);
    const third = randomUUID();
    client.send({ type: 'chat', id: third, payload: { agent_id: agent.id, content: 'third' } });
    expect(payloadOf(await client.next(finalFor(third))).session_id).toBe(chosen);

    const history = await t.http.get(`/api/v1/h5/chat/sessions/${chosen}/messages?order=asc`).set(owner.headers).expect(200);
    expect(history.body.items.map((m: { role: string; content: string }) => `${m.role}:${m.content}`)).toEqual([
      'user:first',
      'agent:echo: first',
      'user:second',
      'agent:echo: second',
      'user:third',
      'agent:echo: third',
    ]);
    // one gateway session for the three messages, named by the service: the client's id never reaches the gateway
    const ownKeys = chatCalls()
      .filter((c) => ['first', 'second', 'third'].includes(c.params.message as string))
      .map((c) => c.params.sessionKey as string);
    expect(new Set(ownKeys).size).toBe(1);
    expect(ownKeys[0]).toMatch(/^agent:helper:mc-h5-/);
    expect(ownKeys[0]).not.toContain(chosen);
    client.close();
  });

  it("refuses another user's session id and another agent's with SESSION_NOT_FOUND, and shows or changes nothing of it", async () => {
    const owner = await freshUser();
    const client = await signedIn(owner.access_token);
    const chosen = randomUUID();
    const first = randomUUID();
    client.send({ type: 'chat', id: first, payload: { agent_id: agent.id, content: 'mine', session_id: chosen } });
    await client.next(finalFor(first));
    const [before] = await sessionsOf(owner);
    const callsBefore = chatCalls().length;

    const stranger = await freshUser();
    const intruder = await signedIn(stranger.access_token);
    const theirs = randomUUID();
    intruder.send({ type: 'chat', id: theirs, payload: { agent_id: agent.id, content: 'let me in', session_id: chosen } });
    expect(await intruder.next(isError('SESSION_NOT_FOUND'))).toEqual({ type: 'error', id: theirs, payload: { code: 'SESSION_NOT_FOUND', message: 'No such chat session with this agent' } });
    expect(await sessionsOf(stranger)).toEqual([]);
    await t.http.get(`/api/v1/h5/chat/sessions/${chosen}/messages`).set(stranger.headers).expect(404);

    const other = await createAgent(t, org.id, { gateway_id: gateway.gateway_id });
    await t.http.post(`/api/v1/h5/users/${owner.user.id}/assign`).set(t.admin).send({ agent_id: other.id }).expect(201);
    const elsewhere = randomUUID();
    client.send({ type: 'chat', id: elsewhere, payload: { agent_id: other.id, content: 'wrong agent', session_id: chosen } });
    expect(await client.next((f) => isError('SESSION_NOT_FOUND')(f) && f.id === elsewhere)).toMatchObject({ payload: { message: 'No such chat session with this agent' } });

    expect(chatCalls()).toHaveLength(callsBefore);
    expect(await sessionsOf(owner)).toEqual([before]);
    const history = await t.http.get(`/api/v1/h5/chat/sessions/${chosen}/messages`).set(owner.headers).expect(200);
    expect(history.body.items.map((m: { content: string }) => m.content).sort()).toEqual(['echo: mine', 'mine']);
    await t.http.get('/api/v1/h5/chat/sessions').set(t.admin).expect(401);
    client.close();
    intruder.close();
  });

  it('refuses a session_id PostgreSQL could not hold, or a template value, with INVALID_FRAME', async () => {
    const owner = await freshUser();
    const client = await signedIn(owner.access_token);
    const callsBefore = chatCalls().length;
    for (const sessionId of ['<uuid>', 'my-session-1', '3f2504e04f8911d39a0c0305e82c3301', '00000000-0000-0000-0000-000000000000', 42, `${randomUUID()}\u0000`]) {
      const id = randomUUID();
      client.send({ type: 'chat', id, payload: { agent_id: agent.id, content: 'hi', session_id: sessionId } });
      const refusal = await client.next((f) => isError('INVALID_FRAME')(f) && f.id === id);
      expect((refusal.payload as { message: string }).message).toMatch(/^payload\.session_id must/);
    }
    expect(chatCalls()).toHaveLength(callsBefore);
    expect(await sessionsOf(owner)).toEqual([]);
    client.close();
  });

  it('ends two first frames with the same new session id, sent at once, in one session', async () => {
    const owner = await freshUser();
    const [one, two] = await Promise.all([signedIn(owner.access_token), signedIn(owner.access_token)]);
    const chosen = randomUUID();
    const [a, b] = [randomUUID(), randomUUID()];
    one.send({ type: 'chat', id: a, payload: { agent_id: agent.id, content: 'from one', session_id: chosen } });
    two.send({ type: 'chat', id: b, payload: { agent_id: agent.id, content: 'from two', session_id: chosen } });
    const answers = await Promise.all([one.next(finalFor(a)), one.next(finalFor(b))]);
    expect(answers.map((f) => payloadOf(f).session_id)).toEqual([chosen, chosen]);
    expect(await sessionsOf(owner)).toEqual([expect.objectContaining({ id: chosen })]);
    const history = await t.http.get(`/api/v1/h5/chat/sessions/${chosen}/messages`).set(owner.headers).expect(200);
    expect(history.body.total).toBe(4);
    one.close();
    two.close();
  });

  it('gives a new session id that two users send at once to exactly one of them', async () => {
    const [first, second] = await Promise.all([freshUser(), freshUser()]);
    const clients = await Promise.all([signedIn(first.access_token), signedIn(second.access_token)]);
    const chosen = randomUUID();
    const ids = [randomUUID(), randomUUID()];
    clients.forEach((client, index) => client.send({ type: 'chat', id: ids[index], payload: { agent_id: agent.id, content: `race ${index}`, session_id: chosen } }));
    const outcomes = await Promise.all(clients.map((client, index) => client.next((f) => finalFor(ids[index])(f) || (f.type === 'error' && f.id === ids[index]))));
    expect(outcomes.map((f) => f.type).sort()).toEqual(['chat', 'error']);
    const winner = outcomes[0].type === 'chat' ? 0 : 1;
    expect((outcomes[1 - winner].payload as { code: string }).code).toBe('SESSION_NOT_FOUND');
    expect(await sessionsOf([first, second][winner])).toEqual([expect.objectContaining({ id: chosen })]);
    expect(await sessionsOf([first, second][1 - winner])).toEqual([]);
    const history = await t.http.get(`/api/v1/h5/chat/sessions/${chosen}/messages`).set([first, second][winner].headers).expect(200);
    expect(history.body.items.map((m: { content: string }) => m.content).sort()).toEqual([`echo: race ${winner}`, `race ${winner}`]);
    clients.forEach((client) => client.close());
  });

  it('answers a retried first frame once, in the session it named', async () => {
    const owner = await freshUser();
    const client = await signedIn(owner.access_token);
    const frame = { type: 'chat', id: randomUUID(), payload: { agent_id: agent.id, content: 'only once please', session_id: randomUUID() } };
    client.send(frame);
    await client.next(finalFor(frame.id));
    const callsAfterFirst = chatCalls().length;
    const retry = await signedIn(owner.access_token);
    retry.send(frame);
    const replayed = await retry.next(finalFor(frame.id));
    expect(payloadOf(replayed)).toMatchObject({ session_id: frame.payload.session_id, content: 'echo: only once please' });
    expect(chatCalls()).toHaveLength(callsAfterFirst);
    expect(await sessionsOf(owner)).toEqual([expect.objectContaining({ id: frame.payload.session_id })]);
    client.close();
    retry.close();
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
