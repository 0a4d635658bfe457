import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { JobEngine } from '../src/core/jobs/job-engine';
import { KnowledgeVectors } from '../src/mission-control/knowledge/knowledge-vectors';
import type { MissionControlJobs } from '../src/mission-control/domain-events';
import { FakeEmbeddingsServer } from './fakes/openai-embeddings-server';
import { serverDatabaseUrl } from './support/database';
import { createAgent, createBoard, createOrganization, organizationAdmin } from './support/fixtures';
import { waitFor } from './support/service-process';
import { startTestApp, TestApp } from './support/test-app';
import { tinyPdf } from './support/tiny-pdf';

type Entry = {
  id: string;
  organization_id: string;
  board_id: string | null;
  title: string;
  content: string;
  category: string | null;
  tags: string[];
  source: string;
  pinned: boolean;
  documents: Array<{ id: string; filename: string }>;
  embedding: { model: string; dim: number; current: boolean } | null;
};
type Hit = { id: string; title: string; snippet: string; category: string | null; pinned: boolean; score: number; keyword_score: number | null; semantic_score: number | null };

const MAX_DOCUMENT_BYTES = 4096;

describe('M12 knowledge base', () => {
  let t: TestApp;
  let org: { id: string };
  let board: { id: string };

  beforeAll(async () => {
    t = await startTestApp({ KNOWLEDGE_MAX_DOCUMENT_BYTES: String(MAX_DOCUMENT_BYTES) });
    org = await createOrganization(t);
    board = await createBoard(t, org.id);
  });
  afterAll(async () => {
    await t.close();
  });

  const create = async (body: Record<string, unknown>, app = t) =>
    (await app.http.post('/api/v1/knowledge').set(app.admin).send({ organization_id: org.id, title: `entry-${randomUUID().slice(0, 8)}`, content: '', ...body }).expect(201)).body as Entry;
  const get = async (id: string, app = t) => (await app.http.get(`/api/v1/knowledge/${id}`).set(app.admin).expect(200)).body as Entry;
  const search = async (body: Record<string, unknown>, app = t) =>
    (await app.http.post('/api/v1/knowledge/search').set(app.admin).send({ organization_id: org.id, ...body }).expect(200)).body as { mode: string; items: Hit[] };
  const embedded = (id: string, model?: string, app = t) =>
    waitFor(`the vector of ${id}`, async () => {
      const entry = await get(id, app);
      return entry.embedding && entry.embedding.current && (!model || entry.embedding.model === model) ? entry : undefined;
    });
  const outboxNames = async (organizationId: string) =>
    ((await t.dataSource.query(`SELECT name FROM outbox_events WHERE organization_id = $1 AND name LIKE 'knowledge.%' ORDER BY created_at`, [organizationId])) as Array<{ name: string }>).map(
      (row) => row.name,
    );

  describe('entries', () => {
    it('creates, reads, lists with filters, updates and deletes, recording knowledge.* events in the outbox', async () => {
      const own = await createOrganization(t);
      const ownBoard = await createBoard(t, own.id);
      const entry = await create({ organization_id: own.id, board_id: ownBoard.id, title: '  网关升级步骤 ', content: '升级网关之前需要先备份数据库', category: '技术文档', tags: ['运维', '网关', '运维'] });
      expect(entry).toMatchObject({ organization_id: own.id, board_id: ownBoard.id, title: '网关升级步骤', category: '技术文档', tags: ['运维', '网关'], source: 'manual', pinned: false, documents: [] });
      expect(await get(entry.id)).toMatchObject({ id: entry.id, content: '升级网关之前需要先备份数据库' });

      const other = await create({ organization_id: own.id, title: 'Release checklist', content: 'Tag, build, ship.', category: 'process', tags: ['release'] });
      const list = async (query: Record<string, string>) =>
        ((await t.http.get('/api/v1/knowledge').query({ organization_id: own.id, ...query }).set(t.admin).expect(200)).body.items as Entry[]).map((item) => item.id);
      expect((await list({})).sort()).toEqual([entry.id, other.id].sort());
      expect(await list({ board_id: ownBoard.id })).toEqual([entry.id]);
      expect(await list({ category: 'process' })).toEqual([other.id]);
      expect(await list({ tag: '运维' })).toEqual([entry.id]);
      expect(await list({ pinned: 'true' })).toEqual([]);
      const page = await t.http.get('/api/v1/knowledge').query({ organization_id: own.id, limit: 1 }).set(t.admin).expect(200);
      expect(page.headers['x-total-count']).toBe('2');
      expect(page.body).toMatchObject({ total: 2, page: 1, size: 1 });

      const updated = (await t.http.patch(`/api/v1/knowledge/${entry.id}`).set(t.admin).send({ content: '升级网关之前需要先备份配置', category: null, board_id: null }).expect(200)).body as Entry;
      expect(updated).toMatchObject({ content: '升级网关之前需要先备份配置', category: null, board_id: null });

      await t.http.delete(`/api/v1/knowledge/${other.id}`).set(t.admin).expect(204);
      await t.http.get(`/api/v1/knowledge/${other.id}`).set(t.admin).expect(404);
      expect(await outboxNames(own.id)).toEqual(['knowledge.created', 'knowledge.created', 'knowledge.updated', 'knowledge.deleted']);
    });

    it('toggles the pin, or sets it when the body says {pinned}, and lists pinned entries first', async () => {
      const own = await createOrganization(t);
      const first = await create({ organization_id: own.id, title: 'first' });
      const second = await create({ organization_id: own.id, title: 'second' });
      const pin = async (body?: Record<string, unknown>) => ((await t.http.post(`/api/v1/knowledge/${first.id}/pin`).set(t.admin).send(body ?? {}).expect(200)).body as Entry).pinned;
      expect(await pin()).toBe(true);
      expect(await pin()).toBe(false);
      expect(await pin({ pinned: true })).toBe(true);
      expect(await pin({ pinned: true })).toBe(true);
      // the unpinned entry is the most recently updated, and still comes second
      await t.http.patch(`/api/v1/knowledge/${second.id}`).set(t.admin).send({ content: 'newer' }).expect(200);
      const items = (await t.http.get('/api/v1/knowledge').query({ organization_id: own.id }).set(t.admin).expect(200)).body.items as Entry[];
      expect(items.map((item) => item.id)).toEqual([first.id, second.id]);
      expect(((await t.http.get('/api/v1/knowledge').query({ organization_id: own.id, pinned: 'true' }).set(t.admin).expect(200)).body.items as Entry[]).map((item) => item.id)).toEqual([first.id]);
    });

    it('refuses invalid input with 422 naming the field', async () => {
      const fieldsOf = (body: { errors?: Array<{ field: string }> }) => (body.errors ?? []).map((error) => error.field);
      const refused = async (path: string, body: unknown, field: string) => {
        const response = await t.http.post(path).set(t.admin).send(body as object);
        expect(response.status).toBe(422);
        expect(fieldsOf(response.body)).toContain(field);
      };
      await refused('/api/v1/knowledge', { organization_id: org.id, content: 'x' }, 'title');
      await refused('/api/v1/knowledge', { organization_id: org.id, title: 't', content: 'x', tags: 'a' }, 'tags');
      await refused('/api/v1/knowledge', { organization_id: org.id, title: 't', content: 'x', source: 'robot' }, 'source');
      await refused('/api/v1/knowledge', { organization_id: 'not-a-uuid', title: 't', content: 'x' }, 'organization_id');
      await refused('/api/v1/knowledge/search', { query: 'x', mode: 'fuzzy' }, 'mode');
      await refused('/api/v1/knowledge/search', { query: '' }, 'query');
      await refused('/api/v1/knowledge/search', { query: 'x', limit: 0 }, 'limit');
      const foreignBoard = await createBoard(t, (await createOrganization(t)).id);
      await refused('/api/v1/knowledge', { organization_id: org.id, title: 't', content: 'x', board_id: foreignBoard.id }, 'board_id');
      await t.http.get('/api/v1/knowledge/not-a-uuid').set(t.admin).expect(422);
    });

    it("answers 404 for an unknown entry and 403 for another organization's entry to an organization admin", async () => {
      const mine = await createOrganization(t);
      const theirs = await createOrganization(t);
      const admin = await organizationAdmin(t, mine.id);
      const foreign = await create({ organization_id: theirs.id, title: 'secret', content: '别的组织的秘密' });
      await t.http.get(`/api/v1/knowledge/${randomUUID()}`).set(admin.headers).expect(404);
      await t.http.get(`/api/v1/knowledge/${foreign.id}`).set(admin.headers).expect(403);
      await t.http.patch(`/api/v1/knowledge/${foreign.id}`).set(admin.headers).send({ title: 'x' }).expect(403);
      await t.http.post(`/api/v1/knowledge/${foreign.id}/pin`).set(admin.headers).send({}).expect(403);
      await t.http.delete(`/api/v1/knowledge/${foreign.id}`).set(admin.headers).expect(403);
      await t.http.post('/api/v1/knowledge').set(admin.headers).send({ organization_id: theirs.id, title: 't', content: 'x' }).expect(403);
      await t.http.post('/api/v1/knowledge/search').set(admin.headers).send({ query: '秘密', organization_id: theirs.id }).expect(403);
      const own = (await t.http.post('/api/v1/knowledge/search').set(admin.headers).send({ query: '秘密', mode: 'keyword' }).expect(200)).body as { items: Hit[] };
      expect(own.items).toEqual([]);
      const listed = (await t.http.get('/api/v1/knowledge').set(admin.headers).expect(200)).body.items as Entry[];
      expect(listed.every((entry) => entry.organization_id === mine.id)).toBe(true);
      await t.http.get('/api/v1/knowledge').set({ Authorization: 'Bearer wrong' }).expect(401);
    });
  });

  describe('keyword search', () => {
    it('finds Chinese text by jieba words (备份, 网关, 数据) and marks them in the snippet', async () => {
      const own = await createOrganization(t);
      const entry = await create({ organization_id: own.id, title: '升级手册', content: '升级网关之前需要先备份数据库' });
      await create({ organization_id: own.id, title: '日历说明', content: '共享日历支持重复事件' });
      for (const query of ['备份', '网关', '数据', '网关备份']) {
        const result = await search({ organization_id: own.id, query, mode: 'keyword' });
        expect(result.mode).toBe('keyword');
        expect(result.items.map((item) => item.id)).toEqual([entry.id]);
      }
      const [hit] = (await search({ organization_id: own.id, query: '备份', mode: 'keyword' })).items;
      expect(hit).toMatchObject({ title: '升级手册', snippet: '升级网关之前需要先<mark>备份</mark>数据库', keyword_score: 1, semantic_score: null, score: 1 });
      expect((await search({ organization_id: own.id, query: '飞机', mode: 'keyword' })).items).toEqual([]);
    });

    it('finds English text by stem (backup finds backups) and escapes the snippet', async () => {
      const own = await createOrganization(t);
      const entry = await create({ organization_id: own.id, title: 'Nightly jobs', content: 'The <b>nightly</b> backups of the gateway database run at 02:00.' });
      const [hit] = (await search({ organization_id: own.id, query: 'backup', mode: 'keyword' })).items;
      expect(hit.id).toBe(entry.id);
      expect(hit.snippet).toBe('The &lt;b&gt;nightly&lt;/b&gt; <mark>backups</mark> of the gateway database run at 02:00.');
      expect((await search({ organization_id: own.id, query: 'Gateways', mode: 'keyword' })).items.map((item) => item.id)).toEqual([entry.id]);
    });

    it('filters by board and category, and puts pinned entries first among equal scores', async () => {
      const own = await createOrganization(t);
      const ownBoard = await createBoard(t, own.id);
      const plain = await create({ organization_id: own.id, title: 'A', content: '发布流程说明', category: '流程' });
      const pinned = await create({ organization_id: own.id, title: 'A', content: '发布流程说明', category: '流程', pinned: true });
      const onBoard = await create({ organization_id: own.id, board_id: ownBoard.id, title: 'A', content: '发布流程说明', category: '规范' });
      const all = (await search({ organization_id: own.id, query: '发布', mode: 'keyword' })).items;
      expect(all[0].id).toBe(pinned.id);
      expect(all.map((item) => item.id).sort()).toEqual([plain.id, pinned.id, onBoard.id].sort());
      expect((await search({ organization_id: own.id, query: '发布', mode: 'keyword', board_id: ownBoard.id })).items.map((item) => item.id)).toEqual([onBoard.id]);
      expect((await search({ organization_id: own.id, query: '发布', mode: 'keyword', category: '流程' })).items.map((item) => item.id)).toEqual([pinned.id, plain.id]);
      expect((await search({ organization_id: own.id, query: '发布', mode: 'keyword', limit: 1 })).items).toHaveLength(1);
    });
  });

  describe('semantic and hybrid search (built-in hashed embedder)', () => {
    it('embeds each entry in a job after it is saved, and again after its content changes', async () => {
      const own = await createOrganization(t);
      const entry = await create({ organization_id: own.id, title: '网关', content: '升级网关之前需要先备份数据库' });
      const first = await embedded(entry.id);
      expect(first.embedding).toMatchObject({ model: 'builtin-hashed-v1', dim: 256, current: true });
      const hashOf = async () => ((await t.dataSource.query(`SELECT content_hash FROM knowledge_embeddings WHERE entry_id = $1`, [entry.id])) as Array<{ content_hash: string }>)[0]?.content_hash;
      const before = await hashOf();
      await t.http.patch(`/api/v1/knowledge/${entry.id}`).set(t.admin).send({ content: '日历与排期' }).expect(200);
      await waitFor('a new vector', async () => ((await hashOf()) !== before ? true : undefined));
    });

    it('ranks by vector similarity in semantic mode and combines 0.3 × keyword + 0.7 × semantic in hybrid mode', async () => {
      const own = await createOrganization(t);
      const near = await create({ organization_id: own.id, title: '数据库备份', content: '每天凌晨备份数据库，保留七天' });
      const far = await create({ organization_id: own.id, title: '团队介绍', content: '我们的团队负责前端开发' });
      await embedded(near.id);
      await embedded(far.id);
      const semantic = await search({ organization_id: own.id, query: '备份数据库', mode: 'semantic' });
      expect(semantic.mode).toBe('semantic');
      expect(semantic.items[0]).toMatchObject({ id: near.id, keyword_score: null });
      expect(semantic.items[0].semantic_score).toBeGreaterThan(0.3);
      expect(semantic.items[0].score).toBe(semantic.items[0].semantic_score);
      const farHit = semantic.items.find((item) => item.id === far.id);
      if (farHit) expect(farHit.semantic_score!).toBeLessThan(semantic.items[0].semantic_score!);

      const hybrid = await search({ organization_id: own.id, query: '备份数据库' });
      expect(hybrid.mode).toBe('hybrid');
      const [top] = hybrid.items;
      expect(top.id).toBe(near.id);
      expect(top.keyword_score).toBe(1);
      expect(top.score).toBeCloseTo(0.3 * top.keyword_score! + 0.7 * top.semantic_score!, 5);
      expect(top.snippet).toContain('<mark>备份');
    });

    it('still finds an entry without a vector by keyword in hybrid mode', async () => {
      const own = await createOrganization(t);
      const entry = await create({ organization_id: own.id, title: '值班表', content: '周末值班安排' });
      await embedded(entry.id);
      await t.dataSource.query(`DELETE FROM knowledge_embeddings WHERE entry_id = $1`, [entry.id]);
      const [hit] = (await search({ organization_id: own.id, query: '值班' })).items;
      expect(hit).toMatchObject({ id: entry.id, keyword_score: 1, semantic_score: null });
      expect(hit.score).toBeCloseTo(0.3, 5);
    });
  });

  describe('documents', () => {
    const upload = (id: string, file: Buffer, filename: string, contentType: string) =>
      t.http.post(`/api/v1/knowledge/${id}/documents`).set(t.admin).attach('file', file, { filename, contentType });

    it('extracts text, Markdown, HTML and PDF into the entry index, and forgets a removed document', async () => {
      const own = await createOrganization(t);
      const entry = await create({ organization_id: own.id, title: '附件', content: '见附件' });
      const cases: Array<[string, string, Buffer, string]> = [
        ['notes.txt', 'text/plain', Buffer.from('运维手册：重启网关的步骤'), '重启'],
        ['guide.md', 'text/markdown', Buffer.from('# 部署\n\n使用 **容器** 部署服务'), '容器'],
        ['page.html', 'text/html', Buffer.from('<html><head><style>.x{}</style><script>var hidden = "秘密脚本";</script></head><body><p>监控&amp;告警</p></body></html>'), '告警'],
        ['manual.pdf', 'application/pdf', tinyPdf('Quarterly zebra migration report'), 'zebra'],
      ];
      const documents: string[] = [];
      for (const [filename, contentType, data, word] of cases) {
        const response = await upload(entry.id, data, filename, contentType).expect(201);
        expect(response.body).toMatchObject({ knowledge_id: entry.id, filename, content_type: contentType, size: data.length });
        expect(response.body.extracted_chars).toBeGreaterThan(0);
        expect(Object.keys(response.body).sort()).toEqual(['content_type', 'created_at', 'extracted_chars', 'filename', 'id', 'knowledge_id', 'size']);
        documents.push(response.body.id);
        const hits = (await search({ organization_id: own.id, query: word, mode: 'keyword' })).items;
        expect(hits.map((hit) => hit.id)).toEqual([entry.id]);
        expect(hits[0].snippet).toContain(`<mark>${word}</mark>`);
      }
      expect((await search({ organization_id: own.id, query: '秘密脚本', mode: 'keyword' })).items).toEqual([]);
      expect((await get(entry.id)).documents.map((document) => document.id)).toEqual(documents);

      await t.http.delete(`/api/v1/knowledge/documents/${documents[3]}`).set(t.admin).expect(204);
      await t.http.delete(`/api/v1/knowledge/documents/${documents[3]}`).set(t.admin).expect(404);
      expect((await search({ organization_id: own.id, query: 'zebra', mode: 'keyword' })).items).toEqual([]);
      expect((await get(entry.id)).documents).toHaveLength(3);
    });

    it('knows a part sent as octet-stream by its extension', async () => {
      const entry = await create({ title: 'octet' });
      const response = await upload(entry.id, Buffer.from('# 标题'), 'readme.md', 'application/octet-stream').expect(201);
      expect(response.body.content_type).toBe('text/markdown');
    });

    it('answers 413 past the size limit, 415 for other types or a body that is not multipart, 400 without a file part', async () => {
      const entry = await create({ title: 'limits' });
      await upload(entry.id, Buffer.alloc(MAX_DOCUMENT_BYTES, 0x61), 'exact.txt', 'text/plain').expect(201);
      await upload(entry.id, Buffer.alloc(MAX_DOCUMENT_BYTES + 1, 0x61), 'big.txt', 'text/plain').expect(413);
      await upload(entry.id, Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'image.png', 'image/png').expect(415);
      await upload(entry.id, Buffer.from('x'), 'script.exe', 'application/octet-stream').expect(415);
      await t.http.post(`/api/v1/knowledge/${entry.id}/documents`).set(t.admin).send({ file: 'x' }).expect(415);
      await t.http.post(`/api/v1/knowledge/${entry.id}/documents`).set(t.admin).field('note', 'x').expect(400);
      await upload(entry.id, Buffer.from([0xff, 0xfe, 0x00]), 'bad.txt', 'text/plain').expect(422);
      await upload(entry.id, Buffer.from('%PDF-1.4 broken'), 'bad.pdf', 'application/pdf').expect(422);
      await upload(randomUUID(), Buffer.from('x'), 'a.txt', 'text/plain').expect(404);
    });
  });

  it('learns how vectors are stored inside a transaction while another caller is asking outside it (no deadlock on the embedded engine)', async () => {
    // a new instance, as at start-up: nothing known yet
    const vectors = new KnowledgeVectors(t.app.get(DataSource));
    const expected = (await t.app.get(KnowledgeVectors).storage()) as string;
    let outside: Promise<string> | undefined;
    const inside = await t.app.get(DataSource).transaction(async (manager) => {
      await manager.query('SELECT 1');
      // on the embedded engine this question waits for the transaction to end
      outside = vectors.storage();
      return Promise.race([vectors.storage(manager), new Promise((resolve) => setTimeout(() => resolve('stuck'), 5_000))]);
    });
    expect(inside).toBe(expected);
    expect(await outside).toBe(expected);
  });

  describe('agents', () => {
    it("saves to the agent's board, refuses another board (403), and lets an agent without a board name one of its organization", async () => {
      const own = await createOrganization(t);
      const ownBoard = await createBoard(t, own.id);
      const otherBoard = await createBoard(t, own.id);
      const boardAgent = await createAgent(t, own.id, { board_id: ownBoard.id });
      const save = (token: string, body: Record<string, unknown>) => t.http.post('/api/v1/agent/knowledge').set({ 'X-Agent-Token': token }).send({ title: '经验', content: '回滚前先备份', ...body });
      const saved = (await save(boardAgent.agent_token, {}).expect(201)).body as Entry;
      expect(saved).toMatchObject({ organization_id: own.id, board_id: ownBoard.id, source: 'agent' });
      await save(boardAgent.agent_token, { board_id: otherBoard.id }).expect(403);
      await save(boardAgent.agent_token, { board_id: ownBoard.id }).expect(201);

      const freeAgent = await createAgent(t, own.id);
      expect((await save(freeAgent.agent_token, { board_id: otherBoard.id }).expect(201)).body.board_id).toBe(otherBoard.id);
      expect((await save(freeAgent.agent_token, {}).expect(201)).body.board_id).toBeNull();
      const foreignBoard = await createBoard(t, (await createOrganization(t)).id);
      await save(freeAgent.agent_token, { board_id: foreignBoard.id }).expect(422);
      await save('wrong-token', {}).expect(401);
      await t.http.post('/api/v1/agent/knowledge').set(t.admin).send({ title: 'x', content: 'y' }).expect(401);
    });
  });

  describe('an OpenAI-compatible embeddings endpoint', () => {
    let fake: FakeEmbeddingsServer;
    let e: TestApp;
    let eOrg: { id: string };

    beforeAll(async () => {
      fake = await FakeEmbeddingsServer.start(16);
      e = await startTestApp({ EMBEDDING_URL: fake.url, EMBEDDING_MODEL: 'fake-model-1', EMBEDDING_DIM: '16', EMBEDDING_API_KEY: 'sk-test-key' });
      eOrg = await createOrganization(e);
    });
    afterAll(async () => {
      await e.close();
      await fake.close();
    });

    it('is called by the job (not the request) with the model and the text, and gives search its meaning', async () => {
      const entry = await create({ organization_id: eOrg.id, title: '数据库备份', content: '每天凌晨备份数据库' }, e);
      const vectored = await embedded(entry.id, 'fake-model-1', e);
      expect(vectored.embedding).toMatchObject({ model: 'fake-model-1', dim: 16 });
      const call = fake.requests.find((request) => request.input.some((text) => text.includes('每天凌晨备份数据库')));
      expect(call).toMatchObject({ model: 'fake-model-1', authorization: 'Bearer sk-test-key' });
      await create({ organization_id: eOrg.id, title: '团队', content: '前端开发' }, e);

      // 存档 shares no word with the entry: only the provider's vectors bring them together
      expect((await search({ organization_id: eOrg.id, query: '存档', mode: 'keyword' }, e)).items).toEqual([]);
      const semantic = await search({ organization_id: eOrg.id, query: '存档', mode: 'semantic' }, e);
      expect(semantic.items[0].id).toBe(entry.id);
      expect(semantic.items[0].semantic_score).toBeGreaterThan(0.7);
      expect(fake.requests.some((request) => request.input.includes('存档'))).toBe(true);
    });

    it('re-embeds entries whose vector came from another model', async () => {
      const entry = await create({ organization_id: eOrg.id, title: '网关升级', content: '升级网关' }, e);
      await embedded(entry.id, 'fake-model-1', e);
      await e.dataSource.query(`UPDATE knowledge_embeddings SET model = 'fake-model-0' WHERE entry_id = $1`, [entry.id]);
      expect((await get(entry.id, e)).embedding).toMatchObject({ model: 'fake-model-0', current: false });
      const calls = fake.requests.length;
      await e.app.get(JobEngine).send<MissionControlJobs, 'knowledge.reembed'>('knowledge.reembed', {});
      await embedded(entry.id, 'fake-model-1', e);
      expect(fake.requests.length).toBeGreaterThan(calls);
    });

    const onServer = serverDatabaseUrl() ? it : it.skip;
    onServer('re-embeds with the new model when an instance starts with another EMBEDDING_MODEL', async () => {
      const entry = await create({ organization_id: eOrg.id, title: '日历', content: '共享日历' }, e);
      await embedded(entry.id, 'fake-model-1', e);
      const next = await startTestApp({ EMBEDDING_URL: fake.url, EMBEDDING_MODEL: 'fake-model-2', EMBEDDING_DIM: '16' }, { sameDatabaseAs: e });
      try {
        await embedded(entry.id, 'fake-model-2', next);
        expect(fake.requests.some((request) => request.model === 'fake-model-2')).toBe(true);
      } finally {
        await next.close();
      }
    });
  });
});
