/**
 * Benchmark: the ClawPanel activity log at a million entries.
 *   1. Reads: N stored entries (1 000 000 by default, seeded by SQL: English words and Chinese phrases, 1 % with
 *      the marker word "invoice", 0.5 % with the Chinese marker "报销发票"); `GET /api/events` pages (newest,
 *      deep offset, by source, ASCII search hit and miss, Chinese search, a 2-character Chinese search), each
 *      timed against the same SQL run bare on the same database in the same process (the baseline).
 *   2. Ingest: several keep-alive HTTP clients push through `POST /api/events/log` as fast as the service answers,
 *      while sockets on `/ws` must receive every `log-entry` frame; entries per second, and nothing lost.
 *
 *   npm run bench:panel-events                               embedded database
 *   npm run bench:panel-events -- --database-url postgres://postgres@127.0.0.1:5432/postgres
 *   node dist/bench/panel-events.bench.js --help
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { WebSocket } from 'ws';
import { INSERT_SQL, PAGE_SQL, searchSql, SOURCE_PAGE_SQL } from '../src/panel/events/panel-events.sql';
import {
  baseEnvironment,
  commandLine,
  cpuSeconds,
  createScratchDatabase,
  databaseUrlOption,
  freePort,
  integerOption,
  log,
  logLevelOption,
  LOOPBACK,
  ms,
  sleep,
  startService,
  stats,
  table,
  UsageError,
  waitForReady,
  runBenchmark,
} from './harness';

const HELP = `Usage: node dist/bench/panel-events.bench.js [options]   (or: npm run bench:panel-events -- [options])

  --database-url URL   PostgreSQL server instead of the embedded engine (a scratch database
                       is created and dropped)                              [BENCH_DATABASE_URL]
  --entries N          stored entries (1000000)                                [BENCH_ENTRIES]
  --requests N         timed requests per query (200)                         [BENCH_REQUESTS]
  --clients N          concurrent HTTP clients pushing entries (64)            [BENCH_CLIENTS]
  --sockets N          /ws sockets that must receive every entry (2)           [BENCH_SOCKETS]
  --seconds N          how long to push (10)                                    [BENCH_SECONDS]
  --fsync on|off       EMBEDDED_DB_FSYNC of the embedded engine (on)               [BENCH_FSYNC]
  --log-level LEVEL    LOG_LEVEL of the service (warn)                        [BENCH_LOG_LEVEL]
  --help               this text
`;

interface Options {
  databaseUrl?: string;
  entries: number;
  requests: number;
  clients: number;
  sockets: number;
  seconds: number;
  fsync: string;
  logLevel: string;
}

function readOptions(argv: string[], env: NodeJS.ProcessEnv): Options | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      'database-url': { type: 'string' },
      entries: { type: 'string' },
      requests: { type: 'string' },
      clients: { type: 'string' },
      sockets: { type: 'string' },
      seconds: { type: 'string' },
      fsync: { type: 'string' },
      'log-level': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const fsync = values.fsync ?? env.BENCH_FSYNC ?? 'on';
  if (fsync !== 'on' && fsync !== 'off') throw new UsageError('--fsync must be on or off');
  return {
    databaseUrl: databaseUrlOption(values['database-url'], env),
    entries: integerOption(values.entries ?? env.BENCH_ENTRIES, '--entries', 1_000_000, 1_000, 10_000_000),
    requests: integerOption(values.requests ?? env.BENCH_REQUESTS, '--requests', 200, 10, 100_000),
    clients: integerOption(values.clients ?? env.BENCH_CLIENTS, '--clients', 64, 1, 256),
    sockets: integerOption(values.sockets ?? env.BENCH_SOCKETS, '--sockets', 2, 1, 5_000),
    seconds: integerOption(values.seconds ?? env.BENCH_SECONDS, '--seconds', 10, 1, 600),
    fsync,
    logLevel: logLevelOption(values['log-level'], { BENCH_LOG_LEVEL: 'warn', ...env }),
  };
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function call(baseUrl: string, method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const request = httpRequest(
      `${baseUrl}${path}`,
      {
        method,
        agent,
        timeout: 30_000,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    request.on('error', reject);
    request.on('timeout', () => request.destroy(new Error(`${method} ${path} timed out`)));
    request.end(payload);
  });
}

const EN = [
  'agent main replied to the group', 'gateway heartbeat ok', 'friend request from user', 'deploy finished on host',
  'model call took longer than expected', 'skill installed for workspace', 'backup of openclaw.json written',
  'message forwarded to WeChat room', 'session restarted after timeout', 'cron job ran nightly report',
  'user asked about the weather', 'plugin channel enabled by admin',
];
const ZH = [
  '群消息', '收到好友请求', '网关已连接', '任务已完成', '数据库备份成功', '用户登录成功', '模型调用超时', '机器人已上线',
  '文件上传完成', '定时任务执行', '会话已重置', '插件已启用',
];
const sqlArray = (items: string[]) => `(ARRAY[${items.map((item) => `'${item.replace(/'/g, "''")}'`).join(', ')}])`;

/**
 * Rows like the panel's own, numbered $1..$2 of $3 (one second apart, the newest now): mostly QQ chatter, some
 * WeChat, OpenClaw and admin lines; English and Chinese in every summary; 1 % mention "invoice", 0.5 % "报销发票".
 */
const SEED_SQL = `
INSERT INTO panel_events (source, type, summary, detail, created_at)
SELECT (ARRAY['qq','qq','qq','wechat','openclaw','system'])[1 + (i % 6)],
       'seed.' || (i % 6),
       CASE WHEN i % 200 = 7 THEN ${sqlArray(ZH)}[1 + (i * 13) % ${ZH.length}] || '：报销发票已提交 #' || i
            WHEN i % 100 = 0 THEN ${sqlArray(EN)}[1 + (i * 7) % ${EN.length}] || ', invoice #' || i || ' ' || ${sqlArray(ZH)}[1 + (i * 13) % ${ZH.length}]
            ELSE ${sqlArray(EN)}[1 + (i * 7) % ${EN.length}] || ' ' || ${sqlArray(ZH)}[1 + (i * 13) % ${ZH.length}] || ' #' || i END,
       CASE WHEN i % 3 = 0 THEN ${sqlArray(EN)}[1 + (i * 11) % ${EN.length}] || ' (ref ' || md5(i::text) || ')' ELSE NULL END,
       now() - (($3::int - i) * interval '1 second')
FROM generate_series($1::int, $2::int) AS i`;

const SEED_CHUNK = 250_000;

interface Query {
  label: string;
  path: string;
  sql: string[];
  params: unknown[];
  /** A cap on timed requests, for a query that scans the table. */
  requests?: number;
}

/** The SQL the service runs for each request, run bare as the baseline. */
function queries(entries: number): Query[] {
  const deep = Math.floor(entries / 2);
  const search = searchSql(false);
  const like = (text: string) => `%${text}%`;
  return [
    { label: 'newest 100', path: '/api/events?limit=100', sql: [PAGE_SQL], params: [0, 100] },
    { label: `offset ${deep}, 100`, path: `/api/events?limit=100&offset=${deep}`, sql: [PAGE_SQL], params: [deep, 100] },
    { label: 'source=wechat, 100', path: '/api/events?limit=100&source=wechat', sql: [SOURCE_PAGE_SQL], params: [0, 100, 'wechat'] },
    { label: 'search "invoice" (1 %)', path: '/api/events?limit=100&search=invoice', sql: [search], params: [like('invoice'), 0, 100] },
    { label: 'search "INVOICE #4200" (3 rows)', path: '/api/events?limit=100&search=INVOICE%20%234200', sql: [search], params: [like('INVOICE #4200'), 0, 100] },
    { label: 'search, no match', path: '/api/events?limit=100&search=zzzz-nowhere', sql: [search], params: [like('zzzz-nowhere'), 0, 100] },
    { label: 'search "报销发票" (0.5 %)', path: `/api/events?limit=100&search=${encodeURIComponent('报销发票')}`, sql: [search], params: [like('报销发票'), 0, 100] },
    { label: 'search "发票" (2 chars: scan)', path: `/api/events?limit=100&search=${encodeURIComponent('发票')}`, sql: [search], params: [like('发票'), 0, 100], requests: 10 },
  ];
}

async function timeIt(count: number, run: () => Promise<void>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return samples;
}

/** Seeds by SQL; the indexes are dropped first and built once at the end (their definitions read back from the catalogue). */
async function seed(db: Client, entries: number): Promise<void> {
  const indexes: Array<{ name: string; definition: string }> = (
    await db.query(`SELECT indexname AS name, indexdef AS definition FROM pg_indexes WHERE tablename = 'panel_events' AND indexname NOT LIKE 'pk\\_%'`)
  ).rows;
  await db.query('TRUNCATE panel_events');
  for (const index of indexes) await db.query(`DROP INDEX "${index.name}"`);
  let started = performance.now();
  for (let from = 1; from <= entries; from += SEED_CHUNK) {
    await db.query(SEED_SQL, [from, Math.min(entries, from + SEED_CHUNK - 1), entries]);
    log(`  ${Math.min(entries, from + SEED_CHUNK - 1)} rows (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
  started = performance.now();
  await db.query(`SET maintenance_work_mem = '256MB'`);
  for (const index of indexes) {
    await db.query(index.definition);
    log(`  index ${index.name} built (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
  // sets the visibility map (index-only scans) and the statistics (the embedded engine has no autovacuum), and
  // writes the bulk load out now rather than in a checkpoint in the middle of the timed pushes
  await db.query('VACUUM ANALYZE panel_events');
  await db.query('CHECKPOINT');
}

async function main(): Promise<number> {
  const options = commandLine(readOptions, HELP);
  if (typeof options === 'number') return options;
  const work = mkdtempSync(join(tmpdir(), 'bench-panel-'));
  const scratch = options.databaseUrl ? await createScratchDatabase(options.databaseUrl) : undefined;
  const port = await freePort();
  const dbPort = await freePort();
  const adminToken = `bench-panel-${Date.now()}-token`;
  const service = startService(
    {
      ...baseEnvironment(),
      PORT: String(port),
      HOST: LOOPBACK,
      DATA_DIR: join(work, 'data'),
      LOG_LEVEL: options.logLevel,
      LOCAL_AUTH_TOKEN: adminToken,
      OPENCLAW_HOME: join(work, 'home'),
      ...(scratch ? { DATABASE_URL: scratch.url } : { EMBEDDED_DB_PORT: String(dbPort), EMBEDDED_DB_FSYNC: options.fsync }),
    },
    join(work, 'service.log'),
  );
  const engine = scratch ? 'PostgreSQL' : `embedded, fsync ${options.fsync}`;
  const baseUrl = `http://${LOOPBACK}:${port}`;
  const db = new Client(scratch ? { connectionString: scratch.url } : { host: LOOPBACK, port: dbPort, user: 'postgres', database: 'postgres' });
  try {
    await waitForReady(baseUrl, service, 120_000);
    await db.connect();
    const token = JSON.parse((await call(baseUrl, 'POST', '/api/auth/login', undefined, { token: adminToken })).body).token as string;

    log(`storing ${options.entries} entries`);
    const seedStarted = performance.now();
    await seed(db, options.entries);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    log(`seeded in ${seedSeconds.toFixed(1)} s`);

    const readRows = [['query', 'total', 'p50', 'p95', 'SQL alone p50', 'SQL alone p95', 'p50 ratio']];
    for (const query of queries(options.entries)) {
      let total = 0;
      const requests = Math.min(options.requests, query.requests ?? options.requests);
      await timeIt(Math.min(5, requests), async () => void (total = JSON.parse((await call(baseUrl, 'GET', query.path, token)).body).total));
      const served = await timeIt(requests, async () => {
        const answer = await call(baseUrl, 'GET', query.path, token);
        if (answer.status !== 200) throw new Error(`${query.path}: ${answer.status} ${answer.body.slice(0, 200)}`);
      });
      const bare = await timeIt(requests, async () => {
        for (const sql of query.sql) await db.query(sql, query.params);
      });
      const s = stats(served);
      const b = stats(bare);
      readRows.push([`${query.label}${requests < options.requests ? ` (${requests} requests)` : ''}`, String(total), ms(s.p50), ms(s.p95), ms(b.p50), ms(b.p95), `x${(s.p50 / b.p50).toFixed(2)}`]);
      log(`  ${query.label}: p50 ${ms(s.p50)}, p95 ${ms(s.p95)}`);
    }
    process.stdout.write(
      `\nActivity log reads, ${options.entries} entries (seeded in ${seedSeconds.toFixed(0)} s), ${options.requests} sequential requests each (${engine})\n${table(readRows)}\n`,
    );

    const bareRate = await bareInserts(db, options.clients, Math.min(options.seconds, 5));
    const serviceCpu = cpuSeconds(service.pid);
    const benchCpu = process.cpuUsage();
    const ingest = await pushAsFastAsAnswered(baseUrl, token, options);
    const serviceShare = ((cpuSeconds(service.pid) ?? NaN) - (serviceCpu ?? NaN)) / ingest.seconds;
    const benchUsage = process.cpuUsage(benchCpu);
    const benchShare = (benchUsage.user + benchUsage.system) / 1e6 / ingest.seconds;
    const [{ entries: stored }] = (await db.query(`SELECT count(*)::int AS entries FROM panel_events WHERE type = 'bench.ingest'`)).rows;
    const lost = ingest.expectedFrames - ingest.frames;
    process.stdout.write(
      `\nIngest (${engine}): ${ingest.answered} entries pushed by ${options.clients} keep-alive clients in ${ingest.seconds.toFixed(2)} s ` +
        `= ${(ingest.answered / ingest.seconds).toFixed(0)} entries/s ` +
        `(SQL alone: the same INSERT in batches of ${options.clients} from one connection, ${bareRate.toFixed(0)} entries/s)\n` +
        table([
          ['measure', 'p50', 'p95', 'p99', 'max'],
          ['push answer (POST /api/events/log)', ms(ingest.latency.p50), ms(ingest.latency.p95), ms(ingest.latency.p99), ms(ingest.latency.max)],
        ]) +
        `\nCPU while pushing: service ${(serviceShare * 100).toFixed(0)} % of a core (HTTP thread and database thread together), ` +
        `bench ${(benchShare * 100).toFixed(0)} %\n` +
        `stored: ${stored} of ${ingest.answered} answered; frames: ${ingest.frames} of ${ingest.expectedFrames} on ${options.sockets} sockets` +
        `${lost === 0 && stored === ingest.answered ? ' (none lost)' : ' — LOST'}\n`,
    );
    return lost === 0 && stored === ingest.answered ? 0 : 1;
  } finally {
    await db.end().catch(() => undefined);
    await service.stop();
    await scratch?.drop();
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The service's INSERT, bare: batches of `batch` rows shaped like the pushes below, one after another for
 * `seconds`; entries per second. The rows are removed again by seq (the log keeps its size).
 */
async function bareInserts(db: Client, batch: number, seconds: number): Promise<number> {
  const [{ top }] = (await db.query('SELECT max(seq) AS top FROM panel_events')).rows;
  const started = performance.now();
  let rows = 0;
  while (performance.now() - started < seconds * 1000) {
    const numbers = Array.from({ length: batch }, () => rows++);
    await db.query(INSERT_SQL, [
      numbers.map(() => 'openclaw'),
      numbers.map(() => 'bench.bare'),
      numbers.map((n) => pushSummary(n)),
      numbers.map((n) => pushDetail(n)),
    ]);
  }
  const rate = rows / ((performance.now() - started) / 1000);
  await db.query('DELETE FROM panel_events WHERE seq > $1', [top]);
  return rate;
}

const pushSummary = (n: number) => `ingest ${n}: agent main replied 任务已完成`;
const pushDetail = (n: number) => `client push ${n}`;

/** Each client pushes its next entry as soon as the last one is answered; every socket counts the frames it gets. */
async function pushAsFastAsAnswered(baseUrl: string, token: string, options: Options) {
  const seen = Array.from({ length: options.sockets }, () => new Set<string>());
  const sockets = await Promise.all(
    seen.map(
      (ids) =>
        new Promise<WebSocket>((resolve, reject) => {
          const socket = new WebSocket(`${baseUrl.replace('http', 'ws')}/ws?token=${token}`);
          socket.on('message', (data: Buffer) => {
            const frame = JSON.parse(data.toString()) as { type: string; data: { id: string; type: string } };
            if (frame.type === 'log-entry' && frame.data.type === 'bench.ingest') ids.add(frame.data.id);
          });
          socket.once('open', () => resolve(socket));
          socket.once('error', reject);
        }),
    ),
  );
  log(`pushing for ${options.seconds} s with ${options.clients} clients, ${options.sockets} sockets listening`);
  const answeredIds: string[] = [];
  const latencies: number[] = [];
  const started = performance.now();
  const until = started + options.seconds * 1000;
  let sent = 0;
  await Promise.all(
    Array.from({ length: options.clients }, async () => {
      while (performance.now() < until) {
        const n = sent++;
        const at = performance.now();
        const answer = await call(baseUrl, 'POST', '/api/events/log', undefined, {
          source: 'openclaw',
          type: 'bench.ingest',
          summary: pushSummary(n),
          detail: pushDetail(n),
        });
        if (answer.status !== 200) throw new Error(`push ${n}: ${answer.status} ${answer.body.slice(0, 200)}`);
        latencies.push(performance.now() - at);
        answeredIds.push((JSON.parse(answer.body) as { entry: { id: string } }).entry.id);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const deadline = Date.now() + 30_000;
  const complete = () => seen.every((ids) => answeredIds.every((id) => ids.has(id)));
  while (!complete() && Date.now() < deadline) await sleep(100);
  sockets.forEach((socket) => socket.close());
  const frames = seen.reduce((sum, ids) => sum + answeredIds.filter((id) => ids.has(id)).length, 0);
  return { answered: answeredIds.length, seconds, latency: stats(latencies), frames, expectedFrames: answeredIds.length * options.sockets };
}

runBenchmark(main);
