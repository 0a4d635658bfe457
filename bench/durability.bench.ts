/**
 * Benchmark: what the embedded engine's durability costs.
 * The compiled service runs twice on the embedded engine, with EMBEDDED_DB_FSYNC=on (every commit flushed to
 * disk before it is answered, with group commit: the default) and =off (commits reach the OS but are not flushed:
 * safe against a process crash, not against a power loss). Alternating rounds, the same load each time:
 *   - panel log pushes: POST /api/events/log (concurrent pushes are batched into one INSERT)
 *   - organisation creates: POST /api/v1/organizations (one transaction each, with its audit row)
 *   - a list route: GET /api/v1/organizations?limit=20 (reads; they wait only while a flush is due)
 *
 *   npm run bench:durability
 *   node dist/bench/durability.bench.js --help
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import {
  baseEnvironment,
  commandLine,
  freePort,
  integerOption,
  log,
  LOOPBACK,
  ManagedChild,
  runBenchmark,
  startService,
  table,
  waitForReady,
} from './harness';

const HELP = `Usage: node dist/bench/durability.bench.js [options]   (or: npm run bench:durability -- [options])

  --rounds N        alternating rounds of both settings (2)                   [BENCH_ROUNDS]
  --seconds N       load per route and round (8)                             [BENCH_SECONDS]
  --connections N   concurrent clients (16)                              [BENCH_CONNECTIONS]
  --help            this text
`;

interface Options {
  rounds: number;
  seconds: number;
  connections: number;
}

function readOptions(argv: string[], env: NodeJS.ProcessEnv): Options | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: { rounds: { type: 'string' }, seconds: { type: 'string' }, connections: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) return 'help';
  return {
    rounds: integerOption(values.rounds ?? env.BENCH_ROUNDS, '--rounds', 2, 1, 20),
    seconds: integerOption(values.seconds ?? env.BENCH_SECONDS, '--seconds', 8, 1, 600),
    connections: integerOption(values.connections ?? env.BENCH_CONNECTIONS, '--connections', 16, 1, 1_000),
  };
}

const SETTINGS = ['on', 'off'] as const;
type Setting = (typeof SETTINGS)[number];

interface Route {
  label: string;
  method: 'GET' | 'POST';
  path: string;
  body?: (sequence: number) => unknown;
}

const ROUTES: Route[] = [
  { label: 'POST /api/events/log', method: 'POST', path: '/api/events/log', body: (n) => ({ source: 'system', type: 'bench', summary: `entry ${n}` }) },
  { label: 'POST /api/v1/organizations', method: 'POST', path: '/api/v1/organizations', body: (n) => ({ name: `Durability ${process.pid}-${n}` }) },
  { label: 'GET /api/v1/organizations?limit=20', method: 'GET', path: '/api/v1/organizations?limit=20' },
];

interface Result {
  rate: number;
  p50: number;
  p99: number;
  errors: number;
}

let sequence = 0;

function load(baseUrl: string, token: string, route: Route, options: Options): Promise<Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `${baseUrl}${route.path}`,
        method: route.method,
        connections: options.connections,
        duration: options.seconds,
        timeout: 10,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        requests: [{ setupRequest: (request) => ({ ...request, ...(route.body ? { body: JSON.stringify(route.body((sequence += 1))) } : {}) }) }],
      },
      (error, result) => {
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        resolve({ rate: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx });
      },
    );
  });
}

async function startWith(setting: Setting, dataDir: string, token: string, logPath: string): Promise<{ child: ManagedChild; baseUrl: string }> {
  const port = await freePort();
  const child = startService(
    { ...baseEnvironment(), PORT: String(port), HOST: LOOPBACK, DATA_DIR: dataDir, LOG_LEVEL: 'warn', LOCAL_AUTH_TOKEN: token, EMBEDDED_DB_FSYNC: setting },
    logPath,
  );
  const baseUrl = `http://${LOOPBACK}:${port}`;
  await waitForReady(baseUrl, child, 120_000);
  return { child, baseUrl };
}

async function main(): Promise<number> {
  const options = commandLine(readOptions, HELP);
  if (typeof options === 'number') return options;
  const work = mkdtempSync(join(tmpdir(), 'bench-durability-'));
  const token = `bench-durability-${Date.now()}-token`;
  const results = new Map<string, Result[]>();
  try {
    for (let round = 1; round <= options.rounds; round += 1) {
      for (const setting of round % 2 === 1 ? SETTINGS : [...SETTINGS].reverse()) {
        const { child, baseUrl } = await startWith(setting, join(work, `data-${setting}`), token, join(work, `service-${setting}.log`));
        try {
          for (const route of ROUTES) {
            log(`round ${round}, fsync ${setting}: ${route.label}`);
            const result = await load(baseUrl, token, route, options);
            const key = `${route.label}|${setting}`;
            results.set(key, [...(results.get(key) ?? []), result]);
          }
        } finally {
          await child.stop();
        }
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const rows = [['route', 'fsync on req/s', 'p50 / p99 ms', 'fsync off req/s', 'p50 / p99 ms', 'on / off', 'errors']];
  for (const route of ROUTES) {
    const [on, off] = SETTINGS.map((setting) => results.get(`${route.label}|${setting}`) ?? []);
    const rate = (runs: Result[]) => mean(runs.map((run) => run.rate));
    const latency = (runs: Result[]) => `${mean(runs.map((run) => run.p50)).toFixed(1)} / ${mean(runs.map((run) => run.p99)).toFixed(1)}`;
    rows.push([
      route.label,
      rate(on).toFixed(0),
      latency(on),
      rate(off).toFixed(0),
      latency(off),
      `${((rate(on) / rate(off)) * 100).toFixed(1)} %`,
      String([...on, ...off].reduce((sum, run) => sum + run.errors, 0)),
    ]);
  }
  process.stdout.write(`\nEmbedded engine, ${options.connections} connections, ${options.seconds} s per route, ${options.rounds} alternating rounds\n${table(rows)}\n`);
  return 0;
}

runBenchmark(main);
