import { randomUUID } from 'node:crypto';
import { createAgent, createOrganization, organizationAdmin, registerH5User } from './support/fixtures';
import { ScriptedRelay } from './support/scripted-relay';
import { startTestApp, TestApp } from './support/test-app';
import { FrameClient } from './support/ws-client';

describe('Gateways, registration tokens, self-registration and the relay', () => {
  let t: TestApp;
  let org: { id: string };
  let wsBase: string;

  beforeAll(async () => {
    t = await startTestApp({ GATEWAY_HEARTBEAT_SECONDS: '1' });
    org = await createOrganization(t);
    wsBase = t.baseUrl.replace(/^http/, 'ws');
  });
  afterAll(() => t.close());

  async function mintToken(organizationId = org.id, extra: Record<string, unknown> = {}) {
    const response = await t.http.post('/api/v1/gateway-registry/tokens').set(t.admin).send({ organization_id: organizationId, ...extra }).expect(201);
    return response.body as { id: string; registration_token: string; expires_at: string };
  }

  function register(token: string, name = `gw-${randomUUID().slice(0, 8)}`, extra: Record<string, unknown> = {}) {
    return t.http.post('/api/v1/gateway-registry/register').send({ registration_token: token, name, version: '2026.9.6', capabilities: ['chat'], ...extra });
  }

  describe('direct gateways (CRUD)', () => {
    it('creates a gateway whose token is stored but never returned', async () => {
      const created = await t.http.post('/api/v1/gateways').set(t.admin).send({ organization_id: org.id, name: 'direct-1', url: 'ws://127.0.0.1:1', token: 'gateway-secret' }).expect(201);
      expect(created.body).toMatchObject({ name: 'direct-1', mode: 'direct', url: 'ws://127.0.0.1:1', has_token: true, status: 'unknown' });
      expect(JSON.stringify(created.body)).not.toContain('gateway-secret');
      const [stored] = await t.dataSource.query('SELECT token_sealed FROM gateways WHERE id = $1', [created.body.id]);
      expect(stored.token_sealed).toMatch(/^v1\./);
      expect(stored.token_sealed).not.toContain('gateway-secret');

      const fetched = await t.http.get(`/api/v1/gateways/${created.body.id}`).set(t.admin).expect(200);
      expect(JSON.stringify(fetched.body)).not.toContain('gateway-secret');
      const listed = await t.http.get(`/api/v1/gateways?organization_id=${org.id}`).set(t.admin).expect(200);
      expect(listed.headers['x-total-count']).toBe(String(listed.body.total));
      expect(listed.body.items.map((g: { id: string }) => g.id)).toContain(created.body.id);
    });

    it('updates, clears the token, refuses duplicates and bad URLs, and deletes', async () => {
      const created = await t.http.post('/api/v1/gateways').set(t.admin).send({ organization_id: org.id, name: 'direct-2', url: 'ws://127.0.0.1:2', token: 'x' }).expect(201);
      await t.http.post('/api/v1/gateways').set(t.admin).send({ organization_id: org.id, name: 'direct-2', url: 'ws://127.0.0.1:2' }).expect(409);
      const bad = await t.http.post('/api/v1/gateways').set(t.admin).send({ organization_id: org.id, name: 'bad', url: 'http://nope' }).expect(422);
      expect(bad.body.errors).toEqual([{ field: 'url', message: 'url must be a ws:// or wss:// URL' }]);
      const patched = await t.http.patch(`/api/v1/gateways/${created.body.id}`).set(t.admin).send({ name: 'direct-2b', token: null }).expect(200);
      expect(patched.body).toMatchObject({ name: 'direct-2b', has_token: false });

      const agent = await createAgent(t, org.id, { gateway_id: created.body.id });
      await t.http.delete(`/api/v1/gateways/${created.body.id}`).set(t.admin).expect(204);
      await t.http.get(`/api/v1/gateways/${created.body.id}`).set(t.admin).expect(404);
      const after = await t.http.get(`/api/v1/agents/${agent.id}`).set(t.admin).expect(200);
      expect(after.body.gateway_id).toBeNull();
      const trail = await t.http.get(`/api/v1/activity?target_id=${created.body.id}`).set(t.admin).expect(200);
      expect(trail.body.items.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['gateway.created', 'gateway.updated', 'gateway.deleted']));
    });

    it("keeps organizations apart and checks an agent's gateway", async () => {
      const other = await createOrganization(t);
      const foreign = await t.http.post('/api/v1/gateways').set(t.admin).send({ organization_id: other.id, name: 'theirs', url: 'ws://127.0.0.1:3' }).expect(201);
      const admin = await organizationAdmin(t, org.id);
      await t.http.get(`/api/v1/gateways/${foreign.body.id}`).set(admin.headers).expect(403);
      await t.http.get(`/api/v1/gateways/${foreign.body.id}/metrics`).set(admin.headers).expect(403);
      const refused = await t.http.post('/api/v1/agents').set(t.admin).send({ organization_id: org.id, name: 'misplaced', gateway_id: foreign.body.id }).expect(422);
      expect(refused.body.errors[0].field).toBe('gateway_id');
      await t.http.get(`/api/v1/gateways/${randomUUID()}`).set(t.admin).expect(404);
      await t.http.get('/api/v1/gateways/not-a-uuid').set(t.admin).expect(422);
    });
  });

  describe('registration tokens', () => {
    it('are shown once, listed without the secret, and revocable', async () => {
      const minted = await mintToken();
      expect(minted.registration_token).toMatch(/^gw_reg_/);
      const listed = await t.http.get(`/api/v1/gateway-registry/tokens?organization_id=${org.id}`).set(t.admin).expect(200);
      const row = listed.body.items.find((x: { id: string }) => x.id === minted.id);
      expect(row).toMatchObject({ state: 'active', use_count: 0 });
      expect(JSON.stringify(listed.body)).not.toContain(minted.registration_token);

      await t.http.delete(`/api/v1/gateway-registry/tokens/${minted.id}`).set(t.admin).expect(204);
      await t.http.delete(`/api/v1/gateway-registry/tokens/${minted.id}`).set(t.admin).expect(204);
      const refused = await register(minted.registration_token).expect(401);
      expect(refused.body.detail).toMatch(/revoked/);
    });

    it('refuse expired, unknown and foreign-organization registrations', async () => {
      const expiring = await mintToken(org.id, { expires_in_seconds: 60 });
      await t.dataSource.query(`UPDATE gateway_registration_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [expiring.id]);
      expect((await register(expiring.registration_token).expect(401)).body.detail).toMatch(/expired/);
      await register('gw_reg_unknown').expect(401);
      const other = await createOrganization(t);
      const minted = await mintToken();
      await register(minted.registration_token, 'wrong-org', { organization_id: other.id }).expect(403);
      await t.http.post('/api/v1/gateway-registry/tokens').set(t.admin).send({ organization_id: org.id, expires_in_seconds: 5 }).expect(422);
    });
  });

  describe('self-registration, heartbeats and the relay socket', () => {
    it('registers, re-registers under the same name, and replaces the relay token', async () => {
      const minted = await mintToken();
      const first = await register(minted.registration_token, 'office-gateway-shenzhen-01', { url: 'wss://gateway-sz.internal', workspace_root: '/opt/openclaw/workspace' }).expect(201);
      expect(Object.keys(first.body).sort()).toEqual(['gateway_id', 'heartbeat_interval_seconds', 'relay_token', 'relay_ws_url']);
      expect(first.body.relay_ws_url).toBe(`${wsBase}/ws/gateway/${first.body.gateway_id}/relay`);
      expect(first.body.relay_token).toMatch(/^relay_/);
      expect(first.body.heartbeat_interval_seconds).toBe(1);

      const again = await register(minted.registration_token, 'office-gateway-shenzhen-01').expect(201);
      expect(again.body.gateway_id).toBe(first.body.gateway_id);
      const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
      await t.http.post('/api/v1/gateway-registry/heartbeat').set(auth(first.body.relay_token)).send({}).expect(401);
      const beat = await t.http.post('/api/v1/gateway-registry/heartbeat').set(auth(again.body.relay_token)).send({ status: { gateway_connected: true, rtt_ms: 4 } }).expect(200);
      expect(beat.body).toEqual({ gateway_id: first.body.gateway_id, status: 'online', heartbeat_interval_seconds: 1 });

      const gateway = await t.http.get(`/api/v1/gateways/${first.body.gateway_id}`).set(t.admin).expect(200);
      expect(gateway.body).toMatchObject({ mode: 'relay', status: 'online', workspace_root: '/opt/openclaw/workspace', capabilities: ['chat'], version: '2026.9.6' });
      const count = await t.dataSource.query(`SELECT count(*)::int AS n FROM gateways WHERE name = 'office-gateway-shenzhen-01'`);
      expect(count[0].n).toBe(1);
      const tokens = await t.http.get(`/api/v1/gateway-registry/tokens?organization_id=${org.id}`).set(t.admin).expect(200);
      expect(tokens.body.items.find((x: { id: string }) => x.id === minted.id).use_count).toBe(2);
      await t.http.post('/api/v1/gateway-registry/heartbeat').set(t.admin).send({}).expect(401);
    });

    it('refuses a relay socket with a wrong token or an unknown gateway', async () => {
      const registered = (await register((await mintToken()).registration_token).expect(201)).body;
      const wrong = await FrameClient.connect(registered.relay_ws_url);
      wrong.send({ type: 'auth', payload: { relay_token: 'relay_wrong' } });
      expect(await wrong.next((f) => f.type === 'auth_error')).toEqual({ type: 'auth_error', payload: { reason: 'invalid_token' } });
      expect((await wrong.waitClosed()).code).toBe(4401);

      const unknown = await FrameClient.connect(`${wsBase}/ws/gateway/${randomUUID()}/relay`);
      unknown.send({ type: 'auth', payload: { relay_token: registered.relay_token } });
      expect((await unknown.waitClosed()).code).toBe(4404);

      const silent = await FrameClient.connect(registered.relay_ws_url);
      silent.send({ type: 'hello' });
      expect(await silent.next((f) => f.type === 'auth_error')).toEqual({ type: 'auth_error', payload: { reason: 'auth_required' } });
    });

    it('holds the relay, lists it as a connection, and reports metrics', async () => {
      const registered = (await register((await mintToken()).registration_token).expect(201)).body;
      const relay = await ScriptedRelay.connect(registered.relay_ws_url, registered.relay_token, (method) => {
        if (method === 'sessions.list') return { sessions: [{ key: 'agent:main:mc-h5-1', updatedAt: Date.now() }], count: 1 };
        throw new Error(`unexpected ${method}`);
      });
      expect(relay.client.frames[0]).toEqual({
        type: 'auth_ok',
        payload: { gateway_id: registered.gateway_id, config: { heartbeat_interval_seconds: 1, rpc_timeout_ms: 30_000 } },
      });
      relay.client.send({ type: 'heartbeat', id: 'h1' });
      await relay.client.next((f) => f.type === 'heartbeat_ack' && f.id === 'h1');

      const agent = await createAgent(t, org.id, { gateway_id: registered.gateway_id });
      const user = await registerH5User(t, org.id);
      await t.http.post(`/api/v1/h5/users/${user.user.id}/assign`).set(t.admin).send({ agent_id: agent.id }).expect(201);
      const chat = await FrameClient.connect(`${wsBase}/ws/h5/chat`);
      chat.send({ type: 'auth', payload: { token: user.access_token } });
      await chat.next((f) => f.type === 'auth_ok');

      const connections = await t.http.get(`/api/v1/gateways/${registered.gateway_id}/connections`).set(t.admin).expect(200);
      expect(connections.body.sessions_available).toBe(true);
      const types = connections.body.items.map((c: { type: string }) => c.type).sort();
      expect(types).toEqual(['gateway_session', 'h5', 'relay']);
      expect(connections.body.items.find((c: { type: string }) => c.type === 'h5').h5_user_id).toBe(user.user.id);

      const metrics = await t.http.get(`/api/v1/gateways/${registered.gateway_id}/metrics`).set(t.admin).expect(200);
      expect(metrics.body).toMatchObject({ gateway_id: registered.gateway_id, status: 'online', relay_connected: true, h5_connections: 1, errors: 0 });
      expect(typeof metrics.body.rpc_latency_ms).toBe('number');

      chat.close();
      relay.close();
      await expectEventually(async () => {
        const after = await t.http.get(`/api/v1/gateways/${registered.gateway_id}/connections`).set(t.admin).expect(200);
        expect(after.body.items.filter((c: { type: string }) => c.type !== 'gateway_session')).toEqual([]);
        expect(after.body.sessions_available).toBe(false);
      });
    });

    it('marks a gateway offline after three missed heartbeats and tells its H5 users', async () => {
      const registered = (await register((await mintToken()).registration_token).expect(201)).body;
      const auth = { Authorization: `Bearer ${registered.relay_token}` };
      await t.http.post('/api/v1/gateway-registry/heartbeat').set(auth).send({}).expect(200);
      const agent = await createAgent(t, org.id, { gateway_id: registered.gateway_id });
      const user = await registerH5User(t, org.id);
      await t.http.post(`/api/v1/h5/users/${user.user.id}/assign`).set(t.admin).send({ agent_id: agent.id }).expect(201);
      const chat = await FrameClient.connect(`${wsBase}/ws/h5/chat?token=${user.access_token}`);
      await chat.next((f) => f.type === 'auth_ok');

      const offline = await chat.next((f) => f.type === 'system', 10_000);
      expect(offline).toEqual({ type: 'system', payload: { event: 'agent_offline', agent_id: agent.id } });
      const gateway = await t.http.get(`/api/v1/gateways/${registered.gateway_id}`).set(t.admin).expect(200);
      expect(gateway.body.status).toBe('offline');
      expect((await t.http.get(`/api/v1/agents/${agent.id}`).set(t.admin)).body.status).toBe('offline');

      await t.http.post('/api/v1/gateway-registry/heartbeat').set(auth).send({}).expect(200);
      expect(await chat.next((f) => f.type === 'system' && (f.payload as { event: string }).event === 'agent_online')).toBeTruthy();
      chat.close();
    });

    it('deregisters: the relay token stops working and the gateway is offline', async () => {
      const registered = (await register((await mintToken()).registration_token).expect(201)).body;
      const auth = { Authorization: `Bearer ${registered.relay_token}` };
      await t.http.post('/api/v1/gateway-registry/heartbeat').set(auth).send({}).expect(200);
      await t.http.delete('/api/v1/gateway-registry/deregister').set(auth).expect(204);
      await t.http.post('/api/v1/gateway-registry/heartbeat').set(auth).send({}).expect(401);
      expect((await t.http.get(`/api/v1/gateways/${registered.gateway_id}`).set(t.admin)).body.status).toBe('offline');
    });
  });
});

async function expectEventually(check: () => Promise<void>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
