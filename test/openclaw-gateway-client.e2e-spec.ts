import { randomUUID } from 'node:crypto';
import {
  GatewayAuthError,
  getAgentFile,
  health,
  installSkillArchive,
  listAgents,
  OpenClawGatewayClient,
  sendChat,
  setAgentFile,
  setSkillEnabled,
  skillsStatus,
} from '../src/integrations/openclaw-gateway';
import { FakeModelServer } from './fakes/openai-model-server';
import { describeWithOpenClaw, OpenClawGatewayHandle, OPENCLAW_VERSION, startOpenClawGateway } from './support/openclaw';

interface ChatEvent {
  runId: string;
  sessionKey: string;
  state: string;
  deltaText?: string;
  message?: { role: string; content: Array<{ type: string; text?: string }> };
}

const textOf = (event: ChatEvent) => (event.message?.content ?? []).map((part) => part.text ?? '').join('');

describeWithOpenClaw('OpenClaw gateway client against the real gateway', () => {
  let model: FakeModelServer;
  let gateway: OpenClawGatewayHandle;
  let client: OpenClawGatewayClient;

  beforeAll(async () => {
    model = await FakeModelServer.start();
    gateway = await startOpenClawGateway({ modelBaseUrl: model.baseUrl });
    client = new OpenClawGatewayClient({ url: gateway.url, token: gateway.token, clientName: 'mission-control-e2e', minBackoffMs: 200, maxBackoffMs: 2_000 });
    await client.start();
  }, 180_000);

  afterAll(async () => {
    await client?.close();
    await gateway?.stop();
    await model?.close();
  });

  it('connects with protocol 4 and learns the server version and methods', () => {
    expect(client.isReady).toBe(true);
    expect(client.hello).toMatchObject({ protocol: 4, serverVersion: OPENCLAW_VERSION });
    expect(client.hello!.methods).toEqual(expect.arrayContaining(['health', 'chat.send', 'skills.install', 'agents.files.set']));
  });

  it('reads health and the agent list', async () => {
    expect(await health(client)).toMatchObject({ ok: true });
    const agents = await listAgents(client);
    expect(agents.defaultId).toBe('main');
    expect(agents.agents.map((agent) => agent.id)).toContain('main');
  });

  it('runs a chat: the ack, then delta events and a final event carrying the model answer', async () => {
    const events: ChatEvent[] = [];
    const listener = (name: string, payload: unknown) => {
      if (name === 'chat') events.push(payload as ChatEvent);
    };
    client.on('event', listener);
    try {
      const idempotencyKey = randomUUID();
      const ack = await sendChat(client, { sessionKey: 'agent:main:e2e-chat', message: 'hello from mission control', idempotencyKey });
      expect(ack).toMatchObject({ runId: idempotencyKey, status: 'started' });

      const deadline = Date.now() + 45_000;
      while (!events.some((event) => event.runId === ack.runId && event.state === 'final')) {
        if (Date.now() > deadline) throw new Error(`no final chat event; got ${JSON.stringify(events)}\n${gateway.logTail()}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const run = events.filter((event) => event.runId === ack.runId);
      const deltas = run.filter((event) => event.state === 'delta');
      const final = run.find((event) => event.state === 'final')!;
      expect(deltas.length).toBeGreaterThan(1);
      expect(deltas.every((event) => typeof event.deltaText === 'string')).toBe(true);
      expect(textOf(final)).toContain(FakeModelServer.answerFor('hello from mission control'));
      expect(model.userTexts).toContain('hello from mission control');
    } finally {
      client.off('event', listener);
    }
  }, 60_000);

  it('installs a skill archive, lists it, and disables it', async () => {
    const slug = 'mc-e2e-hello';
    const installed = await installSkillArchive(client, {
      slug,
      files: { 'SKILL.md': `---\nname: ${slug}\ndescription: Says hello for Mission Control tests.\n---\n# Hello\nSay hello.\n`, 'notes/extra.txt': 'extra file\n' },
    });
    expect(installed).toMatchObject({ ok: true, slug });

    // the gateway's skill list catches up with the new folder a moment later
    const listedBy = Date.now() + 20_000;
    let listed = (await skillsStatus(client)).skills.find((skill) => skill.name === slug);
    while (!listed && Date.now() < listedBy) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      listed = (await skillsStatus(client)).skills.find((skill) => skill.name === slug);
    }
    expect(listed).toMatchObject({ source: 'openclaw-workspace', disabled: false });

    expect(await setSkillEnabled(client, { skillKey: listed!.skillKey, enabled: false })).toMatchObject({ ok: true, config: { enabled: false } });
    // the gateway applies the config change on its next reload
    const deadline = Date.now() + 20_000;
    let after = listed;
    while (!after?.disabled && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      after = (await skillsStatus(client)).skills.find((skill) => skill.name === slug);
    }
    expect(after?.disabled).toBe(true);
  }, 60_000);

  it('writes an agent file and reads it back', async () => {
    const content = `# Soul\nWritten by the e2e suite at ${new Date().toISOString()}.\n`;
    const written = await setAgentFile(client, { agentId: 'main', name: 'SOUL.md', content });
    expect(written.ok).toBe(true);

    const read = await getAgentFile(client, { agentId: 'main', name: 'SOUL.md' });
    expect(read.file).toMatchObject({ name: 'SOUL.md', missing: false, content, hash: written.file.hash });
  });

  it('refuses a wrong token with a GatewayAuthError, without retrying', async () => {
    const intruder = new OpenClawGatewayClient({ url: gateway.url, token: 'not-the-token', minBackoffMs: 50 });
    try {
      await expect(intruder.start()).rejects.toBeInstanceOf(GatewayAuthError);
      expect(intruder.isReady).toBe(false);
    } finally {
      await intruder.close();
    }
  });

  it('reconnects by itself when the gateway restarts, and calls work again', async () => {
    const disconnected: string[] = [];
    client.on('disconnected', (reason) => disconnected.push(reason));

    await gateway.restart();
    const deadline = Date.now() + 30_000;
    while (!client.isReady || disconnected.length === 0) {
      if (Date.now() > deadline) throw new Error(`the client did not reconnect\n${gateway.logTail()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    expect(disconnected).toHaveLength(1);
    expect(await health(client)).toMatchObject({ ok: true });
  }, 120_000);
});
