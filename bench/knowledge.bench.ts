/**
 * Knowledge search latency: keyword, semantic and hybrid `POST /api/v1/knowledge/search` through the real
 * service (in this process), against the same search SQL sent straight through `pg` (the bare baseline).
 *
 *   npm run bench:knowledge                                   # embedded engine: pgvector + HNSW
 *   npm run bench:knowledge -- --database-url postgres://postgres@127.0.0.1:5432/postgres   # a server (without pgvector: exact fallback)
 *   npm run bench:knowledge -- --entries 20000 --queries 40
 *   npm run bench:knowledge -- --data-dir /tmp/kb   # embedded: keeps the seeded base there and reuses it on the next run
 *
 * Entries (mixed Chinese and English) are bulk-inserted with their search vectors and with vectors computed by the
 * built-in embedder directly, not by the job, so seeding 100 000 takes minutes rather than hours.
 *
 * The corpus is shaped like real text: a vocabulary of 4 050 Chinese words (common nouns and verbs of jieba's
 * dictionary plus 50 technical ones) and 2 038 English ones (pseudo-words plus 38 technical ones), each word drawn
 * with Zipf frequencies (rank r ∝ 1/r), 70 % Chinese. So the most common words occur in nearly every entry and most
 * words in a few hundred or fewer. Queries are 1–3 words whose ranks are drawn log-uniformly from rank 10 on (frequent
 * and rare words mixed; the nine commonest words of each language, in most entries like function words, are not
 * searched for), with the 20 technical queries of the first version of this bench in every third place.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { dict } from '@node-rs/jieba/dict';
import { Client } from 'pg';
import { createApp } from '../src/bootstrap';
import { loadAppConfig } from '../src/core/config/app-config';
import { DatabaseTarget } from '../src/core/database/data-source.options';
import { DATABASE_TARGET } from '../src/core/database/database.module';
import { knowledgeVectorIndexSql } from '../src/core/database/migrations/1766000000000-KnowledgeBase';
import { JobEngine } from '../src/core/jobs/job-engine';
import { Segmenter } from '../src/core/text/segmenter';
import { HashedEmbedder } from '../src/integrations/embeddings/hashed-embedder';
import { embeddingTextOf } from '../src/mission-control/knowledge/knowledge-embeddings.service';
import { poolSize, SNIPPET_SOURCE_CHARS } from '../src/mission-control/knowledge/knowledge-search.service';
import { hnswSettingsStatement, KnowledgeVectors } from '../src/mission-control/knowledge/knowledge-vectors';
import {
  hitsStatement,
  KEYWORD_PLAN_SETTINGS,
  keywordCandidatesStatement,
  nearestStatement,
  searchVectorSql,
  SqlParams,
  vectorLiteral,
} from '../src/mission-control/knowledge/search-sql';
import { commandLine, createScratchDatabase, databaseUrlOption, integerOption, log, ms, runBenchmark, stats, table } from './harness';

const HELP = `Usage: npm run bench:knowledge -- [--entries N] [--queries N] [--database-url URL | --data-dir DIR]

  --entries N          entries to seed (default 100000)
  --queries N          timed searches per mode and side (default 60)
  --database-url URL   a PostgreSQL server to CREATE a scratch database on; default: the embedded engine
  --data-dir DIR       embedded engine: seed into DIR and keep it; a later run with the same DIR and
                       --entries searches the kept base without seeding again
  --shared-buffers-mb N  embedded engine: its buffer cache (EMBEDDED_DB_SHARED_BUFFERS_MB; default the service's)
`;

const MODES = ['keyword', 'semantic', 'hybrid'] as const;
type Mode = (typeof MODES)[number];
const LIMIT = 20;
const INSERT_BATCH = 400;
const DIM = 256;
const MAINTENANCE_WORK_MEM = '384MB';

const MEANINGFUL_CHINESE = [
  '网关', '备份', '数据库', '升级', '部署', '监控', '告警', '日志', '容器', '集群', '服务器', '配置', '权限', '用户', '任务', '排期', '发布',
  '回滚', '测试', '性能', '缓存', '索引', '查询', '存储', '网络', '安全', '证书', '密钥', '节点', '负载', '均衡', '故障', '恢复', '迁移',
  '文档', '流程', '规范', '审批', '团队', '会议', '需求', '设计', '接口', '版本', '分支', '合并', '构建', '镜像', '脚本', '定时',
];
const MEANINGFUL_ENGLISH = [
  'gateway', 'backup', 'database', 'upgrade', 'deploy', 'monitor', 'alert', 'logs', 'container', 'cluster', 'server', 'config', 'access',
  'user', 'task', 'schedule', 'release', 'rollback', 'testing', 'latency', 'cache', 'index', 'query', 'storage', 'network', 'security',
  'certificate', 'secret', 'node', 'load', 'balancer', 'incident', 'recovery', 'migration', 'runbook', 'process', 'review', 'approval',
];
const MEANINGFUL_QUERIES = ['备份', '网关升级', '数据库迁移', '监控告警', 'backup', 'gateway upgrade', 'database migration', '容器 cluster', '证书过期', 'rollback release',
  '如何恢复数据库', '负载均衡配置', 'cache latency', '权限审批流程', 'incident recovery runbook', '定时任务', '日志 storage', 'security certificate', '发布回滚', '接口设计规范'];


const CHINESE_WORDS = 4_000;
const ENGLISH_WORDS = 2_000;
const ZIPF_EXPONENT = 1;
const GENERATED_QUERIES = 40;
// the words above this rank are in most entries, as function words are: people do not search for them
const QUERY_RANK_FROM = 10;
const ONSETS = ['b', 'c', 'd', 'f', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'w', 'z', 'br', 'cl', 'dr', 'fl', 'gr', 'pl', 'st', 'tr'];
const VOWELS = ['a', 'e', 'i', 'o', 'u'];
const CODAS = ['n', 'r', 'l', 't', 'x'];

/** A deterministic pseudo-random sequence, so runs seed the same entries. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Picks `count` distinct items, deterministically. */
function sample<T>(items: T[], count: number, next: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(next() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, count);
}

/**
 * A language's words, most frequent first: the generated words in their order, the meaningful ones spread over the
 * ranks from QUERY_RANK_FROM on log-uniformly (some frequent, most rarer), so queries of real words meet both.
 */
function rankedVocabulary(generated: string[], meaningful: string[]): string[] {
  const total = generated.length + meaningful.length;
  const keyed = [
    ...generated.map((word, i) => ({ word, key: i + 1 })),
    ...meaningful.map((word, k) => ({ word, key: QUERY_RANK_FROM * (total / QUERY_RANK_FROM) ** ((k + 0.5) / meaningful.length) })),
  ];
  return keyed.sort((a, b) => a.key - b.key).map((entry) => entry.word);
}

/**
 * Chinese: common nouns and verbs of jieba's own dictionary (2–3 characters, frequency ≥ 500), so the segmenter
 * cuts the generated text back into the same words; English: pseudo-words of two syllables and a final consonant
 * (`bakot`, `strelin`), none of them a stop word.
 */
function vocabularies(): { chinese: string[]; english: string[] } {
  const next = random(7);
  const meaningfulChinese = new Set(MEANINGFUL_CHINESE);
  const dictionary = Buffer.from(dict)
    .toString('utf8')
    .split('\n')
    .map((line) => line.split(' '))
    .filter(([word, frequency, tag]) => /^\p{Script=Han}{2,3}$/u.test(word) && Number(frequency) >= 500 && ['n', 'v', 'vn', 'nz'].includes(tag) && !meaningfulChinese.has(word))
    .map(([word]) => word);
  const chinese = sample([...new Set(dictionary)], CHINESE_WORDS, next);
  const english = new Set<string>();
  const pick = (list: string[]) => list[Math.floor(next() * list.length)];
  while (english.size < ENGLISH_WORDS) english.add(pick(ONSETS) + pick(VOWELS) + pick(ONSETS) + pick(VOWELS) + pick(CODAS));
  for (const word of MEANINGFUL_ENGLISH) english.delete(word);
  return { chinese: rankedVocabulary(chinese, MEANINGFUL_CHINESE), english: rankedVocabulary([...english], MEANINGFUL_ENGLISH) };
}

/** Draws ranks 0..size-1 with probability ∝ 1 / (rank + 1)^s (Zipf). */
function zipf(size: number, next: () => number): () => number {
  const cumulative: number[] = [];
  let sum = 0;
  for (let rank = 1; rank <= size; rank += 1) cumulative.push((sum += 1 / rank ** ZIPF_EXPONENT));
  return () => {
    const target = next() * sum;
    let low = 0;
    let high = size - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle] < target) low = middle + 1;
      else high = middle;
    }
    return low;
  };
}

const VOCABULARY = vocabularies();

/** Text of Zipf-distributed words: 70 % Chinese (written without spaces), 30 % English, some punctuation. */
function textGenerator(next: () => number): (words: number) => string {
  const chinese = zipf(VOCABULARY.chinese.length, next);
  const english = zipf(VOCABULARY.english.length, next);
  return (words) => {
    const parts: string[] = [];
    for (let i = 0; i < words; i += 1) {
      const isEnglish = next() < 0.3;
      parts.push(isEnglish ? `${VOCABULARY.english[english()]} ` : VOCABULARY.chinese[chinese()]);
      if (next() < 0.1) parts.push(isEnglish ? '. ' : '，');
    }
    return parts.join('').trim();
  };
}

/**
 * Queries as people type them: 1–3 words, each Chinese (70 %) or English, its rank drawn log-uniformly from
 * QUERY_RANK_FROM to the end of the vocabulary, so a query mixes frequent words (in a third of the entries or more)
 * with rarer ones (in a few hundred or a few); the meaningful queries of the first version of this bench take every
 * third place.
 */
function queries(): string[] {
  const next = random(99);
  const logUniform = (size: number) => Math.min(size, Math.floor(QUERY_RANK_FROM * Math.exp(next() * Math.log(size / QUERY_RANK_FROM)))) - 1;
  const generated: string[] = [];
  for (let q = 0; q < GENERATED_QUERIES; q += 1) {
    const count = next() < 0.4 ? 1 : next() < 0.67 ? 2 : 3;
    const words: string[] = [];
    for (let i = 0; i < count; i += 1) {
      words.push(next() < 0.3 ? VOCABULARY.english[logUniform(VOCABULARY.english.length)] : VOCABULARY.chinese[logUniform(VOCABULARY.chinese.length)]);
    }
    // Chinese words typed together, English ones apart
    const query = words.reduce((text, word) => (Segmenter.hasHan(word) && Segmenter.hasHan(text.slice(-1)) ? text + word : `${text} ${word}`));
    generated.push(query);
  }
  return generated.flatMap((query, i) => (i % 2 === 1 && MEANINGFUL_QUERIES[(i - 1) / 2] ? [query, MEANINGFUL_QUERIES[(i - 1) / 2]] : [query]));
}

const QUERIES = queries();

interface Options {
  entries: number;
  queries: number;
  databaseUrl?: string;
  dataDir?: string;
  sharedBuffersMb?: number;
}

/** What a kept data directory was seeded with, so a later run searches it instead of seeding again. */
interface KeptBase {
  organizationId: string;
  entries: number;
}
const KEPT_BASE_FILE = 'knowledge-bench.json';

function readOptions(argv: string[], env: NodeJS.ProcessEnv): Options | 'help' {
  const { values } = parseArgs({ args: argv, options: { entries: { type: 'string' }, queries: { type: 'string' }, 'database-url': { type: 'string' }, 'data-dir': { type: 'string' }, 'shared-buffers-mb': { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) return 'help';
  return {
    entries: integerOption(values.entries, '--entries', 100_000, 100, 2_000_000),
    queries: integerOption(values.queries, '--queries', 60, 5, 10_000),
    databaseUrl: databaseUrlOption(values['database-url'], env),
    dataDir: values['data-dir'],
    sharedBuffersMb: values['shared-buffers-mb'] === undefined ? undefined : integerOption(values['shared-buffers-mb'], '--shared-buffers-mb', 32, 1, 4_096),
  };
}

async function seed(client: Client, organizationId: string, boardIds: string[], count: number, storage: 'vector' | 'array'): Promise<void> {
  const embedder = new HashedEmbedder(DIM);
  const next = random(42);
  const textOf = textGenerator(next);
  const started = Date.now();
  for (let offset = 0; offset < count; offset += INSERT_BATCH) {
    const entries = new SqlParams();
    const embeddings = new SqlParams();
    const entryRows: string[] = [];
    const embeddingRows: string[] = [];
    for (let i = offset; i < Math.min(count, offset + INSERT_BATCH); i += 1) {
      const id = randomUUID();
      const title = textOf(3 + Math.floor(next() * 3));
      const content = textOf(20 + Math.floor(next() * 40));
      const category = next() < 0.5 ? '技术文档' : 'process';
      const board = boardIds[i % boardIds.length];
      entryRows.push(
        `(${entries.add(id)}, ${entries.add(organizationId)}, ${entries.add(board)}, ${entries.add(title)}, ${entries.add(content)}, ${entries.add(category)}, '[]', 'manual', ${entries.add(next() < 0.02)}, ${searchVectorSql(title, content, entries)})`,
      );
      const text = embeddingTextOf(title, content, '');
      const vector = embedder.embedOne(text);
      const hash = createHash('sha256').update(`${embedder.model}\n${text}`).digest('hex');
      embeddingRows.push(
        `(${embeddings.add(id)}, ${embeddings.add(embedder.model)}, ${DIM}, ${embeddings.add(hash)}, ${embeddings.add(storage === 'vector' ? vectorLiteral(vector) : vector)}${storage === 'vector' ? '::vector' : '::real[]'})`,
      );
    }
    await client.query(
      `INSERT INTO knowledge_entries (id, organization_id, board_id, title, content, category, tags, source, pinned, search_vector) VALUES ${entryRows.join(', ')}`,
      entries.values,
    );
    await client.query(`INSERT INTO knowledge_embeddings (entry_id, model, dim, content_hash, embedding) VALUES ${embeddingRows.join(', ')}`, embeddings.values);
    if ((offset / INSERT_BATCH) % 25 === 0) log(`seeded ${Math.min(count, offset + INSERT_BATCH)} / ${count} (${Math.round((Date.now() - started) / 1000)} s)`);
  }
}

/** The service's search SQL for one query, sent straight through `pg` (terms and vector computed outside the timing, as SQL is what this measures). */
async function bareSearch(client: Client, storage: 'vector' | 'array', mode: Mode, organizationId: string, terms: string[], vector: number[], model: string): Promise<number> {
  const filter = { organizationId };
  const pool = poolSize(LIMIT);
  const ids = new Set<string>();
  if (mode !== 'semantic') {
    const statement = keywordCandidatesStatement(filter, terms, pool, mode === 'hybrid' ? { storage, vector, model } : undefined);
    if (statement) {
      await client.query('BEGIN');
      await client.query(KEYWORD_PLAN_SETTINGS);
      for (const row of (await client.query(statement.sql, statement.values)).rows) ids.add(row.id);
      await client.query('COMMIT');
    }
  }
  if (mode !== 'keyword') {
    const nearest = nearestStatement(storage, filter, vector, model, pool, mode === 'hybrid' ? terms : []);
    if (storage === 'vector') {
      await client.query('BEGIN');
      const settings = hnswSettingsStatement(pool, true);
      await client.query(settings.sql, settings.values);
      for (const row of (await client.query(nearest.sql, nearest.values)).rows) ids.add(row.id);
      await client.query('COMMIT');
    } else {
      for (const row of (await client.query(nearest.sql, nearest.values)).rows) ids.add(row.id);
    }
  }
  const top = [...ids].slice(0, LIMIT);
  if (top.length > 0) {
    const hits = hitsStatement(top, SNIPPET_SOURCE_CHARS);
    await client.query(hits.sql, hits.values);
  }
  return top.length;
}

/**
 * How many of the exact nearest entries (an exact scan: the index switched off) each HNSW answer holds, as a share,
 * and how close its answers are: their mean cosine over the exact nearest entries' mean cosine.
 */
async function recallAt(client: Client, organizationId: string, answers: Map<string, Array<{ id: string; cosine: number }>>, embedder: HashedEmbedder) {
  const recalls: number[] = [];
  const closeness: number[] = [];
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
  for (const [query, answered] of answers) {
    const exact = nearestStatement('vector', { organizationId }, embedder.embedOne(query), embedder.model, LIMIT);
    await client.query('BEGIN');
    await client.query(`SELECT set_config('enable_indexscan', 'off', true)`);
    const expected = (await client.query<{ id: string; cosine: number }>(exact.sql, exact.values)).rows;
    await client.query('COMMIT');
    if (expected.length === 0) continue;
    const found = new Set(answered.map((answer) => answer.id));
    recalls.push(expected.filter((row) => found.has(row.id)).length / expected.length);
    closeness.push(mean(answered.map((answer) => answer.cosine)) / mean(expected.map((row) => Number(row.cosine))));
  }
  return { recall: mean(recalls), worstRecall: Math.min(...recalls), closeness: mean(closeness) };
}

async function main(): Promise<number> {
  const options = commandLine(readOptions, HELP);
  if (typeof options === 'number') return options;
  const engine = options.databaseUrl ? 'postgresql' : 'embedded';
  if (options.dataDir && options.databaseUrl) throw new Error('--data-dir is for the embedded engine; leave out --database-url');
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'mc-bench-knowledge-'));
  mkdirSync(dataDir, { recursive: true });
  const keptFile = join(dataDir, KEPT_BASE_FILE);
  const kept = existsSync(keptFile) ? (JSON.parse(readFileSync(keptFile, 'utf8')) as KeptBase) : undefined;
  if (kept && kept.entries !== options.entries) throw new Error(`${dataDir} holds ${kept.entries} entries; pass --entries ${kept.entries} or another --data-dir`);
  const scratch = options.databaseUrl ? await createScratchDatabase(options.databaseUrl) : undefined;
  const config = loadAppConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', DB_POOL_SIZE: '4', OPENCLAW_HOME: join(dataDir, 'openclaw'), ...(options.sharedBuffersMb ? { EMBEDDED_DB_SHARED_BUFFERS_MB: String(options.sharedBuffersMb) } : {}), ...(scratch ? { DATABASE_URL: scratch.url } : {}) });
  const app = await createApp(config);
  const client = new Client(scratch ? { connectionString: scratch.url } : (app.get<DatabaseTarget>(DATABASE_TARGET) as object));
  try {
    await app.listen(0, '127.0.0.1');
    await app.get(JobEngine).whenReady();
    const port = (app.getHttpServer().address() as { port: number }).port;
    const baseUrl = `http://127.0.0.1:${port}`;
    const headers = { Authorization: `Bearer ${config.adminToken}`, 'Content-Type': 'application/json' };
    const post = async (path: string, body: unknown) => {
      const response = await fetch(`${baseUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
      if (response.status >= 300) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
      return response.json() as Promise<{ id: string; items?: unknown[] }>;
    };
    await client.connect();
    const storage = await app.get(KnowledgeVectors).storage();
    log(`${engine}: vectors stored as ${storage === 'vector' ? 'pgvector (HNSW)' : 'real[] (exact scan)'}`);
    let seedSeconds = 0;
    let indexSeconds = 0;
    let organizationId = kept?.organizationId;
    if (organizationId) {
      log(`searching the ${kept!.entries} entries kept in ${dataDir}`);
    } else {
      const organization = await post('/api/v1/organizations', { name: `bench ${randomUUID().slice(0, 8)}` });
      organizationId = organization.id;
      const boards = await Promise.all([1, 2, 3, 4].map((n) => post('/api/v1/boards', { organization_id: organization.id, name: `board ${n}` })));
      if (storage === 'vector') await client.query(`DROP INDEX IF EXISTS idx_knowledge_embeddings_hnsw_${DIM}`);
      const seedStarted = Date.now();
      await seed(client, organization.id, boards.map((board) => board.id), options.entries, storage);
      seedSeconds = (Date.now() - seedStarted) / 1000;
      const indexStarted = Date.now();
      if (storage === 'vector') {
        // an HNSW graph larger than maintenance_work_mem is built far more slowly (pgvector says so in a notice)
        await client.query(`SET maintenance_work_mem = '${MAINTENANCE_WORK_MEM}'`);
        await client.query(knowledgeVectorIndexSql(DIM));
      }
      await client.query('ANALYZE knowledge_entries');
      await client.query('ANALYZE knowledge_embeddings');
      indexSeconds = (Date.now() - indexStarted) / 1000;
      log(`seeded ${options.entries} entries in ${seedSeconds.toFixed(1)} s; index and ANALYZE ${indexSeconds.toFixed(1)} s`);
      if (options.dataDir) writeFileSync(keptFile, JSON.stringify({ organizationId, entries: options.entries } satisfies KeptBase));
    }
    const organization = { id: organizationId };

    const embedder = new HashedEmbedder(DIM);
    const semanticAnswers = new Map<string, Array<{ id: string; cosine: number }>>();
    const rows: string[][] = [['mode', 'service p50', 'service p95', 'bare SQL p50', 'bare SQL p95', 'p95 ratio', 'hits (avg)']];
    for (const mode of MODES) {
      const service: number[] = [];
      const bare: number[] = [];
      let hits = 0;
      for (let i = -3; i < options.queries; i += 1) {
        const query = QUERIES[(i + QUERIES.length) % QUERIES.length];
        const terms = Segmenter.queryTerms(query);
        const vector = embedder.embedOne(query);
        const throughService = async () => {
          const started = performance.now();
          const answer = await post('/api/v1/knowledge/search', { query, mode, organization_id: organization.id, limit: LIMIT });
          if (i >= 0) service.push(performance.now() - started);
          if (i >= 0) hits += answer.items?.length ?? 0;
          if (mode === 'semantic' && storage === 'vector') semanticAnswers.set(query, (answer.items as Array<{ id: string; semantic_score: number }>).map((item) => ({ id: item.id, cosine: item.semantic_score })));
        };
        const throughBareSql = async () => {
          const started = performance.now();
          await bareSearch(client, storage, mode, organization.id, terms, vector, embedder.model);
          if (i >= 0) bare.push(performance.now() - started);
        };
        // the side that goes second finds the query's pages in the buffer cache: each side goes first half the time
        for (const side of i % 2 === 0 ? [throughService, throughBareSql] : [throughBareSql, throughService]) await side();
      }
      const s = stats(service);
      const b = stats(bare);
      rows.push([mode, ms(s.p50), ms(s.p95), ms(b.p50), ms(b.p95), `${(s.p95 / b.p95).toFixed(2)}×`, (hits / options.queries).toFixed(1)]);
    }
    process.stdout.write(`\nKnowledge search, ${engine} (${storage === 'vector' ? 'pgvector HNSW' : 'exact real[] scan'}), ${options.entries} entries, ${options.queries} searches per mode, limit ${LIMIT}\n`);
    process.stdout.write(`seeding ${seedSeconds.toFixed(1)} s, index + ANALYZE ${indexSeconds.toFixed(1)} s\n\n${table(rows)}\n`);
    if (semanticAnswers.size > 0) {
      const recall = await recallAt(client, organization.id, semanticAnswers, embedder);
      process.stdout.write(
        `\nsemantic answers against an exact scan, ${semanticAnswers.size} distinct queries: recall@${LIMIT} mean ${recall.recall.toFixed(3)}, worst ${recall.worstRecall.toFixed(3)}; ` +
          `mean cosine of the answers over the exact nearest entries' ${recall.closeness.toFixed(3)}\n`,
      );
    }
    return 0;
  } finally {
    await client.end().catch(() => undefined);
    await app.close();
    await scratch?.drop();
    if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

runBenchmark(main);
