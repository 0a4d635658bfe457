import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { FakeModelServer } from './fakes/openai-model-server';
import { describeWithOpenClaw, OpenClawGatewayHandle, startOpenClawGateway } from './support/openclaw';
import { freePort, preparedDataDir, removeDataDir, ServiceProcess } from './support/service-process';
import { Frame, FrameClient } from './support/ws-client';

const CONNECTOR_JS = join(__dirname, '..', 'dist', 'src', 'connector', 'main.js');
const finalFor = (id: string) => (f: Frame) => f.type === 'chat' && (f.payload as { state: string; reply_to: string }).state === 'final' && (f.payload as { reply_to: string }).reply_to === id;

/** `npm run connector` as an operator runs it (the built entry point), with its output kept. */
class ConnectorProcess {
  output = '';
  private constructor(readonly child: ChildProcess) {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk));
  }

  static start(env: Record<string, string>): ConnectorProcess {
    return new ConnectorProcess(spawn(process.execPath, [CONNECTOR_JS], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] }));
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const closed = new Promise((resolve) => this.child.once('close', resolve));
    this.child.kill('SIGTERM');
    await closed;
  }
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describeWithOpenClaw('Relay mode: a real gateway behind the connector', () => {
  let model: FakeModelServer;
  let gateway: OpenClawGatewayHandle;
  let api: ServiceProcess;
  let connector: ConnectorProcess;
  let dataDir: string;
  let port: number;
  let registrationToken: string;
  let gatewayId: string;
  let agentId: string;
  let accessToken: string;
  const secrets = { LOCAL_AUTH_TOKEN: `relay-e2e-${randomBytes(12).toString('hex')}` };
  const admin = { Authorization: `Bearer ${secrets.LOCAL_AUTH_TOKEN}` };
  const stateFile = join(mkdtempSync(join(tmpdir(), 'connector-')), 'state.json');
  const http = () => request(api.baseUrl);
  const startApi = () => ServiceProcess.start({ DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', GATEWAY_HEARTBEAT_SECONDS: '1', ...secrets });
  const startConnector = () =>
    ConnectorProcess.start({
      MC_API_URL: api.baseUrl,
      MC_REGISTRATION_TOKEN: registrationToken,
      MC_GATEWAY_NAME: 'relay-e2e',
      OPENCLAW_GATEWAY_URL: gateway.url,
      OPENCLAW_GATEWAY_TOKEN: gateway.token,
      MC_CONNECTOR_STATE_FILE: stateFile,
    });
  const relayed = () =>
    eventually('the relay to connect', async () => {
      const found = await http().get('/api/v1/gateways?mode=relay').set(admin);
      const row = found.body.items?.find((g: { name: string; relay_connected: boolean; status: string }) => g.name === 'relay-e2e' && g.relay_connected && g.status === 'online');
      return row as { id: string } | undefined;
    });

  async function chatOnce(content: string): Promise<Frame> {
    const client = await FrameClient.connect(`${api.baseUrl.replace('http', 'ws')}/ws/h5/chat?token=${accessToken}`);
    try {
      await client.next((f) => f.type === 'auth_ok');
      const id = randomUUID();
      client.send({ type: 'chat', id, payload: { agent_id: agentId, content } });
      return await client.next((f) => finalFor(id)(f) || (f.type === 'error' && f.id === id), 90_000);
    } finally {
      client.close();
    }
  }

  beforeAll(async () => {
    if (!existsSync(CONNECTOR_JS)) throw new Error(`${CONNECTOR_JS} is missing: run \`npm run build\` (npm test builds first)`);
    model = await FakeModelServer.start();
    gateway = await startOpenClawGateway({ modelBaseUrl: model.baseUrl });
    dataDir = preparedDataDir();
    port = await freePort();
    api = await startApi();
    const org = (await http().post('/api/v1/organizations').set(admin).send({ name: 'Relay org' }).expect(201)).body;
    registrationToken = (await http().post('/api/v1/gateway-registry/tokens').set(admin).send({ organization_id: org.id }).expect(201)).body.registration_token;
    connector = startConnector();
    gatewayId = (await relayed()).id;
    agentId = (await http().post('/api/v1/agents').set(admin).send({ organization_id: org.id, name: 'relay-agent', gateway_id: gatewayId }).expect(201)).body.id;
    const user = (await http().post('/api/v1/h5/auth/register').send({ organization_id: org.id, username: 'relay-user', password: 'relay pass 123' }).expect(201)).body;
    accessToken = user.access_token;
    await http().post(`/api/v1/h5/users/${user.user.id}/assign`).set(admin).send({ agent_id: agentId }).expect(201);
  }, 240_000);

  afterAll(async () => {
    await connector?.stop();
    await api?.stop();
    await gateway?.stop();
    await model?.close();
    if (dataDir) removeDataDir(dataDir);
  });

  it('carries an H5 chat to the gateway behind the connector and streams the answer back', async () => {
    const final = await chatOnce('hello through the relay');
    expect(final.type).toBe('chat');
    expect((final.payload as { content: string }).content).toBe(FakeModelServer.answerFor('hello through the relay'));
    const metrics = await http().get(`/api/v1/gateways/${gatewayId}/metrics`).set(admin).expect(200);
    expect(metrics.body).toMatchObject({ status: 'online', relay_connected: true, upstream_connected: true });
    expect(metrics.body.messages_relayed).toBeGreaterThanOrEqual(2);
    const connections = await http().get(`/api/v1/gateways/${gatewayId}/connections`).set(admin).expect(200);
    expect(connections.body.items.map((c: { type: string }) => c.type)).toEqual(expect.arrayContaining(['relay', 'gateway_session']));
  }, 120_000);

  it('keeps its registration across a connector restart (no second gateway)', async () => {
    const saved = JSON.parse(readFileSync(stateFile, 'utf8'));
    expect(saved.gateway_id ?? saved.gatewayId).toBe(gatewayId);
    expect(JSON.stringify(saved)).not.toContain(registrationToken);
    await connector.stop();
    connector = startConnector();
    expect((await relayed()).id).toBe(gatewayId);
    const gateways = await http().get('/api/v1/gateways?mode=relay').set(admin).expect(200);
    expect(gateways.body.items.filter((g: { name: string }) => g.name === 'relay-e2e')).toHaveLength(1);
    const tokens = await http().get('/api/v1/gateway-registry/tokens').set(admin).expect(200);
    expect(tokens.body.items[0].use_count).toBe(1);
  }, 120_000);

  it('survives the gateway restarting', async () => {
    await gateway.restart();
    const final = await eventually('a chat after the gateway restart', async () => {
      const outcome = await chatOnce('after the gateway restart');
      return outcome.type === 'chat' ? outcome : undefined;
    }, 90_000);
    expect((final.payload as { content: string }).content).toBe(FakeModelServer.answerFor('after the gateway restart'));
  }, 180_000);

  it('survives the API server restarting', async () => {
    await api.stop();
    api = await startApi();
    await relayed();
    const final = await eventually('a chat after the API restart', async () => {
      const outcome = await chatOnce('after the API restart');
      return outcome.type === 'chat' ? outcome : undefined;
    }, 90_000);
    expect((final.payload as { content: string }).content).toBe(FakeModelServer.answerFor('after the API restart'));
  }, 180_000);

  it('marks the gateway offline when the connector goes away, and tells the H5 user', async () => {
    const client = await FrameClient.connect(`${api.baseUrl.replace('http', 'ws')}/ws/h5/chat?token=${accessToken}`);
    await client.next((f) => f.type === 'auth_ok');
    await connector.stop();
    const offline = await client.next((f) => f.type === 'system', 30_000);
    expect(offline.payload).toEqual({ event: 'agent_offline', agent_id: agentId });
    const id = randomUUID();
    client.send({ type: 'chat', id, payload: { agent_id: agentId, content: 'anyone?' } });
    expect((await client.next((f) => f.type === 'error' && f.id === id)).payload).toMatchObject({ code: 'GATEWAY_OFFLINE' });
    client.close();
    connector = startConnector();
    await relayed();
  }, 120_000);
});
