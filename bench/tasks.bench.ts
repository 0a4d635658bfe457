/**
 * Benchmark of issue 15: what a person running the service on a small host feels.
 *   - cold start of the compiled service with an existing data directory, to the first answered authenticated
 *     request (several starts, median);
 *   - resident memory at rest with an empty database, the peak under load, and at rest after the load;
 *   - `GET /api/v1/tasks?board_id&limit=20` and `POST /api/v1/tasks` on a board of 200 tasks, 20 connections:
 *     rate, p50/p99 and CPU per request of the service and of the database server;
 *   - the same two requests answered by a bare `node:http` + `pg` server (bench/bare-tasks-server.ts) on the same
 *     database in the same run, the floor of what this machine allows.
 *
 *   npm run bench:tasks                               embedded database (PGlite inside the service)
 *   npm run bench:tasks -- --database-url postgres://postgres@127.0.0.1:5432/postgres
 *   node dist/bench/tasks.bench.js --help
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import {
  Cleanups,
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
  ManagedChild,
  numberOption,
  redactUrl,
  runBenchmark,
  sleep,
  startService,
  stats,
  table,
  tail,
} from './harness';
import { EMBEDDED_SPARE_CONNECTIONS } from '../src/core/database/connection-budget';
import { load, LoadRequest, startListener, stopLoad, summarize, Summary } from './load';

const HELP = `Usage: node dist/bench/tasks.bench.js [options]   (or: npm run bench:tasks -- [options])

  --database-url URL   PostgreSQL server instead of the embedded engine; a scratch database
                       bench_<random> is created and dropped                    [BENCH_DATABASE_URL]
  --duration S         seconds of load per request kind and contender (10)            [BENCH_DURATION]
  --warmup S           unrecorded load before each measurement (3)                      [BENCH_WARMUP]
  --connections N      concurrent HTTP connections (20)                            [BENCH_CONNECTIONS]
  --tasks N            tasks on the board before the load (200)                          [BENCH_TASKS]
  --cold-starts N      starts of the service timed to the first authenticated answer (3) [BENCH_COLD_STARTS]
  --rest S             seconds of idle before memory at rest is read (5)                   [BENCH_REST]
  --log-level L        the service's LOG_LEVEL (info, the service default)           [BENCH_LOG_LEVEL]
  --service-cpu-prof DIR  run the measured service under node --cpu-prof, profile kept in DIR with
                       DIR/service-rounds.json, the window of its create load (read it with
                       node dist/bench/cpu-profile-summary.js DIR [--thread 1 for PGlite's worker])
  --help               this text
`;

interface Options {
  databaseUrl?: string;
  duration: number;
  warmup: number;
  connections: number;
  tasks: number;
  coldStarts: number;
  rest: number;
  logLevel: string;
  cpuProfileDir?: string;
}

function readOptions(argv: string[], env: NodeJS.ProcessEnv): Options | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      'database-url': { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      tasks: { type: 'string' },
      'cold-starts': { type: 'string' },
      rest: { type: 'string' },
      'log-level': { type: 'string' },
      'service-cpu-prof': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return 'help';
  return {
    databaseUrl: databaseUrlOption(values['database-url'], env),
    duration: numberOption(values.duration ?? env.BENCH_DURATION, '--duration', 10, 1, 600),
    warmup: numberOption(values.warmup ?? env.BENCH_WARMUP, '--warmup', 3, 0, 120),
    connections: integerOption(values.connections ?? env.BENCH_CONNECTIONS, '--connections', 20, 1, 1000),
    tasks: integerOption(values.tasks ?? env.BENCH_TASKS, '--tasks', 200, 1, 100_000),
    coldStarts: integerOption(values['cold-starts'] ?? env.BENCH_COLD_STARTS, '--cold-starts', 3, 1, 20),
    rest: numberOption(values.rest ?? env.BENCH_REST, '--rest', 5, 0, 120),
    logLevel: logLevelOption(values['log-level'], env),
    cpuProfileDir: values['service-cpu-prof'] ? resolve(values['service-cpu-prof']) : undefined,
  };
}

const BARE_ENTRY = join(__dirname, 'bare-tasks-server.js');
const SERVICE_POOL = 10;

/** Resident and peak resident memory of a process in MB (Linux /proc). */
function memoryOf(pid: number | undefined): { rss: number; peak: number } {
  const status = pid ? readFileSync(`/proc/${pid}/status`, 'utf8') : '';
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

async function api<T>(baseUrl: string, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** Milliseconds from spawning the compiled service to its first 200 on an authenticated route. */
async function coldStart(env: NodeJS.ProcessEnv, baseUrl: string, token: string, logPath: string, nodeArgs: string[] = []): Promise<{ service: ManagedChild; ms: number }> {
  const started = process.hrtime.bigint();
  const service = startService(env, logPath, nodeArgs);
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    checkAborted();
    if (!service.running) throw new Error(`the service exited during start-up:\n${tail(logPath)}`);
    try {
      const response = await fetch(`${baseUrl}/api/v1/organizations?limit=1`, { headers: { authorization: `Bearer ${token}` } });
      await response.arrayBuffer();
      if (response.status === 200) return { service, ms: Number(process.hrtime.bigint() - started) / 1e6 };
    } catch {
      // not listening yet
    }
    await sleep(5);
  }
  await service.stop();
  throw new Error(`no authenticated answer within 120 s:\n${tail(logPath)}`);
}

/** The PostgreSQL backends serving `database` (their CPU is the server's share of the work). */
async function backendPids(serverUrl: string, database: string): Promise<number[]> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const result = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database]);
    return result.rows.map((row) => row.pid);
  } finally {
    await client.end();
  }
}

const cpuOf = (pids: number[]) => pids.reduce((sum, pid) => sum + (cpuSeconds(pid) ?? 0), 0);

interface Measured {
  summary: Summary;
  /** CPU milliseconds per answered request: the answering process, and the database server's backends. */
  cpuMs: number;
  databaseCpuMs?: number;
}

async function measure(
  url: string,
  token: string,
  opts: Options,
  answeringPid: number | undefined,
  databasePids: () => Promise<number[]>,
  request?: LoadRequest,
): Promise<Measured> {
  if (opts.warmup > 0) await load(url, token, opts.connections, opts.warmup, request);
  checkAborted();
  const backends = await databasePids();
  const [processBefore, databaseBefore] = [cpuSeconds(answeringPid) ?? NaN, cpuOf(backends)];
  const raw = await load(url, token, opts.connections, opts.duration, request);
  const [processAfter, databaseAfter] = [cpuSeconds(answeringPid) ?? NaN, cpuOf(backends)];
  checkAborted();
  const summary = summarize([raw], url, opts.connections);
  if (summary.failures > 0) log(`${url}: ${raw.non2xx} answers other than 2xx, ${raw.errors} errors, ${raw.timeouts} timeouts`);
  const perRequest = (seconds: number) => (seconds * 1000) / Math.max(1, summary.requests + summary.failures);
  return {
    summary,
    cpuMs: perRequest(processAfter - processBefore),
    databaseCpuMs: backends.length > 0 ? perRequest(databaseAfter - databaseBefore) : undefined,
  };
}

const fixed = (value: number | undefined, digits = 0) => (value === undefined || !Number.isFinite(value) ? '-' : value.toFixed(digits));
const ratio = (a: number | undefined, b: number | undefined) => (a && b ? `x${(a / b).toFixed(2)}` : '-');

async function main(): Promise<number> {
  const opts = commandLine(readOptions, HELP);
  if (typeof opts === 'number') return opts;
  if (!existsSync(BARE_ENTRY)) {
    process.stderr.write(`${BARE_ENTRY} is missing: run \`node scripts/build.mjs\` first (npm run bench:tasks does)\n`);
    return 1;
  }
  const mode = opts.databaseUrl ? 'postgresql' : 'embedded';
  const tmp = mkdtempSync(join(tmpdir(), 'mc-bench-tasks-'));
  const cleanups = new Cleanups(stopLoad);
  const cleanup = cleanups.run;
  cleanups.add('temp dir', async () => rmSync(tmp, { recursive: true, force: true }));
  const budgetSeconds = 300 + opts.coldStarts * 30 + opts.tasks * 0.1 + 4 * (opts.warmup + opts.duration + 5) + opts.rest * 2;
  const guard = armAbort(budgetSeconds, cleanup, stopLoad);
  const loadBefore = loadavg();
  const token = randomBytes(32).toString('hex');
  const serviceLog = join(tmp, 'service.log');

  try {
    let databaseUrl: string | undefined;
    let databaseName: string | undefined;
    let embeddedPort: number | undefined;
    if (opts.databaseUrl) {
      const scratch = await createScratchDatabase(opts.databaseUrl);
      cleanups.add(`database ${scratch.name}`, scratch.drop);
      [databaseUrl, databaseName] = [scratch.url, scratch.name];
    } else {
      embeddedPort = await freePort();
    }
    const port = await freePort();
    const serviceUrl = `http://${LOOPBACK}:${port}`;
    const env: NodeJS.ProcessEnv = {
      ...baseEnvironment(),
      PORT: String(port),
      HOST: LOOPBACK,
      DATA_DIR: join(tmp, 'data'),
      LOCAL_AUTH_TOKEN: token,
      LOG_LEVEL: opts.logLevel,
      DB_POOL_SIZE: String(SERVICE_POOL),
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { EMBEDDED_DB_PORT: String(embeddedPort) }),
    };

    // --- cold starts: the first creates the data directory and schema, the timed ones find them in place
    log(`first start (${mode}): creating the data directory and the schema`);
    let { service } = await coldStart(env, serviceUrl, token, serviceLog);
    await service.stop();
    const coldStarts: number[] = [];
    for (let i = 1; i <= opts.coldStarts; i++) {
      // the last start is the service that is measured: the one to profile
      const profiled = opts.cpuProfileDir && i === opts.coldStarts ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfileDir}`] : [];
      ({ service } = await coldStart(env, serviceUrl, token, serviceLog, profiled).then((started) => {
        coldStarts.push(started.ms);
        log(`cold start ${i}/${opts.coldStarts}: ${started.ms.toFixed(0)} ms`);
        return started;
      }));
      if (i < opts.coldStarts) await service.stop();
    }
    cleanups.add('service', () => service.stop());

    log(`at rest for ${opts.rest} s with an empty database`);
    await sleep(opts.rest * 1000);
    const atRest = memoryOf(service.pid);

    // --- a board of tasks
    const organization = await api<{ id: string }>(serviceUrl, token, 'POST', '/api/v1/organizations', { name: 'Bench org' });
    const board = await api<{ id: string }>(serviceUrl, token, 'POST', '/api/v1/boards', { organization_id: organization.id, name: 'Bench board' });
    for (let i = 0; i < opts.tasks; i++) await api(serviceUrl, token, 'POST', '/api/v1/tasks', { board_id: board.id, title: `Seeded task ${i + 1}` });
    log(`seeded ${opts.tasks} tasks on board ${board.id}`);

    const listPath = `/api/v1/tasks?board_id=${board.id}&limit=20`;
    const create: LoadRequest = { method: 'POST', body: { board_id: board.id, title: 'Created under load' } };
    const databasePids = async () => (opts.databaseUrl && databaseName ? backendPids(opts.databaseUrl, databaseName) : []);

    log(`service: list ${opts.duration} s x ${opts.connections} connections`);
    const serviceList = await measure(`${serviceUrl}${listPath}`, token, opts, service.pid, databasePids);
    log(`service: create ${opts.duration} s x ${opts.connections} connections`);
    const createStartUs = Number(process.hrtime.bigint() / 1000n);
    const serviceCreate = await measure(`${serviceUrl}/api/v1/tasks`, token, opts, service.pid, databasePids, create);
    if (opts.cpuProfileDir) {
      // CLOCK_MONOTONIC microseconds, the clock of the profile's startTime/endTime on Linux (warm-up included)
      const window = { round: 1, startUs: createStartUs, endUs: Number(process.hrtime.bigint() / 1000n) };
      mkdirSync(opts.cpuProfileDir, { recursive: true });
      writeFileSync(join(opts.cpuProfileDir, 'service-rounds.json'), `${JSON.stringify({ pid: service.pid, mode, logLevel: opts.logLevel, windows: [window] }, null, 2)}\n`);
    }
    const peak = memoryOf(service.pid).peak;
    await sleep(opts.rest * 1000);
    const afterLoad = memoryOf(service.pid);

    // --- the bare baseline on the same database (through the service's socket on the embedded engine)
    const bareEnv: NodeJS.ProcessEnv = {
      ...baseEnvironment(),
      BARE_DATABASE_URL: databaseUrl ?? `postgres://postgres@${LOOPBACK}:${embeddedPort}/postgres`,
      BARE_TOKEN: token,
      BARE_HOST: LOOPBACK,
      BARE_PORT: '0',
      BARE_POOL_SIZE: String(databaseUrl ? SERVICE_POOL : EMBEDDED_SPARE_CONNECTIONS),
    };
    const bare = await startListener('bare', BARE_ENTRY, bareEnv, join(tmp, 'bare.log'), 30_000);
    cleanups.add('bare', () => bare.child.stop());
    const bareUrl = `http://${LOOPBACK}:${bare.port}`;
    const [servicePage, barePage] = await Promise.all([
      api<{ total: number }>(serviceUrl, token, 'GET', listPath),
      api<{ total: number }>(bareUrl, token, 'GET', listPath),
    ]);
    if (servicePage.total !== barePage.total) throw new Error(`the bare server counts ${barePage.total} tasks, the service ${servicePage.total}`);
    // embedded, the database runs inside the service process: its CPU is the server's share of the bare answers
    const bareDatabasePids = async () => (databaseUrl ? databasePids() : service.pid ? [service.pid] : []);
    log(`bare: list and create`);
    const bareList = await measure(`${bareUrl}${listPath}`, token, opts, bare.child.pid, bareDatabasePids);
    const bareCreate = await measure(`${bareUrl}/api/v1/tasks`, token, opts, bare.child.pid, bareDatabasePids, create);

    // --- report
    const cold = stats(coldStarts);
    const cpu = cpus();
    const perRequest = (m: Measured) => `${fixed(m.cpuMs, 2)}${m.databaseCpuMs === undefined ? '' : ` + ${fixed(m.databaseCpuMs, 2)}`}`;
    const rows = [
      ['figure', 'service', 'bare node:http + pg', 'service / bare'],
      ['list tasks, 20 per page (req/s)', fixed(serviceList.summary.requestsPerSecond), fixed(bareList.summary.requestsPerSecond), ratio(serviceList.summary.requestsPerSecond, bareList.summary.requestsPerSecond)],
      ['list p50 / p99 (ms)', `${fixed(serviceList.summary.p50)} / ${fixed(serviceList.summary.p99)}`, `${fixed(bareList.summary.p50)} / ${fixed(bareList.summary.p99)}`, ''],
      ['create a task (req/s)', fixed(serviceCreate.summary.requestsPerSecond), fixed(bareCreate.summary.requestsPerSecond), ratio(serviceCreate.summary.requestsPerSecond, bareCreate.summary.requestsPerSecond)],
      ['create p50 / p99 (ms)', `${fixed(serviceCreate.summary.p50)} / ${fixed(serviceCreate.summary.p99)}`, `${fixed(bareCreate.summary.p50)} / ${fixed(bareCreate.summary.p99)}`, ''],
      [`CPU per list (ms, process${mode === 'postgresql' ? ' + server' : ''})`, perRequest(serviceList), perRequest(bareList), ratio(serviceList.cpuMs, bareList.cpuMs)],
      [`CPU per create (ms, process${mode === 'postgresql' ? ' + server' : ''})`, perRequest(serviceCreate), perRequest(bareCreate), ratio(serviceCreate.cpuMs, bareCreate.cpuMs)],
      ['resident memory at rest, empty database (MB)', fixed(atRest.rss), '', ''],
      ['resident memory peak under load / at rest after (MB)', `${fixed(peak)} / ${fixed(afterLoad.rss)}`, '', ''],
      [`cold start to the first authenticated answer (ms, median of ${cold.count})`, `${fixed(cold.p50)} (${coldStarts.map((v) => v.toFixed(0)).join(', ')})`, '', ''],
      ['failed requests (list, create)', `${serviceList.summary.failures}, ${serviceCreate.summary.failures}`, `${bareList.summary.failures}, ${bareCreate.summary.failures}`, ''],
    ];
    process.stdout.write(
      [
        `tasks benchmark, ${mode} database${opts.databaseUrl ? ` (${redactUrl(opts.databaseUrl)})` : ', PGlite inside the service process'}`,
        `${opts.connections} connections, ${opts.duration} s per measurement after ${opts.warmup} s of warm-up, ${opts.tasks} tasks on one board, LOG_LEVEL=${opts.logLevel}`,
        `node ${process.version}; ${cpu.length} x ${cpu[0]?.model.trim() ?? 'unknown CPU'}; load average before ${loadBefore.map((n) => n.toFixed(2)).join(' ')}, after ${loadavg().map((n) => n.toFixed(2)).join(' ')}`,
        mode === 'embedded' ? 'PGlite runs in the service process: the service\'s CPU includes its database; the bare server\'s "+" is the service process answering its SQL through the socket' : '',
        '',
        table(rows),
        '',
      ].join('\n'),
    );
    const failed = [serviceList, serviceCreate, bareList, bareCreate].some((m) => m.summary.failures > 0);
    if (failed) log('INVALID: some requests failed; see the logs above');
    return failed ? 1 : 0;
  } catch (error) {
    log(`service log tail:\n${tail(serviceLog)}`);
    throw error;
  } finally {
    guard.disarm();
    await cleanup();
  }
}

runBenchmark(main);
