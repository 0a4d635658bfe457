import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { assertConsoleBuilt, loginPageInitialJs, WEB_DIST } from './support/console-build';
import { startTestApp, TestApp } from './support/test-app';

describe('Console files at / (HTTP)', () => {
  let t: TestApp;

  beforeAll(async () => {
    assertConsoleBuilt();
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('serves index.html at / and for client routes, never cached without asking again', async () => {
    for (const path of ['/', '/boards', '/boards/6f1c5b1e-0000-4000-8000-000000000000', '/organizations?page=2', '/login']) {
      const response = await t.http.get(path).expect(200);
      expect(response.headers['content-type']).toMatch(/text\/html/);
      expect(response.text).toContain('<div id="root"></div>');
      expect(response.headers['cache-control']).toBe('no-cache');
    }
    await t.http.head('/boards/x').expect(200);
  });

  it('serves hashed assets with a year-long immutable cache', async () => {
    const asset = readdirSync(join(WEB_DIST, 'assets')).find((name) => name.endsWith('.js'))!;
    const response = await t.http.get(`/assets/${asset}`).expect(200);
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('answers a missing file with a 404, not index.html', async () => {
    const response = await t.http.get('/assets/missing-0000.js').expect(404);
    expect(response.text).not.toContain('<div id="root">');
  });

  it('leaves /api, /docs, /ws and /health to the service', async () => {
    const unknown = await t.http.get('/api/v1/no-such-route').set(t.admin).expect(404);
    expect(unknown.headers['content-type']).toMatch(/application\/json/);
    expect(unknown.body).toHaveProperty('detail');
    const panel = await t.http.get('/api/no-such-route').expect(404);
    expect(panel.headers['content-type']).toMatch(/application\/json/);
    expect((await t.http.get('/api/v1/organizations').expect(401)).headers['content-type']).toMatch(/application\/json/);
    expect((await t.http.get('/docs').expect(200)).text).toMatch(/swagger/i);
    expect((await t.http.get('/docs-json').expect(200)).body).toHaveProperty('openapi');
    expect((await t.http.get('/health').expect(200)).headers['content-type']).toMatch(/application\/json/);
    expect((await t.http.get('/ws/no-such-socket')).text).not.toContain('<div id="root">');
  });

  it('does not answer other methods with the console', async () => {
    const response = await t.http.post('/boards').send({});
    expect(response.status).toBe(404);
    expect(response.text).not.toContain('<div id="root">');
  });

  it("measures the login page's initial JS (printed, not asserted; the aim is under 250 KB gzipped)", () => {
    const { files, bytes, gzipBytes } = loginPageInitialJs();
    process.stdout.write(`\nconsole: login page initial JS: ${(gzipBytes / 1024).toFixed(1)} KB gzipped (${(bytes / 1024).toFixed(1)} KB raw, ${files.length} files)\n`);
    expect(files.length).toBeGreaterThan(0);
  });
});
