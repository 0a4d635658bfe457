import { FakeOneBotServer } from './fakes/onebot-server';
import { panelEvents } from './support/fixtures';
import { sharedSecrets, twoInstancesAvailable } from './support/instances';
import { startTestApp, TestApp } from './support/test-app';
import { FrameClient } from './support/ws-client';

const twoInstances = twoInstancesAvailable('panel-instances.e2e-spec');

(twoInstances ? describe : describe.skip)('ClawPanel bridges with two instances (PostgreSQL + Redis)', () => {
  let onebot: FakeOneBotServer;
  let a: TestApp;
  let b: TestApp;
  let auth: { Authorization: string };
  let token: string;

  beforeAll(async () => {
    onebot = await FakeOneBotServer.start({ accessToken: 'shared-onebot' });
    const env = { ...sharedSecrets(), ONEBOT_WS_URL: onebot.url, ONEBOT_ACCESS_TOKEN: 'shared-onebot' };
    a = await startTestApp(env);
    b = await startTestApp(env, { sameDatabaseAs: a });
    token = (await a.http.post('/api/auth/login').send({ token: a.config.adminToken }).expect(200)).body.token;
    auth = { Authorization: `Bearer ${token}` };
    await onebot.waitForClients(2);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await onebot?.stop();
  });

  it('both answer with the bridge live, and a QQ message shows once in the log and once on /ws', async () => {
    for (const app of [a, b]) {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const status = await app.http.get('/api/status').set(auth).expect(200);
        if (status.body.napcat.connected) break;
        if (Date.now() > deadline) throw new Error('the QQ bridge never connected');
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    // one instance leads the reporting within a renewal round
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const clients = await Promise.all([a, b].map((app) => FrameClient.connect(`${app.baseUrl.replace('http', 'ws')}/ws?token=${token}`)));
    onebot.pushPrivateMessage(10001, 'only once please');
    await Promise.all(clients.map((client) => client.next((f) => f.type === 'event')));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    for (const client of clients) expect(client.frames.filter((f) => f.type === 'event')).toHaveLength(1);
    const logged = (await panelEvents(a, auth, { source: 'qq', search: 'only once please' })).length;
    expect(logged).toBe(1);
    clients.forEach((client) => client.close());
  });
});
