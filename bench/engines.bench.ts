/**
 * Benchmark: the proactive rule engine under load (issue 12). One rule (task.updated → create_suggestion, no cooldown) on one
 * organisation; an SSE client on `/api/v1/suggestions/stream`.
 *   - idle: sequential `PATCH /api/v1/tasks/{id}` (a title change): REST latency, and the delay from sending the PATCH to the SSE
 *     frame of the suggestion the rule makes of it;
 *   - busy: for `--seconds` (30), `--rate` (1000) task.updated events a second are written to the outbox (in batches every 50 ms,
 *     straight into the database: the REST route alone cannot make 1000 writes a second on 2 cores), each matching the rule, while
 *     the same PATCH probes run (about 10 a second): REST latency with the engine busy, REST → SSE delay under load;
 *   - drain: until every event has become a suggestion and its frame arrived: none may be lost (database and stream both counted);
 *   - idle again, to show the idle figure did not drift.
 * Prints p50/p95/p99 of each, the busy/idle REST ratio (target ≤ 1.2×) and the REST → SSE p99 (target < 1 s on PostgreSQL).
 *
 *   npm run bench:engines                                      embedded database
 *   npm run bench:engines -- --database-url postgres://postgres@127.0.0.1:5432/postgres
 *   node dist/bench/engines.bench.js --help
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { get, IncomingMessage } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import {
  armAbort,
  baseEnvironment,
  checkAborted,
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
  redactUrl,
  runBenchmark,
  sleep,
  startService,
  stats,
  Stats,
  table,
  tail,
  waitForReady,
} from './harness';

const HELP = `Usage: node dist/bench/engines.bench.js [options]   (or: npm run bench:engines -- [options])

  --database-url URL   PostgreSQL server instead of the embedded engine (a scratch database
                       is created and dropped)                              [BENCH_DATABASE_URL]
  --rate N             task events per second written to the outbox (1000)       [BENCH_RATE]
  --seconds N          how long the load lasts (30)                            [BENCH_SECONDS]
  --probes N           PATCH probes in each idle phase (200)                    [BENCH_PROBES]
  --probe-gap MS       pause between PATCH probes under load (100)           [BENCH_PROBE_GAP]
  --drain-timeout S    how long the engine may take to catch up after the load (300)
                                                                          [BENCH_DRAIN_TIMEOUT]
  --log-level L        the service's LOG_LEVEL (info, its default)           [BENCH_LOG_LEVEL]
  --help               this text
`;

interface Options {
  databaseUrl?: string;
  rate: number;
  seconds: number;
  probes: number;
  probeGapMs: number;
  drainTimeoutS: number;
  logLevel: string;
}

function readOptions(argv: string[], env: NodeJS.ProcessEnv): Options | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      'database-url': { type: 'string' },
      rate: { type: 'string' },
      seconds: { type: 'string' },
      probes: { type: 'string' },
      'probe-gap': { type: 'string' },
      'drain-timeout': { type: 'string' },
      'log-level': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return 'help';
  const databaseUrl = databaseUrlOption(values['database-url'], env);
  const logLevel = logLevelOption(values['log-level'], env);
  return {
    databaseUrl,
    rate: integerOption(values.rate ?? env.BENCH_RATE, '--rate', 1000, 20, 20_000),
    seconds: integerOption(values.seconds ?? env.BENCH_SECONDS, '--seconds', 30, 1, 600),
    probes: integerOption(values.probes ?? env.BENCH_PROBES, '--probes', 200, 10, 10_000),
    probeGapMs: integerOption(values['probe-gap'] ?? env.BENCH_PROBE_GAP, '--probe-gap', 100, 0, 10_000),
    drainTimeoutS: integerOption(values['drain-timeout'] ?? env.BENCH_DRAIN_TIMEOUT, '--drain-timeout', 300, 10, 3_600),
    logLevel,
  };
}

const BATCH_MS = 50;
const SEED_TASKS = 100;

async function call<T>(baseUrl: string, method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return { status: response.status, body: JSON.parse(text) as T };
}

/** The SSE client: when each suggestion's frame arrived, by title. */
class StreamWatcher {
  readonly arrivals = new Map<string, number>();
  frames = 0;
  private buffer = '';
  private response?: IncomingMessage;

  open(url: string, token: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const request = get(url, { headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' } }, (response) => {
        if (response.statusCode !== 200) return reject(new Error(`the stream answered ${response.statusCode}`));
        this.response = response;
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => this.read(chunk));
        resolve();
      });
      request.on('error', reject);
    });
  }

  close(): void {
    this.response?.destroy();
  }

  private read(chunk: string): void {
    const now = performance.now();
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const data = block.split('\n').find((line) => line.startsWith('data: '));
      if (!data) continue;
      const frame = JSON.parse(data.slice(6)) as { type: string; suggestion?: { title: string } };
      if (frame.type !== 'suggestion.new' || !frame.suggestion) continue;
      this.frames++;
      if (!this.arrivals.has(frame.suggestion.title)) this.arrivals.set(frame.suggestion.title, now);
    }
  }
}

interface ProbeResult {
  rest: number[];
  toStream: number[];
}

async function main(): Promise<number> {
  const options = commandLine(readOptions, HELP);
  if (typeof options === 'number') return options;
  const work = mkdtempSync(join(tmpdir(), 'bench-engines-'));
  const scratch = options.databaseUrl ? await createScratchDatabase(options.databaseUrl) : undefined;
  const port = await freePort();
  const dbPort = await freePort();
  const token = `bench-engines-${randomBytes(8).toString('hex')}`;
  const service = startService(
    {
      ...baseEnvironment(),
      PORT: String(port),
      HOST: LOOPBACK,
      DATA_DIR: join(work, 'data'),
      LOG_LEVEL: options.logLevel,
      LOCAL_AUTH_TOKEN: token,
      OPENCLAW_HOME: join(work, 'home'),
      ...(scratch ? { DATABASE_URL: scratch.url } : { EMBEDDED_DB_PORT: String(dbPort) }),
    },
    join(work, 'service.log'),
  );
  const cleanup = async () => {
    await service.stop();
    await scratch?.drop().catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  };
  const budget = armAbort(options.seconds + options.drainTimeoutS + 600, cleanup);
  const baseUrl = `http://${LOOPBACK}:${port}`;
  const db = new Client(scratch ? { connectionString: scratch.url } : { host: LOOPBACK, port: dbPort, user: 'postgres', database: 'postgres' });
  const stream = new StreamWatcher();
  try {
    await waitForReady(baseUrl, service, 120_000);
    await db.connect();
    const api = <T>(method: string, path: string, body?: unknown) => call<T>(baseUrl, method, path, token, body);

    const org = (await api<{ id: string }>('POST', '/api/v1/organizations', { name: 'bench-engines' })).body;
    const board = (await api<{ id: string }>('POST', '/api/v1/boards', { organization_id: org.id, name: 'bench-board' })).body;
    const rule = (
      await api<{ id: string }>('POST', '/api/v1/proactive-rules', {
        organization_id: org.id,
        name: 'every task update',
        cooldown_minutes: 0,
        trigger: { type: 'event', event: 'task.updated' },
        action: { type: 'create_suggestion', params: { title: '{{task.title}}|{{bench_seq}}' } },
      })
    ).body;
    log(`creating ${SEED_TASKS} tasks`);
    const seeds: Array<Record<string, unknown>> = [];
    for (let n = 0; n < SEED_TASKS; n++) seeds.push((await api<Record<string, unknown>>('POST', '/api/v1/tasks', { board_id: board.id, title: `seed-${n}` })).body);
    const probeTask = (await api<{ id: string }>('POST', '/api/v1/tasks', { board_id: board.id, title: 'probe' })).body;
    await stream.open(`${baseUrl}/api/v1/suggestions/stream?organization_id=${org.id}`, token);

    let probeCount = 0;
    /** One PATCH: its REST time, and (later) when its suggestion's frame arrived. */
    const probe = async (into: ProbeResult, pending: Array<{ title: string; sentAt: number; into: ProbeResult }>) => {
      const title = `probe-${probeCount++}`;
      const sentAt = performance.now();
      await api('PATCH', `/api/v1/tasks/${probeTask.id}`, { title });
      into.rest.push(performance.now() - sentAt);
      pending.push({ title: `${title}|`, sentAt, into });
    };
    const pending: Array<{ title: string; sentAt: number; into: ProbeResult }> = [];
    const settleProbes = async (timeoutMs: number) => {
      const deadline = Date.now() + timeoutMs;
      while (pending.some((p) => !stream.arrivals.has(p.title)) && Date.now() < deadline) await sleep(20);
      for (const p of pending.splice(0)) {
        const arrived = stream.arrivals.get(p.title);
        if (arrived !== undefined) p.into.toStream.push(arrived - p.sentAt);
      }
    };
    const idlePhase = async (label: string) => {
      log(`${label}: ${options.probes} sequential PATCHes`);
      const result: ProbeResult = { rest: [], toStream: [] };
      for (let n = 0; n < options.probes; n++) {
        checkAborted();
        await probe(result, pending);
      }
      await settleProbes(30_000);
      return result;
    };

    const warm: ProbeResult = { rest: [], toStream: [] };
    for (let n = 0; n < 30; n++) await probe(warm, pending);
    await settleProbes(30_000);
    const idle = await idlePhase('idle');

    // the load: task.updated events of the seed tasks, written straight into the outbox as the task service writes them
    const total = options.rate * options.seconds;
    const perBatch = Math.max(1, Math.round((options.rate * BATCH_MS) / 1000));
    log(`busy: ${total} task events at ${options.rate}/s for ${options.seconds} s (${perBatch} every ${BATCH_MS} ms) with PATCH probes`);
    const busy: ProbeResult = { rest: [], toStream: [] };
    const busyPending: typeof pending = [];
    const cpuBefore = cpuSeconds(service.pid);
    const loadStart = performance.now();
    let written = 0;
    let loadDone = false;
    const load = (async () => {
      let batch = 0;
      while (written < total) {
        checkAborted();
        const payloads: string[] = [];
        for (let n = 0; n < perBatch && written < total; n++, written++) {
          const task = seeds[written % seeds.length];
          payloads.push(JSON.stringify({ task, changes: { title: { from: task.title, to: task.title } }, actor: { type: 'admin', id: null }, bench_seq: written }));
        }
        await db.query(`INSERT INTO outbox_events (name, payload, organization_id) SELECT 'task.updated', p, $2 FROM unnest($1::jsonb[]) p`, [payloads, org.id]);
        batch++;
        const due = loadStart + batch * BATCH_MS;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
      }
      loadDone = true;
    })();
    while (!loadDone) {
      await probe(busy, busyPending);
      await sleep(options.probeGapMs);
    }
    await load;
    const loadSeconds = (performance.now() - loadStart) / 1000;
    log(`wrote ${written} events in ${loadSeconds.toFixed(1)} s; waiting for the engine to catch up`);
    const drainDeadline = Date.now() + options.drainTimeoutS * 1000;
    const injectedArrived = () => {
      let count = 0;
      for (const title of stream.arrivals.keys()) if (title.startsWith('seed-')) count++;
      return count;
    };
    while (injectedArrived() < total && Date.now() < drainDeadline) await sleep(100);
    const caughtUpAt = performance.now();
    const cpuAfter = cpuSeconds(service.pid);
    pending.push(...busyPending);
    await settleProbes(10_000);
    const again = await idlePhase('idle again');

    const [{ made }] = (await db.query(`SELECT count(*)::int AS made FROM suggestions WHERE rule_id = $1 AND title LIKE 'seed-%'`, [rule.id])).rows as Array<{ made: number }>;
    const [{ failed }] = (await db.query(`SELECT count(*)::int AS failed FROM pgboss.job WHERE state = 'failed' AND name LIKE 'on-RuleEngine%'`)).rows as Array<{ failed: number }>;
    const arrived = injectedArrived();
    const engineSeconds = (caughtUpAt - loadStart) / 1000;

    const row = (label: string, s: Stats) => [label, String(s.count), ms(s.p50), ms(s.p95), ms(s.p99), ms(s.max)];
    const idleRest = stats(idle.rest);
    const busyRest = stats(busy.rest);
    const busyStream = stats(busy.toStream);
    const mode = scratch ? `PostgreSQL (${redactUrl(options.databaseUrl!)})` : 'embedded (PGlite in the service)';
    process.stdout.write(
      [
        `proactive engine, ${mode}; node ${process.version}; ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}; load average after ${loadavg().map((v) => v.toFixed(2)).join(' ')}`,
        `load: ${written} task.updated events in ${loadSeconds.toFixed(1)} s (${(written / loadSeconds).toFixed(0)}/s), one rule matching each (create_suggestion, no cooldown)`,
        '',
        table([
          ['', 'n', 'p50', 'p95', 'p99', 'max'],
          row('REST PATCH, engine idle', idleRest),
          row('REST PATCH, engine busy', busyRest),
          row('REST PATCH, idle again', stats(again.rest)),
          row('REST -> SSE frame, idle', stats(idle.toStream)),
          row('REST -> SSE frame, busy', busyStream),
          row('REST -> SSE frame, idle again', stats(again.toStream)),
        ]),
        '',
        `engine: all ${total} events became suggestions and reached the stream ${engineSeconds.toFixed(1)} s after the load began (${(arrived / engineSeconds).toFixed(0)} events/s); service CPU ${cpuBefore !== undefined && cpuAfter !== undefined ? `${(((cpuAfter - cpuBefore) / engineSeconds) * 100).toFixed(0)} % of one core` : 'n/a'}`,
        `lost: ${total - made} of ${total} (suggestions stored ${made}, frames received ${arrived}, failed rule jobs ${failed}); probes without a frame: ${busy.rest.length - busy.toStream.length} busy, ${idle.rest.length - idle.toStream.length + again.rest.length - again.toStream.length} idle`,
        `REST busy/idle: p50 x${(busyRest.p50 / idleRest.p50).toFixed(2)}, p95 x${(busyRest.p95 / idleRest.p95).toFixed(2)}, p99 x${(busyRest.p99 / idleRest.p99).toFixed(2)}   target <= 1.2x: ${busyRest.p99 / idleRest.p99 <= 1.2 ? 'MET' : 'MISSED'}`,
        `REST -> SSE p99 under load: ${ms(busyStream.p99)}   target < 1 s: ${busyStream.p99 < 1000 ? 'MET' : 'MISSED'}`,
        '',
      ].join('\n'),
    );
    budget.disarm();
    return made === total && arrived === total ? 0 : 1;
  } catch (error) {
    log(`failed: ${error instanceof Error ? error.message : String(error)}\n${tail(join(work, 'service.log'))}`);
    return 1;
  } finally {
    stream.close();
    await db.end().catch(() => undefined);
    await cleanup();
  }
}

runBenchmark(main);
