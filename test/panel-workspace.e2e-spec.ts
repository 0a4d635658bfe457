import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import request from 'supertest';
import { startTestApp, TestApp } from './support/test-app';

/** Everything under a folder (hidden files too, links not followed), relative, sorted. */
function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      out.push(relative(dir, full) + (entry.isDirectory() ? '/' : ''));
      if (entry.isDirectory()) walk(full);
    }
  };
  walk(dir);
  return out.sort();
}

interface Part {
  name: string;
  value?: string;
  filename?: string;
  content?: Buffer | string;
}

/** A multipart/form-data body written by hand, so every byte (names, order, NUL, traversal) is what the test says. */
function multipart(parts: Part[]): { body: Buffer; contentType: string } {
  const boundary = `----ws-test-${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = part.filename !== undefined
      ? `form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: application/octet-stream`
      : `form-data; name="${part.name}"`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n\r\n`));
    chunks.push(Buffer.isBuffer(part.content) ? part.content : Buffer.from(part.content ?? part.value ?? ''));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

const DAY = 24 * 3600;
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

describe('ClawPanel workspace /api/workspace/*', () => {
  let t: TestApp;
  let root: string;
  let outside: string;
  let jwt: string;
  let auth: { Authorization: string };

  const upload = (parts: Part[]) => {
    const { body, contentType } = multipart(parts);
    return t.http.post('/api/workspace/upload').set(auth).set('Content-Type', contentType).send(body);
  };
  const setConfig = (config: Record<string, unknown>) => t.http.put('/api/workspace/config').set(auth).send(config).expect(200);
  const systemLog = async (type: string) => {
    const page = await t.http.get('/api/events').query({ source: 'system', limit: 200 }).set(auth).expect(200);
    return (page.body.events as Array<{ type: string; summary: string; detail?: string; source: string }>).filter((e) => e.type === type);
  };
  const age = (path: string, days: number) => {
    const when = Date.now() / 1000 - days * DAY;
    utimesSync(path, when, when);
  };

  beforeAll(async () => {
    t = await startTestApp();
    root = t.config.panel.workspaceRoot;
    outside = mkdtempSync(join(tmpdir(), 'ws-outside-'));
    writeFileSync(join(outside, 'secret.txt'), 'top secret');
    const login = await t.http.post('/api/auth/login').send({ token: t.config.adminToken }).expect(200);
    jwt = login.body.token;
    auth = { Authorization: `Bearer ${jwt}` };
  });
  afterAll(async () => {
    await t.close();
    rmSync(outside, { recursive: true, force: true });
  });

  it('needs the panel JWT on every route', async () => {
    await t.http.get('/api/workspace/files').expect(401);
    const refused = await t.http.get('/api/workspace/download').query({ path: 'x', token: 'not-a-jwt' }).expect(401);
    expect(refused.body).toEqual({ ok: false, error: expect.any(String) });
    await t.http.post('/api/workspace/upload').set(t.admin).expect(401);
  });

  it('lists folders (folders first), creates folders and logs it', async () => {
    const empty = await t.http.get('/api/workspace/files').set(auth).expect(200);
    expect(empty.body).toEqual({ ok: true, files: [], currentPath: '', parentPath: null });

    const made = await t.http.post('/api/workspace/mkdir').set(auth).send({ name: 'docs', path: '' }).expect(200);
    expect(made.body).toMatchObject({ ok: true, path: 'docs', folder: { name: 'docs', path: 'docs', isDirectory: true } });
    await t.http.post('/api/workspace/mkdir').set(auth).send({ name: 'reports', path: 'docs' }).expect(200);
    expect(statSync(join(root, 'docs/reports')).isDirectory()).toBe(true);
    writeFileSync(join(root, 'docs/a.txt'), 'hello');

    const docs = await t.http.get('/api/workspace/files').query({ path: 'docs' }).set(auth).expect(200);
    expect(docs.body.currentPath).toBe('docs');
    expect(docs.body.parentPath).toBe('');
    expect(docs.body.files.map((f: { name: string }) => f.name)).toEqual(['reports', 'a.txt']);
    expect(docs.body.files[1]).toEqual({
      name: 'a.txt',
      path: 'docs/a.txt',
      size: 5,
      sizeHuman: '5 B',
      isDirectory: false,
      isSymlink: false,
      modifiedAt: expect.any(String),
      createdAt: expect.any(String),
      extension: '.txt',
      ageDays: 0,
      note: null,
    });

    const again = await t.http.post('/api/workspace/mkdir').set(auth).send({ name: 'docs' }).expect(409);
    expect(again.body).toEqual({ ok: false, error: 'Already exists: docs' });
    await t.http.post('/api/workspace/mkdir').set(auth).send({ name: 'x', path: 'nope' }).expect(404);
    await t.http.post('/api/workspace/mkdir').set(auth).send({ name: 'a/b' }).expect(400);
    await t.http.post('/api/workspace/mkdir').set(auth).send({ name: '..' }).expect(400);
    await t.http.post('/api/workspace/mkdir').set(auth).send({ name: 'x', path: '../..' }).expect(400);
    await t.http.post('/api/workspace/mkdir').set(auth).send({ path: 'docs' }).expect(400);
    await t.http.get('/api/workspace/files').query({ path: 'docs/a.txt' }).set(auth).expect(400);
    expect((await systemLog('workspace.mkdir')).map((e) => e.summary)).toEqual(
      expect.arrayContaining(['Created folder docs', 'Created folder docs/reports']),
    );
  });

  it('uploads files streamed whole into the folder sent after them, renaming on a clash unless told otherwise', async () => {
    const first = await upload([
      { name: 'files', filename: 'one.txt', content: 'first file' },
      { name: 'files', filename: 'два.md', content: '# два' },
      { name: 'path', value: 'docs' },
    ]).expect(200);
    expect(first.body.ok).toBe(true);
    expect(first.body.files.map((f: { path: string }) => f.path)).toEqual(['docs/one.txt', 'docs/два.md']);
    expect(first.body.files[0]).toMatchObject({ name: 'one.txt', originalName: 'one.txt', size: 10, isDirectory: false, extension: '.txt' });
    expect(readFileSync(join(root, 'docs/два.md'), 'utf8')).toBe('# два');

    const clash = await upload([{ name: 'files', filename: 'one.txt', content: 'second' }, { name: 'path', value: 'docs' }]).expect(200);
    expect(clash.body.files[0]).toMatchObject({ name: 'one (1).txt', path: 'docs/one (1).txt', originalName: 'one.txt' });
    expect(readFileSync(join(root, 'docs/one.txt'), 'utf8')).toBe('first file');

    const refused = await upload([
      { name: 'path', value: 'docs' },
      { name: 'conflict', value: 'error' },
      { name: 'files', filename: 'fresh.txt', content: 'x' },
      { name: 'files', filename: 'one.txt', content: 'third' },
    ]).expect(409);
    expect(refused.body).toEqual({ ok: false, error: 'Already exists: docs/one.txt' });
    expect(existsSync(join(root, 'docs/fresh.txt'))).toBe(false);

    await upload([{ name: 'files', filename: 'one.txt', content: 'replaced' }, { name: 'path', value: 'docs' }, { name: 'conflict', value: 'overwrite' }]).expect(200);
    expect(readFileSync(join(root, 'docs/one.txt'), 'utf8')).toBe('replaced');
    await upload([{ name: 'files', filename: 'reports', content: 'x' }, { name: 'path', value: 'docs' }, { name: 'conflict', value: 'overwrite' }]).expect(409);
    expect(statSync(join(root, 'docs/reports')).isDirectory()).toBe(true);

    const rootUpload = await t.http.post('/api/workspace/upload').set(auth).attach('files', Buffer.from('via supertest'), 'plain.txt').expect(200);
    expect(rootUpload.body.files[0].path).toBe('plain.txt');

    const logged = await systemLog('workspace.upload');
    expect(logged.some((e) => e.summary.startsWith('Uploaded docs/one.txt and docs/два.md'))).toBe(true);
    expect(tree(root).filter((p) => p.includes('.clawpanel-upload-'))).toEqual([]);
  });

  describe('upload abuse: refused with nothing left behind', () => {
    let before: string[];
    let outsideBefore: string[];

    beforeEach(() => {
      before = tree(root);
      outsideBefore = tree(outside);
    });
    afterEach(async () => {
      expect(tree(root)).toEqual(before);
      expect(tree(outside)).toEqual(outsideBefore);
      await setConfig({ maxUploadFileBytes: 100 * 1024 * 1024, maxUploadTotalBytes: 500 * 1024 * 1024, maxUploadFiles: 20 });
    });

    it.each([
      ['../escape.txt', "without '/'"],
      ['../../etc/cron.d/evil', "without '/'"],
      ['/tmp/abs.txt', "'/'"],
      ['..\\..\\win.txt', "'\\'"],
      ['..', "'.' or '..'"],
      ['', 'empty'],
    ])('a file named %j (400)', async (filename, message) => {
      const answer = await upload([{ name: 'files', filename: 'ok.txt', content: 'fine' }, { name: 'files', filename, content: 'bad' }]).expect(400);
      expect(answer.body.ok).toBe(false);
      expect(answer.body.error).toContain(message);
      expect(existsSync(join(root, '..', 'escape.txt'))).toBe(false);
    });

    it.each([
      ['../', 400],
      ['docs/../../x', 400],
      ['/etc', 400],
      ['%2e%2e%2f', 404],
      ['docs\0/x', 400],
      ['a'.repeat(1100), 400],
      ['missing', 404],
      ['docs/one.txt', 400],
    ])('into the folder %j (%i)', async (path, status) => {
      await upload([{ name: 'files', filename: 'ok.txt', content: 'fine' }, { name: 'path', value: path }]).expect(status);
    });

    it('into a symbolic link that leads outside (403), nothing written there', async () => {
      symlinkSync(outside, join(root, 'escape'));
      before = tree(root);
      const answer = await upload([{ name: 'files', filename: 'planted.txt', content: 'x' }, { name: 'path', value: 'escape' }]).expect(403);
      expect(answer.body.error).toContain('outside the workspace');
      expect(existsSync(join(outside, 'planted.txt'))).toBe(false);
    });

    it('a file over the per-file limit (413), even after a good file in the same request', async () => {
      await setConfig({ maxUploadFileBytes: 64 * 1024 });
      const answer = await upload([
        { name: 'files', filename: 'small.txt', content: 'small' },
        { name: 'files', filename: 'big.bin', content: randomBytes(3 * 1024 * 1024) },
        { name: 'path', value: 'docs' },
      ]).expect(413);
      expect(answer.body).toEqual({ ok: false, error: expect.stringContaining('big.bin is larger than the 64.0 KB limit per file') });
    });

    it('a request over the total limit (413), by its declared length or as it streams', async () => {
      await setConfig({ maxUploadTotalBytes: 50_000, maxUploadFileBytes: 64 * 1024 });
      const parts = [1, 2, 3].map((n) => ({ name: 'files', filename: `p${n}.bin`, content: randomBytes(40_000) }));
      const declared = await upload(parts).expect(413);
      expect(declared.body.error).toContain('limit per request');

      // the same files sent chunked, without a Content-Length: caught while streaming
      const { body, contentType } = multipart(parts);
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = require('node:http').request(
          `${t.baseUrl}/api/workspace/upload`,
          { method: 'POST', headers: { ...auth, 'Content-Type': contentType, 'Transfer-Encoding': 'chunked' } },
          (res: import('node:http').IncomingMessage) => {
            let text = '';
            res.on('data', (chunk) => (text += chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
          },
        );
        req.on('error', reject);
        for (let i = 0; i < body.length; i += 8192) req.write(body.subarray(i, i + 8192));
        req.end();
      });
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body)).toEqual({ ok: false, error: expect.stringContaining('limit per request') });
    });

    it('too many files (413)', async () => {
      await setConfig({ maxUploadFiles: 2 });
      const answer = await upload([1, 2, 3].map((n) => ({ name: 'files', filename: `f${n}.txt`, content: 'x' }))).expect(413);
      expect(answer.body.error).toContain('Too many files');
    });

    it('not multipart (415), no files (400), unknown parts (400)', async () => {
      expect((await t.http.post('/api/workspace/upload').set(auth).send({ files: ['a'] }).expect(415)).body.error).toContain('multipart/form-data');
      await t.http.post('/api/workspace/upload').set(auth).type('form').send('files=abc').expect(415);
      await t.http.post('/api/workspace/upload').set(auth).set('Content-Type', 'text/plain').send('hello').expect(415);
      await upload([{ name: 'path', value: 'docs' }]).expect(400);
      await upload([{ name: 'file', filename: 'a.txt', content: 'x' }]).expect(400);
      await upload([{ name: 'files', filename: 'a.txt', content: 'x' }, { name: 'owner', value: 'me' }]).expect(400);
      await upload([{ name: 'files', filename: 'a.txt', content: 'x' }, { name: 'conflict', value: 'clobber' }]).expect(400);
      await t.http.post('/api/workspace/upload').set(auth).set('Content-Type', 'multipart/form-data; boundary=xyz').send('garbage').expect(400);
    });
  });

  it('takes a file of exactly the limit, and leaves nothing behind when the client goes away mid-upload', async () => {
    await setConfig({ maxUploadFileBytes: 64 * 1024 });
    const exact = await upload([{ name: 'files', filename: 'exact.bin', content: randomBytes(64 * 1024) }, { name: 'path', value: 'docs' }]).expect(200);
    expect(exact.body.files[0].size).toBe(64 * 1024);
    await setConfig({ maxUploadFileBytes: 100 * 1024 * 1024 });

    const before = tree(root);
    const { body, contentType } = multipart([{ name: 'files', filename: 'partial.bin', content: randomBytes(2 * 1024 * 1024) }]);
    await new Promise<void>((resolve) => {
      const req = require('node:http').request(`${t.baseUrl}/api/workspace/upload`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': contentType, 'Content-Length': String(body.length) },
      });
      req.on('error', () => resolve());
      req.write(body.subarray(0, 1024 * 1024), () => setTimeout(() => {
        req.destroy();
        resolve();
      }, 300));
    });
    const deadline = Date.now() + 5000;
    while (JSON.stringify(tree(root)) !== JSON.stringify(before) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(tree(root)).toEqual(before);
  });

  describe('path confinement on every route', () => {
    beforeAll(() => {
      if (!existsSync(join(root, 'escape'))) symlinkSync(outside, join(root, 'escape'));
      symlinkSync(join(outside, 'secret.txt'), join(root, 'secret-link.txt'));
      symlinkSync(join(root, 'docs'), join(root, 'docs-link'));
    });

    it.each([
      ['../', 400],
      ['..', 400],
      ['docs/../..', 400],
      ['/etc', 400],
      ['/', 400],
      ['docs\\..\\..', 400],
      ['escape', 403],
      ['escape/nothing-here', 403],
      ['missing', 404],
    ])('GET files?path=%j → %i', async (path, status) => {
      const answer = await t.http.get('/api/workspace/files').query({ path }).set(auth).expect(status);
      expect(answer.body).toEqual({ ok: false, error: expect.any(String) });
    });

    it('refuses encoded traversal, NUL bytes, repeated and overlong paths', async () => {
      await t.http.get('/api/workspace/files?path=%2e%2e%2f%2e%2e%2fetc').set(auth).expect(400);
      await t.http.get('/api/workspace/files?path=..%2F..%2Fetc').set(auth).expect(400);
      // double encoding reaches us as a literal name inside the root: simply not there
      await t.http.get('/api/workspace/files?path=%252e%252e%252f').set(auth).expect(404);
      expect((await t.http.get('/api/workspace/files?path=docs%00').set(auth).expect(400)).body.error).toContain('NUL');
      await t.http.get('/api/workspace/files?path=docs&path=..').set(auth).expect(400);
      expect((await t.http.get('/api/workspace/files').query({ path: 'a/'.repeat(600) }).set(auth).expect(400)).body.error).toContain('too long');
    });

    it('follows links that stay inside, refuses those that lead out on every file route', async () => {
      const viaLink = await t.http.get('/api/workspace/files').query({ path: 'docs-link' }).set(auth).expect(200);
      expect(viaLink.body.files.map((f: { path: string }) => f.path)).toContain('docs-link/one.txt');

      const listing = await t.http.get('/api/workspace/files').set(auth).expect(200);
      expect(listing.body.files.find((f: { name: string }) => f.name === 'escape')).toMatchObject({ isSymlink: true, isDirectory: false });
      expect(JSON.stringify(listing.body)).not.toContain('top secret');

      for (const path of ['escape/secret.txt', 'secret-link.txt', 'escape/missing.txt']) {
        await t.http.get('/api/workspace/download').query({ path, token: jwt }).expect(403);
        await t.http.get('/api/workspace/preview').query({ path }).set(auth).expect(403);
      }
      await t.http.post('/api/workspace/mkdir').set(auth).send({ name: 'planted', path: 'escape' }).expect(403);
      await t.http.put('/api/workspace/notes').set(auth).send({ path: 'escape/secret.txt', note: 'x' }).expect(403);
      await t.http.put('/api/workspace/notes').set(auth).send({ path: '../x', note: 'x' }).expect(400);
      await t.http.post('/api/workspace/delete').set(auth).send({ paths: ['escape/secret.txt'] }).expect(403);
      await t.http.post('/api/workspace/delete').set(auth).send({ paths: ['../outside'] }).expect(400);
      await t.http.post('/api/workspace/delete').set(auth).send({ paths: ['/etc/passwd'] }).expect(400);
      await t.http.post('/api/workspace/delete').set(auth).send({ paths: [''] }).expect(400);
      expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('top secret');
      expect(existsSync(join(outside, 'planted'))).toBe(false);

      // removing the link removes the link, never what it points at
      const removed = await t.http.post('/api/workspace/delete').set(auth).send({ paths: ['secret-link.txt'] }).expect(200);
      expect(removed.body).toEqual({ ok: true, deleted: ['secret-link.txt'], errors: [] });
      expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('top secret');
    });
  });

  describe('download and preview (links carry the JWT as ?token=)', () => {
    beforeAll(() => {
      mkdirSync(join(root, 'media'), { recursive: true });
      writeFileSync(join(root, 'media/pixel.png'), PNG);
      writeFileSync(join(root, 'media/notes.md'), '# Notes\n\nÜber alles ✓\n');
      writeFileSync(join(root, 'media/blob.bin'), Buffer.from([0x00, 0x01, 0x02, 0xff]));
      writeFileSync(join(root, 'media/big.log'), 'x'.repeat(600 * 1024));
      writeFileSync(join(root, 'media/draw.svg'), '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    });

    it('downloads a file as an attachment with ?token= only', async () => {
      const file = await request(t.baseUrl)
        .get('/api/workspace/download')
        .query({ path: 'media/pixel.png', token: jwt })
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(file.headers['content-type']).toBe('image/png');
      expect(file.headers['content-disposition']).toMatch(/^attachment; filename="?pixel\.png"?$/);
      expect(file.headers['content-length']).toBe(String(PNG.length));
      expect(Buffer.compare(file.body as Buffer, PNG)).toBe(0);

      const text = await t.http.get('/api/workspace/download').query({ path: 'docs/два.md', token: jwt }).expect(200);
      expect(text.headers['content-disposition']).toContain("filename*=UTF-8''%D0%B4%D0%B2%D0%B0.md");
      expect(text.text).toBe('# два');

      const info = await t.http.get('/api/workspace/download').query({ path: 'media/notes.md' }).set(auth).set('Accept', 'application/json').expect(200);
      expect(info.body).toMatchObject({ ok: true, file: { path: 'media/notes.md', isDirectory: false }, contentType: 'text/markdown; charset=utf-8' });

      await t.http.get('/api/workspace/download').query({ path: 'media/pixel.png' }).expect(401);
      await t.http.get('/api/workspace/download').query({ path: 'media', token: jwt }).expect(400);
      await t.http.get('/api/workspace/download').query({ path: 'media/none.txt', token: jwt }).expect(404);
      await t.http.get('/api/workspace/download').query({ token: jwt }).expect(400);
    });

    it('previews images as themselves and text as JSON, capped, and refuses binary files', async () => {
      const image = await t.http.get('/api/workspace/preview').query({ path: 'media/pixel.png', token: jwt }).expect(200);
      expect(image.headers['content-type']).toBe('image/png');
      expect(image.headers['content-security-policy']).toContain('sandbox');
      const svg = await t.http.get('/api/workspace/preview').query({ path: 'media/draw.svg', token: jwt }).expect(200);
      expect(svg.headers['content-type']).toBe('image/svg+xml');
      expect(svg.headers['content-security-policy']).toContain("default-src 'none'");

      const text = await t.http.get('/api/workspace/preview').query({ path: 'media/notes.md' }).set(auth).expect(200);
      const notes = '# Notes\n\nÜber alles ✓\n';
      expect(text.body).toEqual({ ok: true, type: 'text', content: notes, truncated: false, size: Buffer.byteLength(notes) });
      const big = await t.http.get('/api/workspace/preview').query({ path: 'media/big.log', token: jwt }).expect(200);
      expect(big.body.truncated).toBe(true);
      expect(big.body.content.length).toBe(512 * 1024);
      expect(big.body.size).toBe(600 * 1024);

      const binary = await t.http.get('/api/workspace/preview').query({ path: 'media/blob.bin' }).set(auth).expect(415);
      expect(binary.body).toEqual({ ok: false, error: expect.stringContaining('cannot be previewed') });
      await t.http.get('/api/workspace/preview').query({ path: 'media/pixel.png', token: 'bad' }).expect(401);
    });
  });

  it('counts files, folders, bytes and types', async () => {
    const stats = await t.http.get('/api/workspace/stats').set(auth).expect(200);
    const files = tree(root).filter((p) => !p.endsWith('/') && statSync(join(root, p), { throwIfNoEntry: false }) && !lstatIsLink(join(root, p)));
    expect(stats.body).toMatchObject({ ok: true, totalFiles: files.length, oldFiles: 0 });
    expect(stats.body.totalFolders).toBe(tree(root).filter((p) => p.endsWith('/')).length);
    expect(stats.body.totalSize).toBe(files.reduce((sum, p) => sum + statSync(join(root, p)).size, 0));
    expect(stats.body.byType[0]).toEqual({ extension: '.log', count: 1, size: 600 * 1024 });
    expect(stats.body.byType.find((type: { extension: string }) => type.extension === '.txt').count).toBeGreaterThan(1);
  });

  it('keeps notes in the database: set, list, show in listings, clear with an empty note, follow deletes', async () => {
    await t.http.put('/api/workspace/notes').set(auth).send({ path: 'docs/one.txt', note: 'first upload' }).expect(200);
    await t.http.put('/api/workspace/notes').set(auth).send({ path: 'docs', note: 'documents' }).expect(200);
    await t.http.put('/api/workspace/notes').set(auth).send({ path: 'media/notes.md', note: 'to clear' }).expect(200);
    expect((await t.http.get('/api/workspace/notes').set(auth).expect(200)).body).toEqual({
      ok: true,
      notes: { docs: 'documents', 'docs/one.txt': 'first upload', 'media/notes.md': 'to clear' },
    });
    const listed = await t.http.get('/api/workspace/files').query({ path: 'docs' }).set(auth).expect(200);
    expect(listed.body.files.find((f: { name: string }) => f.name === 'one.txt').note).toBe('first upload');
    const rows = await t.dataSource.query('SELECT path, note FROM workspace_notes ORDER BY path');
    expect(rows).toEqual([
      { path: 'docs', note: 'documents' },
      { path: 'docs/one.txt', note: 'first upload' },
      { path: 'media/notes.md', note: 'to clear' },
    ]);

    const cleared = await t.http.put('/api/workspace/notes').set(auth).send({ path: 'media/notes.md', note: '' }).expect(200);
    expect(cleared.body).toEqual({ ok: true, path: 'media/notes.md', note: null });
    await t.http.put('/api/workspace/notes').set(auth).send({ path: 'nope.txt', note: 'x' }).expect(404);
    await t.http.put('/api/workspace/notes').set(auth).send({ path: 'docs', note: 'x'.repeat(2001) }).expect(400);
    await t.http.put('/api/workspace/notes').set(auth).send({ path: 'docs' }).expect(400);
    expect(Object.keys((await t.http.get('/api/workspace/notes').set(auth).expect(200)).body.notes)).toEqual(['docs', 'docs/one.txt']);
  });

  it('deletes files and folders only when every path is good, and logs it', async () => {
    mkdirSync(join(root, 'trash/deep'), { recursive: true });
    writeFileSync(join(root, 'trash/deep/x.txt'), 'x');
    writeFileSync(join(root, 'trash/y.txt'), 'y');
    await t.http.put('/api/workspace/notes').set(auth).send({ path: 'trash/y.txt', note: 'gone soon' }).expect(200);

    const missing = await t.http.post('/api/workspace/delete').set(auth).send({ paths: ['trash/y.txt', 'trash/none.txt'] }).expect(404);
    expect(missing.body.error).toBe('Not found: trash/none.txt');
    expect(existsSync(join(root, 'trash/y.txt'))).toBe(true);
    await t.http.post('/api/workspace/delete').set(auth).send({ paths: [] }).expect(400);
    await t.http.post('/api/workspace/delete').set(auth).send({ paths: 'trash' }).expect(400);

    const done = await t.http.post('/api/workspace/delete').set(auth).send({ paths: ['trash/deep/x.txt', 'trash'] }).expect(200);
    expect(done.body).toEqual({ ok: true, deleted: ['trash', 'trash/deep/x.txt'], errors: [] });
    expect(existsSync(join(root, 'trash'))).toBe(false);
    expect((await t.http.get('/api/workspace/notes').set(auth).expect(200)).body.notes['trash/y.txt']).toBeUndefined();
    const logged = await systemLog('workspace.delete');
    expect(logged[0]).toMatchObject({ source: 'system', summary: 'Deleted trash and trash/deep/x.txt' });
  });

  it('reads and changes the auto-clean settings in the admin config', async () => {
    const initial = await t.http.get('/api/workspace/config').set(auth).expect(200);
    expect(initial.body).toEqual({
      ok: true,
      config: {
        autoCleanEnabled: false,
        autoCleanDays: 30,
        excludePatterns: ['*.md', '.git', 'skills'],
        autoCleanIntervalMinutes: 60,
        maxUploadFileBytes: 100 * 1024 * 1024,
        maxUploadTotalBytes: 500 * 1024 * 1024,
        maxUploadFiles: 20,
      },
    });
    // the web client sends back the whole object it read
    const changed = await setConfig({ ...initial.body.config, autoCleanDays: 7, excludePatterns: ['*.md', 'keep', 'logs/**'] });
    expect(changed.body.config).toMatchObject({ autoCleanDays: 7, excludePatterns: ['*.md', 'keep', 'logs/**'], autoCleanEnabled: false });
    const admin = await t.http.get('/api/admin/config').set(auth).expect(200);
    expect(admin.body.config.workspace).toMatchObject({ autoCleanDays: 7, excludePatterns: ['*.md', 'keep', 'logs/**'] });

    await t.http.put('/api/workspace/config').set(auth).send({ autoCleanDays: 0 }).expect(400);
    await t.http.put('/api/workspace/config').set(auth).send({ autoCleanDays: '7' }).expect(400);
    await t.http.put('/api/workspace/config').set(auth).send({ excludePatterns: ['  '] }).expect(400);
    await t.http.put('/api/workspace/config').set(auth).send({ excludePatterns: '*.md' }).expect(400);
    await t.http.put('/api/workspace/config').set(auth).send({ maxAge: 3 }).expect(400);
    expect((await systemLog('workspace.config')).length).toBeGreaterThan(0);
  });

  it('cleans by age, keeps excluded files and folders, never reaches outside, reports what it removed', async () => {
    mkdirSync(join(root, 'old/keep'), { recursive: true });
    mkdirSync(join(root, 'keep'), { recursive: true });
    mkdirSync(join(root, 'logs/2020'), { recursive: true });
    const files: Record<string, number> = {
      'old/stale.txt': 10,
      'old/fresh.txt': 2,
      'old/readme.md': 30,
      'old/keep/kept.txt': 30,
      'keep/also-kept.bin': 30,
      'logs/2020/app.log': 30,
      'stale-root.tmp': 8,
    };
    for (const [path, days] of Object.entries(files)) {
      writeFileSync(join(root, path), path);
      age(join(root, path), days);
    }
    writeFileSync(join(outside, 'ancient.txt'), 'outside');
    age(join(outside, 'ancient.txt'), 400);
    age(join(outside, 'secret.txt'), 400);
    await t.http.put('/api/workspace/notes').set(auth).send({ path: 'old/stale.txt', note: 'doomed' }).expect(200);

    const stats = await t.http.get('/api/workspace/stats').set(auth).expect(200);
    expect(stats.body.oldFiles).toBe(2);

    const dry = await t.http.post('/api/workspace/clean').set(auth).send({ dryRun: true }).expect(200);
    expect(dry.body).toMatchObject({ ok: true, dryRun: true, maxAgeDays: 7 });
    expect([...dry.body.deleted].sort()).toEqual(['old/stale.txt', 'stale-root.tmp']);
    expect(existsSync(join(root, 'old/stale.txt'))).toBe(true);

    const cleaned = await t.http.post('/api/workspace/clean').set(auth).expect(200);
    expect([...cleaned.body.deleted].sort()).toEqual(['old/stale.txt', 'stale-root.tmp']);
    expect(cleaned.body).toMatchObject({ ok: true, errors: [], dryRun: false, freedBytes: 'old/stale.txt'.length + 'stale-root.tmp'.length });
    for (const kept of ['old/fresh.txt', 'old/readme.md', 'old/keep/kept.txt', 'keep/also-kept.bin', 'logs/2020/app.log']) {
      expect(existsSync(join(root, kept))).toBe(true);
    }
    expect(existsSync(join(root, 'old'))).toBe(true);
    expect(readFileSync(join(outside, 'ancient.txt'), 'utf8')).toBe('outside');
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('top secret');
    expect(existsSync(join(root, 'escape'))).toBe(true);
    expect((await t.http.get('/api/workspace/notes').set(auth).expect(200)).body.notes['old/stale.txt']).toBeUndefined();

    const override = await t.http.post('/api/workspace/clean').set(auth).send({ maxAgeDays: 1 }).expect(200);
    expect(override.body.deleted).toEqual(['old/fresh.txt']);
    await t.http.post('/api/workspace/clean').set(auth).send({ maxAgeDays: 0 }).expect(400);

    const logged = await systemLog('workspace.clean');
    expect(logged.map((e) => e.summary)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Workspace clean \(older than 7 days\) removed (old\/stale\.txt and stale-root\.tmp|stale-root\.tmp and old\/stale\.txt)/)]),
    );
  });

  it('runs the clean on its schedule once enabled', async () => {
    writeFileSync(join(root, 'scheduled.txt'), 'old');
    age(join(root, 'scheduled.txt'), 3);
    await setConfig({ autoCleanEnabled: true, autoCleanDays: 2, autoCleanIntervalMinutes: 60 });
    const deadline = Date.now() + 20_000;
    while (existsSync(join(root, 'scheduled.txt')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    expect(existsSync(join(root, 'scheduled.txt'))).toBe(false);
    expect(existsSync(join(root, 'old/readme.md'))).toBe(true);
    await setConfig({ autoCleanEnabled: false });
    // the entry is written just after the file goes
    let logged = await systemLog('workspace.clean');
    while (!/^Scheduled/.test(logged[0]?.summary ?? '') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      logged = await systemLog('workspace.clean');
    }
    expect(logged[0].summary).toMatch(/^Scheduled workspace clean \(older than 2 days\) removed scheduled\.txt/);
  });
});

function lstatIsLink(path: string): boolean {
  return require('node:fs').lstatSync(path).isSymbolicLink();
}
