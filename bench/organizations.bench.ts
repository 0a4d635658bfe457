/**
 * Benchmark: `GET /api/v1/organizations?limit=20` of the service against
 *   - a bare `node:http` + `pg` server (bench/bare-organizations-server.ts) that sends the same statement to
 *     the same database: the yardstick of the 60 % target;
 *   - a NestJS floor (bench/floor-nest-server.ts): NestJS 12 on Express answering a constant copy of the
 *     service's answer, no database, no guard, no pipe, no logging: the most any service on the mandated
 *     stack can do for this answer on this machine;
 *   - an Express floor (bench/floor-express-server.ts): the same constant answer from plain Express 5, to
 *     tell Express's cost from Nest's.
 * All in one run, under the same load, on loopback. Prints req/s, p50 and p99 of each, their ratios to the
 * bare server, and whether the service reaches the target (60 %).
 *
 *   npm run bench                                   embedded database (PGlite inside the service)
 *   npm run bench -- --database-url postgres://postgres@127.0.0.1:5432/postgres
 *                                                   a PostgreSQL server (a scratch database is created and dropped)
 *   node dist/bench/organizations.bench.js --help   every option
 *
 * See docs/BENCHMARKS.md for what is measured and the numbers of the last run.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';

import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { EMBEDDED_SPARE_CONNECTIONS } from '../src/core/database/connection-budget';
import { FloorResponse, HOP_HEADERS } from './floor-common';
import { load, machineCpu, RawRun, startListener, stopLoad, summarize, Summary } from './load';
import {
  Cleanups,
  Aborted,
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
  ROOT,
  runBenchmark,
  SERVICE_ENTRY,
  startService,
  sleep,
  tail,
  UsageError,
  waitForReady,
} from './harness';

// ---------------------------------------------------------------------------------------------------------------
// options

/** Every contender, in the order of round 1 (round 2 runs them backwards, and so on). */
const CONTENDERS = ['service', 'nest-floor', 'express-floor', 'bare'] as const;
type Target = (typeof CONTENDERS)[number];

const LABELS: Record<Target, string> = {
  service: 'service (NestJS, full stack)',
  'nest-floor': 'NestJS floor (constant body)',
  'express-floor': 'Express floor (constant body)',
  bare: 'bare node:http + pg',
};
/** Column heads of the per-round CPU table. */
const SHORT: Record<Target, string> = { service: 'service', 'nest-floor': 'nest', 'express-floor': 'express', bare: 'bare' };

const HELP = `Usage: node dist/bench/organizations.bench.js [options]   (or: npm run bench -- [options])

  --database-url URL      PostgreSQL server instead of the embedded engine; only used to CREATE
                          and DROP a scratch database bench_<random>         [BENCH_DATABASE_URL]
  --contenders LIST       comma-separated, in the order of round 1; service and bare are required
                          (service,nest-floor,express-floor,bare)          [BENCH_CONTENDERS]
  --duration S            seconds measured per contender and round (10)          [BENCH_DURATION]
  --rounds N              rounds; the order reverses each round (2)                [BENCH_ROUNDS]
  --warmup S              unrecorded load per contender before round 1 (3)         [BENCH_WARMUP]
  --connections N         concurrent HTTP connections (20)                    [BENCH_CONNECTIONS]
  --seed N                organizations created through the API first (200)          [BENCH_SEED]
  --seed-concurrency N    concurrent POSTs while seeding (4)             [BENCH_SEED_CONCURRENCY]
  --pool-size N           the service's DB_POOL_SIZE and the bare server's pool (10, the
                          service default); embedded, the bare server gets at most 4,
                          all its socket has left                              [BENCH_POOL_SIZE]
  --bare-pool-size N      the bare server's pool alone                    [BENCH_BARE_POOL_SIZE]
  --log-level L           the service's LOG_LEVEL (info, the service default) [BENCH_LOG_LEVEL]
  --target PCT            the throughput target, service/bare in percent (60)      [BENCH_TARGET]
  --json FILE             also write the results as JSON to FILE                     [BENCH_JSON]
  --service-cpu-prof DIR  run the service under node --cpu-prof, profile kept in DIR, with
                          DIR/service-rounds.json: the service's measured windows (for
                          node dist/bench/cpu-profile-summary.js DIR)
  --strict                exit with status 2 when the target is missed
  --help                  this text
`;

interface BenchOptions {
  databaseUrl?: string;
  contenders: Target[];
  duration: number;
  rounds: number;
  warmup: number;
  connections: number;
  seed: number;
  seedConcurrency: number;
  poolSize: number;
  barePoolSize: number;
  logLevel: string;
  target: number;
  json?: string;
  cpuProfileDir?: string;
  strict: boolean;
}

/** "others" above this share of a core, where nothing else should run, marks a round as disturbed. */
const NOISE_LIMIT = 0.1;

function contendersOption(value: string | undefined): Target[] {
  if (value === undefined || value === '') return [...CONTENDERS];
  const names = value.split(',').map((name) => name.trim()).filter(Boolean);
  for (const name of names) {
    if (!(CONTENDERS as readonly string[]).includes(name)) throw new UsageError(`--contenders: unknown ${name}; known: ${CONTENDERS.join(', ')}`);
  }
  if (new Set(names).size !== names.length) throw new UsageError('--contenders: a contender is named twice');
  if (!names.includes('service') || !names.includes('bare')) throw new UsageError('--contenders must include service and bare');
  return names as Target[];
}

function readOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      'database-url': { type: 'string' },
      contenders: { type: 'string' },
      duration: { type: 'string' },
      rounds: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      seed: { type: 'string' },
      'seed-concurrency': { type: 'string' },
      'pool-size': { type: 'string' },
      'bare-pool-size': { type: 'string' },
      'log-level': { type: 'string' },
      target: { type: 'string' },
      json: { type: 'string' },
      'service-cpu-prof': { type: 'string' },
      strict: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return 'help';
  const databaseUrl = databaseUrlOption(values['database-url'], env);
  const poolSize = integerOption(values['pool-size'] ?? env.BENCH_POOL_SIZE, '--pool-size', 10, 1, 200);
  const barePoolSize = integerOption(
    values['bare-pool-size'] ?? env.BENCH_BARE_POOL_SIZE,
    '--bare-pool-size',
    databaseUrl ? poolSize : Math.min(poolSize, EMBEDDED_SPARE_CONNECTIONS),
    1,
    200,
  );
  if (!databaseUrl && barePoolSize > EMBEDDED_SPARE_CONNECTIONS) {
    throw new UsageError(
      `on the embedded database the bare server can hold at most ${EMBEDDED_SPARE_CONNECTIONS} connections ` +
        `(the socket keeps ${EMBEDDED_SPARE_CONNECTIONS} beyond the service's pools); use --bare-pool-size ${EMBEDDED_SPARE_CONNECTIONS} or less`,
    );
  }
  const logLevel = logLevelOption(values['log-level'], env);
  return {
    databaseUrl,
    contenders: contendersOption(values.contenders ?? env.BENCH_CONTENDERS),
    duration: numberOption(values.duration ?? env.BENCH_DURATION, '--duration', 10, 1, 600),
    rounds: integerOption(values.rounds ?? env.BENCH_ROUNDS, '--rounds', 2, 1, 20),
    warmup: numberOption(values.warmup ?? env.BENCH_WARMUP, '--warmup', 3, 0, 120),
    connections: integerOption(values.connections ?? env.BENCH_CONNECTIONS, '--connections', 20, 1, 1000),
    seed: integerOption(values.seed ?? env.BENCH_SEED, '--seed', 200, 1, 10_000),
    seedConcurrency: integerOption(values['seed-concurrency'] ?? env.BENCH_SEED_CONCURRENCY, '--seed-concurrency', 4, 1, 64),
    poolSize,
    barePoolSize,
    logLevel,
    target: numberOption(values.target ?? env.BENCH_TARGET, '--target', 60, 1, 1000),
    json: values.json ?? (env.BENCH_JSON || undefined),
    cpuProfileDir: values['service-cpu-prof'] ? resolve(values['service-cpu-prof']) : undefined,
    strict: values.strict ?? false,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// small helpers

const ENTRIES: Record<Target, string> = {
  service: SERVICE_ENTRY,
  'nest-floor': join(__dirname, 'floor-nest-server.js'),
  'express-floor': join(__dirname, 'floor-express-server.js'),
  bare: join(__dirname, 'bare-organizations-server.js'),
};

type Pids = Partial<Record<Target, number>>;

interface CpuSnapshot {
  processes: Partial<Record<Target, number>>;
  bench: number;
  machine?: { busy: number; total: number; interrupts: number; steal: number };
}

function cpuSnapshot(pids: Pids): CpuSnapshot {
  const own = process.cpuUsage();
  const processes: Partial<Record<Target, number>> = {};
  for (const [target, pid] of Object.entries(pids) as Array<[Target, number]>) processes[target] = cpuSeconds(pid);
  return { processes, bench: (own.user + own.system) / 1e6, machine: machineCpu() };
}

/**
 * Cores used during a measurement by each contender's process, the load generator, interrupts (the loopback
 * network stack), the hypervisor's steal, and everything else on the machine.
 */
interface CpuShares {
  processes: Partial<Record<Target, number>>;
  bench: number;
  interrupts?: number;
  steal?: number;
  others?: number;
}

function cpuShares(before: CpuSnapshot, after: CpuSnapshot, seconds: number): CpuShares {
  const processes: Partial<Record<Target, number>> = {};
  for (const target of Object.keys(after.processes) as Target[]) {
    const [a, b] = [before.processes[target], after.processes[target]];
    if (a !== undefined && b !== undefined) processes[target] = (b - a) / seconds;
  }
  const shares: CpuShares = { processes, bench: (after.bench - before.bench) / seconds };
  if (before.machine && after.machine) {
    const busy = (after.machine.busy - before.machine.busy) / seconds;
    shares.interrupts = (after.machine.interrupts - before.machine.interrupts) / seconds;
    shares.steal = (after.machine.steal - before.machine.steal) / seconds;
    const ours = Object.values(processes).reduce((sum, value) => sum + value, 0) + shares.bench;
    shares.others = Math.max(0, busy - ours - shares.interrupts - shares.steal);
  }
  return shares;
}

// ---------------------------------------------------------------------------------------------------------------
// seeding and checking that every contender answers the same

async function seedOrganizations(baseUrl: string, token: string, count: number, concurrency: number): Promise<void> {
  const run = randomBytes(3).toString('hex');
  let next = 0;
  const worker = async () => {
    while (next < count) {
      checkAborted();
      const index = next++;
      const response = await fetch(`${baseUrl}/api/v1/organizations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          name: `Bench Org ${run} ${String(index).padStart(4, '0')}`,
          description: `Seeded by the organizations benchmark (#${index}).`,
          settings: { timezone: 'Asia/Shanghai', tier: index % 3 === 0 ? 'pro' : 'free', seats: 5 + (index % 20) },
        }),
        signal: AbortSignal.timeout(15_000),
      });
      if (response.status !== 201) throw new Error(`seeding: POST /api/v1/organizations answered ${response.status}: ${await response.text()}`);
      await response.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

const PATH = '/api/v1/organizations?limit=20';
const PAGE_HEADERS = ['x-total-count', 'x-limit', 'x-offset'];

async function fetchPage(baseUrl: string, token?: string) {
  const response = await fetch(`${baseUrl}${PATH}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as unknown;
  const headers = Object.fromEntries(PAGE_HEADERS.map((name) => [name, response.headers.get(name)]));
  return { status: response.status, body, headers, contentType: response.headers.get('content-type') };
}

/** The comparison is only fair when both answer the same thing: same status, body and paging headers. */
async function assertSameAnswers(serviceUrl: string, bareUrl: string, token: string, seeded: number): Promise<void> {
  const [service, bare] = await Promise.all([fetchPage(serviceUrl, token), fetchPage(bareUrl, token)]);
  if (service.status !== 200 || bare.status !== 200) {
    throw new Error(`expected 200 from both, got service ${service.status}, bare ${bare.status}`);
  }
  const body = service.body as { items?: unknown[]; total?: number };
  if (body.items?.length !== 20 || body.total !== seeded) {
    throw new Error(`the service answered ${body.items?.length} items of ${body.total}; expected 20 of ${seeded}`);
  }
  if (!isDeepStrictEqual(service.body, bare.body)) {
    throw new Error(`the bodies differ:\nservice: ${JSON.stringify(service.body).slice(0, 600)}\nbare:    ${JSON.stringify(bare.body).slice(0, 600)}`);
  }
  if (!isDeepStrictEqual(service.headers, bare.headers)) {
    throw new Error(`the paging headers differ: service ${JSON.stringify(service.headers)}, bare ${JSON.stringify(bare.headers)}`);
  }
  if (!service.contentType?.startsWith('application/json') || !bare.contentType?.startsWith('application/json')) {
    throw new Error(`content types: service ${service.contentType}, bare ${bare.contentType}`);
  }
  const [serviceDenied, bareDenied] = await Promise.all([fetchPage(serviceUrl), fetchPage(bareUrl)]);
  if (serviceDenied.status !== 401 || bareDenied.status !== 401) {
    throw new Error(`without a token: service ${serviceDenied.status}, bare ${bareDenied.status}; expected 401 from both`);
  }
}

/** One answer as it came off the wire: status, headers in order with their original case, body bytes. */
function rawGet(url: string, token?: string): Promise<{ status: number; headers: Array<[string, string]>; body: Buffer }> {
  return new Promise((resolveAnswer, reject) => {
    const request = httpRequest(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, timeout: 10_000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const headers: Array<[string, string]> = [];
        for (let i = 0; i < response.rawHeaders.length; i += 2) headers.push([response.rawHeaders[i], response.rawHeaders[i + 1]]);
        resolveAnswer({ status: response.statusCode ?? 0, headers, body: Buffer.concat(chunks) });
      });
    });
    request.on('timeout', () => request.destroy(new Error(`GET ${url} timed out`)));
    request.on('error', reject);
    request.end();
  });
}

/** The service's answer as the floors replay it: everything but the headers Node and Express add themselves. */
async function captureServiceAnswer(serviceUrl: string, token: string): Promise<FloorResponse> {
  const answer = await rawGet(`${serviceUrl}${PATH}`, token);
  if (answer.status !== 200) throw new Error(`capturing the service's answer: ${answer.status}`);
  return {
    status: answer.status,
    headers: answer.headers.filter(([name]) => !HOP_HEADERS.has(name.toLowerCase())),
    body: answer.body.toString('utf8'),
  };
}

const headerSet = (headers: Array<[string, string]>) =>
  headers
    .map(([name, value]) => `${name.toLowerCase()}: ${value}`)
    .filter((line) => !line.startsWith('date:') && !line.startsWith('keep-alive:') && !line.startsWith('connection:'))
    .sort();

/** A floor must put the same bytes on the wire as the service: status, body, and every header but Date. */
async function assertFloorAnswers(target: Target, url: string, expected: FloorResponse): Promise<void> {
  const answer = await rawGet(`${url}${PATH}`);
  const body = answer.body.toString('utf8');
  if (answer.status !== expected.status || body !== expected.body) {
    throw new Error(`${target} answered ${answer.status} with ${answer.body.length} bytes; the service ${expected.status} with ${Buffer.byteLength(expected.body)}`);
  }
  const wanted = headerSet([...expected.headers, ['Content-Length', String(Buffer.byteLength(expected.body))]]);
  const got = headerSet(answer.headers);
  if (!isDeepStrictEqual(got, wanted)) {
    throw new Error(`${target}'s headers differ from the service's:\n${target}: ${got.join(' | ')}\nservice: ${wanted.join(' | ')}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// load

/** What autocannon's callback delivers with skipAggregateResult: counters plus encoded histograms. */
interface Measurement {
  target: Target;
  round: number;
  raw: RawRun;
  cpu: CpuShares;
}

// ---------------------------------------------------------------------------------------------------------------
// report

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

function table(rows: string[][], rightAligned: boolean[]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => pad(cell, widths[column], rightAligned[column])).join('  ').trimEnd()).join('\n');
}

const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;

// ---------------------------------------------------------------------------------------------------------------
// main

async function main(): Promise<number> {
  const opts = commandLine(readOptions, HELP);
  if (typeof opts === 'number') return opts;
  for (const target of opts.contenders) {
    if (!existsSync(ENTRIES[target])) {
      process.stderr.write(`${ENTRIES[target]} is missing: run \`npx nest build\` first (npm run bench does)\n`);
      return 1;
    }
  }

  const mode = opts.databaseUrl ? 'postgresql' : 'embedded';
  const contenders = opts.contenders;
  // a bound on the whole run: start-up and seeding budget plus the load phases
  const budgetSeconds =
    240 + 30 * contenders.length + opts.seed * 0.25 + contenders.length * opts.warmup + opts.rounds * contenders.length * (opts.duration + 2);
  const cleanups = new Cleanups(stopLoad);
  const cleanup = cleanups.run;
  const tmp = mkdtempSync(join(tmpdir(), 'mc-bench-'));
  cleanups.add('temp dir', async () => rmSync(tmp, { recursive: true, force: true }));


  const guard = armAbort(budgetSeconds, cleanup, stopLoad);

  const loadBefore = loadavg();
  const token = randomBytes(32).toString('hex');
  const logs = Object.fromEntries(contenders.map((target) => [target, join(tmp, `${target}.log`)])) as Record<Target, string>;
  const children: Partial<Record<Target, ManagedChild>> = {};
  let failedLogs = false;

  const startedChild = (target: Target, child: ManagedChild) => {
    children[target] = child;
    cleanups.add(target, () => child.stop());
  };

  try {
    // --- the database
    let databaseUrlForService: string | undefined;
    let bareDatabaseUrl: string;
    let embeddedPort: number | undefined;
    if (opts.databaseUrl) {
      const scratch = await createScratchDatabase(opts.databaseUrl);
      cleanups.add(`database ${scratch.name}`, scratch.drop);
      databaseUrlForService = scratch.url;
      bareDatabaseUrl = databaseUrlForService;
    } else {
      embeddedPort = await freePort();
      bareDatabaseUrl = `postgres://postgres@${LOOPBACK}:${embeddedPort}/postgres`;
    }

    // --- the service
    const servicePort = await freePort();
    const serviceUrl = `http://${LOOPBACK}:${servicePort}`;
    const serviceEnv: NodeJS.ProcessEnv = {
      ...baseEnvironment(),
      PORT: String(servicePort),
      HOST: LOOPBACK,
      DATA_DIR: join(tmp, 'data'),
      LOCAL_AUTH_TOKEN: token,
      LOG_LEVEL: opts.logLevel,
      DB_POOL_SIZE: String(opts.poolSize),
      ...(databaseUrlForService ? { DATABASE_URL: databaseUrlForService } : { EMBEDDED_DB_PORT: String(embeddedPort) }),
    };
    log(`starting the service on ${serviceUrl} (${mode} database, DB_POOL_SIZE=${opts.poolSize}, LOG_LEVEL=${opts.logLevel})`);
    if (opts.cpuProfileDir) mkdirSync(opts.cpuProfileDir, { recursive: true });
    const service = startService(serviceEnv, logs.service, opts.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfileDir}`] : []);
    startedChild('service', service);
    await waitForReady(serviceUrl, service, 120_000);

    log(`seeding ${opts.seed} organizations through POST /api/v1/organizations, ${opts.seedConcurrency} at a time`);
    const seedStarted = Date.now();
    await seedOrganizations(serviceUrl, token, opts.seed, opts.seedConcurrency);
    log(`seeded in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`);

    // --- the bare server, on the same database
    const bareEnv: NodeJS.ProcessEnv = {
      ...baseEnvironment(),
      BARE_DATABASE_URL: bareDatabaseUrl,
      BARE_TOKEN: token,
      BARE_HOST: LOOPBACK,
      BARE_PORT: '0',
      BARE_POOL_SIZE: String(opts.barePoolSize),
    };
    const bare = await startListener('bare', ENTRIES.bare, bareEnv, logs.bare, 30_000);
    startedChild('bare', bare.child);
    const urls: Partial<Record<Target, string>> = { service: serviceUrl, bare: `http://${LOOPBACK}:${bare.port}` };
    log(`bare server on ${urls.bare} (pool ${opts.barePoolSize})`);

    await assertSameAnswers(serviceUrl, urls.bare!, token, opts.seed);
    log('service and bare server answer the same body and paging headers; 401 without a token');

    // --- the floors: a copy of the service's answer, replayed without any work
    const floors = contenders.filter((target): target is 'nest-floor' | 'express-floor' => target !== 'service' && target !== 'bare');
    let answer: FloorResponse | undefined;
    if (floors.length > 0) {
      answer = await captureServiceAnswer(serviceUrl, token);
      const answerFile = join(tmp, 'floor-response.json');
      writeFileSync(answerFile, JSON.stringify(answer));
      for (const floor of floors) {
        const env: NodeJS.ProcessEnv = { ...baseEnvironment(), FLOOR_RESPONSE_FILE: answerFile, FLOOR_HOST: LOOPBACK, FLOOR_PORT: '0' };
        const started = await startListener(floor, ENTRIES[floor], env, logs[floor], 30_000);
        startedChild(floor, started.child);
        urls[floor] = `http://${LOOPBACK}:${started.port}`;
        await assertFloorAnswers(floor, urls[floor]!, answer);
        log(`${floor} on ${urls[floor]}: the service's status, body (${Buffer.byteLength(answer.body)} bytes) and headers`);
      }
    }

    const loadUrls = Object.fromEntries(contenders.map((target) => [target, `${urls[target]}${PATH}`])) as Record<Target, string>;
    const pids = (): Pids => Object.fromEntries(contenders.map((target) => [target, children[target]?.pid])) as Pids;
    const assertRunning = () => {
      for (const target of contenders) if (!children[target]?.running) throw new Error(`${target} exited during the load`);
    };

    if (opts.warmup > 0) {
      for (const target of contenders) {
        checkAborted();
        log(`warm-up ${target} ${opts.warmup} s`);
        await load(loadUrls[target], token, opts.connections, opts.warmup);
      }
    }

    const measurements: Measurement[] = [];
    const serviceWindows: Array<{ round: number; startUs: number; endUs: number }> = [];
    for (let round = 1; round <= opts.rounds; round++) {
      const order = round % 2 === 1 ? contenders : [...contenders].reverse();
      for (const target of order) {
        checkAborted();
        await sleep(500);
        log(`round ${round}/${opts.rounds}: ${target} ${opts.duration} s x ${opts.connections} connections`);
        const before = cpuSnapshot(pids());
        const startUs = Number(process.hrtime.bigint() / 1000n);
        const raw = await load(loadUrls[target], token, opts.connections, opts.duration);
        const endUs = Number(process.hrtime.bigint() / 1000n);
        const after = cpuSnapshot(pids());
        checkAborted();
        measurements.push({ target, round, raw, cpu: cpuShares(before, after, raw.duration) });
        if (target === 'service') serviceWindows.push({ round, startUs, endUs });
        assertRunning();
      }
    }
    if (opts.cpuProfileDir) {
      // CLOCK_MONOTONIC microseconds, the clock of the profile's startTime/endTime on Linux
      writeFileSync(
        join(opts.cpuProfileDir, 'service-rounds.json'),
        `${JSON.stringify({ pid: service.pid, mode, logLevel: opts.logLevel, windows: serviceWindows }, null, 2)}\n`,
      );
    }

    // --- report
    const summaries = Object.fromEntries(
      contenders.map((target) => [
        target,
        summarize(measurements.filter((m) => m.target === target).map((m) => m.raw), loadUrls[target], opts.connections),
      ]),
    ) as Record<Target, Summary>;
    const bareRate = summaries.bare.requestsPerSecond;
    const ratios = Object.fromEntries(contenders.map((target) => [target, summaries[target].requestsPerSecond / bareRate])) as Record<Target, number>;
    const ratio = ratios.service;
    const pass = ratio * 100 >= opts.target;
    const valid = contenders.every((target) => summaries[target].failures === 0);

    const cpu = cpus();
    const pct = (value: number | undefined, digits = 0) => (value === undefined ? '-' : `${(value * 100).toFixed(digits)} %`);
    const header = [
      `GET ${PATH}  (${mode} database${mode === 'postgresql' ? `, ${redactUrl(opts.databaseUrl!)}` : ', PGlite inside the service process'})`,
      `${opts.connections} connections, ${opts.rounds} x ${opts.duration} s per contender (order reversing each round), warm-up ${opts.warmup} s, ${opts.seed} organizations`,
      `pools: service DB_POOL_SIZE=${opts.poolSize}, bare ${opts.barePoolSize}; service LOG_LEVEL=${opts.logLevel}; node ${process.version}; ${cpu.length} x ${cpu[0]?.model.trim() ?? 'unknown CPU'}`,
      ...(answer ? [`floors answer a copy of the service's answer: ${Buffer.byteLength(answer.body)} body bytes, ${answer.headers.length} headers`] : []),
      `load average before the run ${loadBefore.map((n) => n.toFixed(2)).join(' ')}, after ${loadavg().map((n) => n.toFixed(2)).join(' ')}`,
    ];
    const rows = [
      ['', 'req/s', 'of bare', 'p50', 'p99', 'mean', 'requests', 'failed'],
      ...contenders.map((target) => {
        const s = summaries[target];
        return [LABELS[target], s.requestsPerSecond.toFixed(0), pct(ratios[target], 1), ms(s.p50), ms(s.p99), ms(s.average), String(s.requests), String(s.failures)];
      }),
    ];
    const lines = [
      `service / bare: ${pct(ratio, 1)} (p50 x${(summaries.service.p50 / summaries.bare.p50).toFixed(2)}, p99 x${(summaries.service.p99 / summaries.bare.p99).toFixed(2)})` +
        `  target >= ${opts.target} %: ${pass ? 'PASS' : 'FAIL'}${valid ? '' : '  (INVALID: some requests failed)'}`,
    ];
    let floorVerdict: string | undefined;
    if (contenders.includes('nest-floor')) {
      const floorRatio = ratios['nest-floor'];
      lines.push(`service / NestJS floor: ${pct(summaries.service.requestsPerSecond / summaries['nest-floor'].requestsPerSecond, 1)} of what NestJS on Express does with no work at all`);
      floorVerdict =
        floorRatio * 100 < opts.target
          ? `NestJS floor / bare: ${pct(floorRatio, 1)} < ${opts.target} %: even an empty NestJS-on-Express handler misses the target here; no service on this stack can meet it`
          : `NestJS floor / bare: ${pct(floorRatio, 1)} >= ${opts.target} %: the stack leaves room for the target; the rest is the service's own work`;
      lines.push(floorVerdict);
    }
    if (contenders.includes('express-floor')) {
      lines.push(`Express floor / bare: ${pct(ratios['express-floor'], 1)}`);
      if (contenders.includes('nest-floor')) {
        lines.push(`NestJS floor / Express floor: ${pct(summaries['nest-floor'].requestsPerSecond / summaries['express-floor'].requestsPerSecond, 1)} (what Nest keeps of plain Express)`);
      }
    }
    // rounds in which nothing outside the contenders should have run: every embedded round, and on PostgreSQL
    // the floors' rounds (PostgreSQL idles while they answer)
    const noisy = measurements.filter(
      (m) => (mode === 'embedded' || (m.target !== 'service' && m.target !== 'bare')) && (m.cpu.others ?? 0) > NOISE_LIMIT,
    );
    if (noisy.length > 0) {
      lines.push(
        `NOISY: other processes used more than ${pct(NOISE_LIMIT)} of a core in ${noisy.length} round(s) ` +
          `(${noisy.map((m) => `${m.round}/${m.target} ${pct(m.cpu.others)}`).join(', ')}); repeat the run on a quiet machine`,
      );
    }
    const roundRows = [
      ['round', 'contender', 'req/s', 'p50', 'p99', ...contenders.map((target) => SHORT[target]), 'bench', 'irq', 'steal', mode === 'embedded' ? 'others' : 'others (incl. PostgreSQL)'],
      ...measurements.map((m) => {
        const one = summarize([m.raw], loadUrls[m.target], opts.connections);
        return [
          String(m.round),
          m.target,
          one.requestsPerSecond.toFixed(0),
          ms(one.p50),
          ms(one.p99),
          ...contenders.map((target) => pct(m.cpu.processes[target])),
          pct(m.cpu.bench),
          pct(m.cpu.interrupts),
          pct(m.cpu.steal),
          pct(m.cpu.others),
        ];
      }),
    ];
    process.stdout.write(
      `\n${header.join('\n')}\n\n${table(rows, [false, true, true, true, true, true, true, true])}\n\n${lines.join('\n')}\n\n` +
        `per round, the CPU used during it (100 % = one core of ${cpu.length}; bench = this process, the load generator; ` +
        `irq = interrupts and soft interrupts, mostly loopback networking; steal = taken by the hypervisor):\n` +
        `${table(roundRows, [true, false, true, true, true, ...contenders.map(() => true), true, true, true, true])}\n\n`,
    );

    if (opts.json) {
      writeFileSync(
        opts.json,
        `${JSON.stringify(
          {
            mode,
            path: PATH,
            options: { ...opts, databaseUrl: opts.databaseUrl ? redactUrl(opts.databaseUrl) : undefined },
            node: process.version,
            cpus: cpu.length,
            cpuModel: cpu[0]?.model.trim(),
            loadBefore,
            loadAfter: loadavg(),
            answerBytes: answer ? Buffer.byteLength(answer.body) : undefined,
            contenders: Object.fromEntries(contenders.map((target) => [target, { ...summaries[target], ratioToBare: ratios[target] }])),
            ratio,
            target: opts.target / 100,
            pass,
            valid,
            noisyRounds: noisy.length,
            rounds: measurements.map((m) => ({
              round: m.round,
              target: m.target,
              ...summarize([m.raw], loadUrls[m.target], opts.connections),
              cpu: m.cpu,
            })),
          },
          null,
          2,
        )}\n`,
      );
    }
    if (!valid) return 1;
    return !pass && opts.strict ? 2 : 0;
  } catch (error) {
    failedLogs = !(error instanceof Aborted);
    log(error instanceof Aborted ? `aborted: ${error.message}` : `failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    return 1;
  } finally {
    if (failedLogs) {
      for (const [name, path] of Object.entries(logs)) {
        const text = tail(path);
        if (text.trim()) log(`last lines of the ${name} log:\n${text}`);
      }
    }
    log('stopping everything');
    await cleanup();
    guard.disarm();
  }
}

runBenchmark(main);
