/**
 * Benchmark: the ClawPanel activity log.
 *   1. Reads: 100 000 stored entries; `GET /api/events` pages (newest, by source, keyword search, rare keyword),
 *      each timed against the same SQL run directly on the same database in the same process (the baseline).
 *   2. Fan-out: 50 sockets on `/ws`; entries pushed through `POST /api/events/log` at 1 000 a second; every socket
 *      must receive every `log-entry` frame; delivery delay from the push to each socket's frame.
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
import {
  baseEnvironment,
  commandLine,
  createScratchDatabase,
  freePort,
  integerOption,
  log,
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
  --entries N          stored entries (100000)                                 [BENCH_ENTRIES]
  --requests N         timed requests per query (200)                         [BENCH_REQUESTS]
  --sockets N          /ws sockets in the fan-out (50)                          [BENCH_SOCKETS]
  --rate N             pushed entries per second (1000)                            [BENCH_RATE]
  --seconds N          how long to push (5)                                     [BENCH_SECONDS]
  --help               this text
`;

interface Options {
  databaseUrl?: string;
  entries: number;
  requests: number;
  sockets: number;
  rate: number;
  seconds: number;
}

function readOptions(argv: string[], env: NodeJS.ProcessEnv): Options | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      'database-url': { type: 'string' },
      entries: { type: 'string' },
      requests: { type: 'string' },
      sockets: { type: 'string' },
      rate: { type: 'string' },
      seconds: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const databaseUrl = values['database-url'] ?? (env.BENCH_DATABASE_URL || undefined);
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new UsageError('--database-url must be a postgres:// URL');
  return {
    databaseUrl,
    entries: integerOption(values.entries ?? env.BENCH_ENTRIES, '--entries', 100_000, 1_000, 10_000_000),
    requests: integerOption(values.requests ?? env.BENCH_REQUESTS, '--requests', 200, 10, 100_000),
    sockets: integerOption(values.sockets ?? env.BENCH_SOCKETS, '--sockets', 50, 1, 5_000),
    rate: integerOption(values.rate ?? env.BENCH_RATE, '--rate', 1_000, 1, 100_000),
    seconds: integerOption(values.seconds ?? env.BENCH_SECONDS, '--seconds', 5, 1, 600),
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

/** Rows like the panel's own: mostly QQ chatter, some WeChat and admin lines; one in a hundred mentions "invoice". */
const SEED_SQL = `
INSERT INTO panel_events (source, type, summary, detail, created_at)
SELECT (ARRAY['qq','qq','qq','wechat','openclaw','system'])[1 + (i % 6)],
       'seed.' || (i % 6),
       CASE WHEN i % 100 = 0 THEN '群消息 invoice #' || i ELSE '群消息 message ' || md5(i::text) END,
       CASE WHEN i % 3 = 0 THEN 'detail ' || md5((i * 7)::text) ELSE NULL END,
       now() - (($1::int - i) * interval '1 second')
FROM generate_series(1, $1::int) AS i`;

/** The SQL the service runs for each page (a page plus a count; one windowed pass for a keyword), run bare as the baseline. */
const QUERIES: Array<{ label: string; path: string; sql: string[]; params: unknown[] }> = [
  {
    label: 'newest 100',
    path: '/api/events?limit=100',
    sql: ['SELECT * FROM panel_events ORDER BY created_at DESC, id DESC LIMIT 100', 'SELECT count(*) FROM panel_events'],
    params: [],
  },
  {
    label: 'source=wechat, 100',
    path: '/api/events?limit=100&source=wechat',
    sql: ['SELECT * FROM panel_events WHERE source = $1 ORDER BY created_at DESC, id DESC LIMIT 100', 'SELECT count(*) FROM panel_events WHERE source = $1'],
    params: ['wechat'],
  },
  {
    label: 'search "invoice" (1 %)',
    path: '/api/events?limit=100&search=invoice',
    sql: ['SELECT *, count(*) OVER () FROM panel_events WHERE summary ILIKE $1 OR detail ILIKE $1 ORDER BY created_at DESC, id DESC LIMIT 100'],
    params: ['%invoice%'],
  },
  {
    label: 'search, no match',
    path: '/api/events?limit=100&search=zzzz-nowhere',
    sql: ['SELECT *, count(*) OVER () FROM panel_events WHERE summary ILIKE $1 OR detail ILIKE $1 ORDER BY created_at DESC, id DESC LIMIT 100'],
    params: ['%zzzz-nowhere%'],
  },
];

async function timeIt(count: number, run: () => Promise<void>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return samples;
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
      LOG_LEVEL: 'warn',
      LOCAL_AUTH_TOKEN: adminToken,
      OPENCLAW_HOME: join(work, 'home'),
      ...(scratch ? { DATABASE_URL: scratch.url } : { EMBEDDED_DB_PORT: String(dbPort) }),
    },
    join(work, 'service.log'),
  );
  const baseUrl = `http://${LOOPBACK}:${port}`;
  const db = new Client(scratch ? { connectionString: scratch.url } : { host: LOOPBACK, port: dbPort, user: 'postgres', database: 'postgres' });
  try {
    await waitForReady(baseUrl, service, 120_000);
    await db.connect();
    const token = JSON.parse((await call(baseUrl, 'POST', '/api/auth/login', undefined, { token: adminToken })).body).token as string;

    log(`storing ${options.entries} entries`);
    await db.query('DELETE FROM panel_events');
    await db.query(SEED_SQL, [options.entries]);
    await db.query('ANALYZE panel_events');

    const readRows = [['query', 'p50', 'p95', 'SQL alone p50', 'SQL alone p95', 'p50 ratio']];
    for (const query of QUERIES) {
      await timeIt(10, async () => void (await call(baseUrl, 'GET', query.path, token)));
      const service = await timeIt(options.requests, async () => {
        const answer = await call(baseUrl, 'GET', query.path, token);
        if (answer.status !== 200) throw new Error(`${query.path}: ${answer.status} ${answer.body.slice(0, 200)}`);
      });
      const bare = await timeIt(options.requests, async () => {
        for (const sql of query.sql) await db.query(sql, query.params);
      });
      const s = stats(service);
      const b = stats(bare);
      readRows.push([query.label, ms(s.p50), ms(s.p95), ms(b.p50), ms(b.p95), `x${(s.p50 / b.p50).toFixed(2)}`]);
    }

    log(`opening ${options.sockets} sockets on /ws`);
    const received: number[][] = [];
    const sockets = await Promise.all(
      Array.from({ length: options.sockets }, (_, index) => {
        received.push([]);
        return new Promise<WebSocket>((resolve, reject) => {
          const socket = new WebSocket(`${baseUrl.replace('http', 'ws')}/ws?token=${token}`);
          socket.on('message', (data: Buffer) => {
            const frame = JSON.parse(data.toString()) as { type: string; data: { summary: string } };
            if (frame.type !== 'log-entry' || !frame.data.summary.startsWith('fanout ')) return;
            const sentAt = Number(frame.data.summary.split(' ')[2]);
            received[index].push(performance.timeOrigin + performance.now() - sentAt);
          });
          socket.once('open', () => resolve(socket));
          socket.once('error', reject);
        });
      }),
    );
    const total = options.rate * options.seconds;
    log(`pushing ${total} entries at ${options.rate}/s`);
    const pushLatencies: number[] = [];
    const started = performance.now();
    const inFlight = new Set<Promise<void>>();
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / options.rate;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      const sentAt = performance.timeOrigin + performance.now();
      const push = call(baseUrl, 'POST', '/api/events/log', undefined, { source: 'system', type: 'bench', summary: `fanout ${i} ${sentAt}` }).then((answer) => {
        if (answer.status !== 200) throw new Error(`push ${i}: ${answer.status} ${answer.body}`);
        pushLatencies.push(performance.timeOrigin + performance.now() - sentAt);
      });
      inFlight.add(push);
      void push.finally(() => inFlight.delete(push));
    }
    await Promise.all(inFlight);
    const pushSeconds = (performance.now() - started) / 1000;
    const deadline = Date.now() + 30_000;
    while (received.some((list) => list.length < total) && Date.now() < deadline) await sleep(100);
    sockets.forEach((socket) => socket.close());
    const delivered = received.reduce((sum, list) => sum + list.length, 0);
    const delays = stats(received.flat());
    const pushes = stats(pushLatencies);

    process.stdout.write(`\nActivity log reads, ${options.entries} entries, ${options.requests} requests each (${scratch ? 'PostgreSQL' : 'embedded'})\n${table(readRows)}\n`);
    process.stdout.write(
      `\n/ws fan-out: ${total} entries pushed in ${pushSeconds.toFixed(2)} s (${(total / pushSeconds).toFixed(0)}/s) to ${options.sockets} sockets\n` +
        table([
          ['measure', 'p50', 'p95', 'p99', 'max'],
          ['push answer (POST /api/events/log)', ms(pushes.p50), ms(pushes.p95), ms(pushes.p99), ms(pushes.max)],
          ['push → frame on each socket', ms(delays.p50), ms(delays.p95), ms(delays.p99), ms(delays.max)],
        ]) +
        `\nframes delivered: ${delivered} of ${total * options.sockets}${delivered === total * options.sockets ? ' (none lost)' : ' — FRAMES LOST'}\n`,
    );
    return delivered === total * options.sockets ? 0 : 1;
  } finally {
    await db.end().catch(() => undefined);
    await service.stop();
    await scratch?.drop();
    rmSync(work, { recursive: true, force: true });
  }
}

runBenchmark(main);
