import { createServer, Server, Socket } from 'node:net';
import { startTestApp, TestApp } from './support/test-app';

describe('M1 health probes', () => {
  describe('with a reachable database', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(() => t.close());

    it('answers /health and /healthz without credentials', async () => {
      await t.http.get('/health').expect(200, { status: 'ok' });
      await t.http.get('/healthz').expect(200, { status: 'ok' });
    });

    it('answers /readyz 200 with each check', async () => {
      const response = await t.http.get('/readyz').expect(200);
      expect(response.body).toEqual({
        status: 'ready',
        checks: { database: 'ok', migrations: 'ok', redis: process.env.TEST_REDIS_URL ? 'ok' : 'disabled', jobs: 'ok' },
      });
    });

    it('answers /readyz 503 with the reason once the database is gone, while /health stays 200', async () => {
      await t.dataSource.destroy();
      const response = await t.http.get('/readyz').expect(503);
      expect(response.body.status).toBe('not_ready');
      expect(response.body.checks.database).toMatch(/^unreachable/);
      expect(response.body.reason).toContain('database');
      await t.http.get('/health').expect(200);
    });
  });

  describe('with REDIS_URL pointing at nothing', () => {
    let t: TestApp;
    let silent: Server;
    const sockets: Socket[] = [];

    beforeAll(async () => {
      // a port that accepts connections but never answers, so the check has to time out
      silent = createServer((socket) => sockets.push(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const { port } = silent.address() as { port: number };
      t = await startTestApp({ REDIS_URL: `redis://127.0.0.1:${port}` });
    });
    afterAll(async () => {
      await t.close();
      sockets.forEach((socket) => socket.destroy());
      silent.close();
    });

    it('is not ready, and says Redis is why', async () => {
      const response = await t.http.get('/readyz').expect(503);
      expect(response.body.checks).toMatchObject({ database: 'ok', migrations: 'ok' });
      expect(response.body.checks.redis).toMatch(/redis/i);
      expect(response.body.reason).toMatch(/^redis: /);
    });
  });
});
