/**
 * Benchmark: live board sync fan-out. One board, one task, N sockets on `/ws/board/{id}/sync`.
 *   - phase A: sequential `PATCH /api/v1/tasks/{id}` with no socket listening: REST latency;
 *   - phase B: the same with N sockets (500) on the board: REST latency, and for every update the delay from
 *     just before the PATCH is sent to each socket receiving the matching `task.updated` frame; the fan-out
 *     time of an update is when the LAST socket got it; every socket must get every update;
 *   - phase A again after the sockets closed, to show the 0-socket figure did not drift during the run.
 * Prints REST p50/p95/p99 with 0 and N sockets and their ratio, fan-out and per-socket delivery percentiles,
 * and delivery counts. Exits 1 when a frame was lost, a socket was refused or closed, or anything failed.
 *
 *   npm run bench:board-sync                                  embedded database (PGlite inside the service)
 *   npm run bench:board-sync -- --database-url postgres://postgres@127.0.0.1:5432/postgres
 *                                                             a PostgreSQL server (scratch database created and dropped)
 *   node dist/bench/board-sync.bench.js --help                every option
 *
 * The load generator (all client sockets and the REST client) runs in this one process, on the same machine
 * as the service. See docs/BENCHMARKS.md for what is measured and the numbers of the last run.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';

import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { WebSocket } from 'ws';
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
  ms,
  redactUrl,
  runBenchmark,
  SERVICE_ENTRY,
  sleep,
  startService,
  stats,
  table,
  tail,
  waitForReady,
} from './harness';

// ---------------------------------------------------------------------------------------------------------------
// options

const HELP = `Usage: node dist/bench/board-sync.bench.js [options]   (or: npm run bench:board-sync -- [options])

  --database-url URL   PostgreSQL server instead of the embedded engine; only used to CREATE
                       and DROP a scratch database bench_<random>            [BENCH_DATABASE_URL]
  --sockets N          sockets on the board in phase B (500)                    [BENCH_SOCKETS]
  --batch N            sockets opened at once while connecting (50)               [BENCH_BATCH]
  --updates N          measured PATCH updates per phase (200)                   [BENCH_UPDATES]
  --warmup N           unrecorded updates before each phase (50)                 [BENCH_WARMUP]
  --frame-timeout MS   how long an update's frames may take to reach every socket (10000)
                                                                          [BENCH_FRAME_TIMEOUT]
  --log-level L        the service's LOG_LEVEL (info, the service default)    [BENCH_LOG_LEVEL]
  --json FILE          also write the results as JSON to FILE                        [BENCH_JSON]
  --help               this text
`;

interface BenchOptions {
  databaseUrl?: string;
  sockets: number;
  batch: number;
  updates: number;
  warmup: number;
  frameTimeoutMs: number;
  logLevel: string;
  json?: string;
}

function readOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      'database-url': { type: 'string' },
      sockets: { type: 'string' },
      batch: { type: 'string' },
      updates: { type: 'string' },
      warmup: { type: 'string' },
      'frame-timeout': { type: 'string' },
      'log-level': { type: 'string' },
      json: { type: 'string' },
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
    sockets: integerOption(values.sockets ?? env.BENCH_SOCKETS, '--sockets', 500, 1, 20_000),
    batch: integerOption(values.batch ?? env.BENCH_BATCH, '--batch', 50, 1, 1000),
    updates: integerOption(values.updates ?? env.BENCH_UPDATES, '--updates', 200, 1, 10_000),
    warmup: integerOption(values.warmup ?? env.BENCH_WARMUP, '--warmup', 50, 0, 1000),
    frameTimeoutMs: integerOption(values['frame-timeout'] ?? env.BENCH_FRAME_TIMEOUT, '--frame-timeout', 10_000, 100, 120_000),
    logLevel,
    json: values.json ?? (env.BENCH_JSON || undefined),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// small helpers

/** Busy CPU seconds of the whole machine so far, all cores (Linux /proc/stat); undefined elsewhere. */
function machineBusySeconds(): number | undefined {
  try {
    const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
    return (user + nice + system + irq + softirq + (steal || 0)) / 100;
  } catch {
    return undefined;
  }
}

const ownCpuSeconds = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

// ---------------------------------------------------------------------------------------------------------------
// the service


// ---------------------------------------------------------------------------------------------------------------
// REST: one keep-alive connection, plain node:http (less client overhead than fetch)

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function api(baseUrl: string, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolveAnswer, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const request = httpRequest(
      `${baseUrl}${path}`,
      {
        method,
        agent,
        timeout: 15_000,
        headers: {
          authorization: `Bearer ${token}`,
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => resolveAnswer({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    request.on('timeout', () => request.destroy(new Error(`${method} ${path} timed out`)));
    request.on('error', reject);
    request.end(payload);
  });
}

async function create(baseUrl: string, token: string, path: string, body: unknown): Promise<string> {
  const answer = await api(baseUrl, token, 'POST', path, body);
  if (answer.status !== 201 && answer.status !== 200) throw new Error(`POST ${path} answered ${answer.status}: ${answer.body.slice(0, 400)}`);
  return (JSON.parse(answer.body) as { id: string }).id;
}

// ---------------------------------------------------------------------------------------------------------------
// the sockets

/** An update in flight: its title, when the PATCH was about to be sent, and when each socket got its frame. */
interface Pending {
  title: string;
  sentAt: number;
  received: Float64Array; // per socket, ms after sentAt; NaN until received
  count: number;
  done: () => void;
}

const pendingByTitle = new Map<string, Pending>();
let unmatchedFrames = 0;
let otherFrames = 0;

interface Listener {
  index: number;
  ws: WebSocket;
  closed?: string;
}

function openSocket(url: string, index: number, timeoutMs: number): Promise<Listener> {
  return new Promise((resolveSocket, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: timeoutMs });
    const listener: Listener = { index, ws };
    let ready = false;
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`socket ${index}: no board.state after ${timeoutMs / 1000} s`));
    }, timeoutMs);
    ws.on('message', (data: Buffer) => {
      const at = performance.now();
      let frame: { type?: string; task?: { title?: string } };
      try {
        frame = JSON.parse(data.toString('utf8'));
      } catch {
        otherFrames++;
        return;
      }
      if (frame.type === 'task.updated') {
        const pending = frame.task?.title === undefined ? undefined : pendingByTitle.get(frame.task.title);
        if (!pending) {
          unmatchedFrames++;
          return;
        }
        if (Number.isNaN(pending.received[index])) {
          pending.received[index] = at - pending.sentAt;
          if (++pending.count === pending.received.length) pending.done();
        }
        return;
      }
      if (frame.type === 'board.state' && !ready) {
        ready = true;
        clearTimeout(timer);
        resolveSocket(listener);
        return;
      }
      otherFrames++;
    });
    ws.on('unexpected-response', (_request, response) => {
      clearTimeout(timer);
      reject(new Error(`socket ${index}: upgrade refused with HTTP ${response.statusCode}`));
      ws.terminate();
    });
    ws.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`socket ${index}: ${error.message}`));
    });
    ws.on('close', (code, reason) => {
      listener.closed = `${code} ${reason.toString()}`.trim();
      clearTimeout(timer);
      if (!ready) reject(new Error(`socket ${index} closed before board.state: ${listener.closed}`));
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// one phase: sequential updates

interface UpdateResult {
  restMs: number;
  /** when the last socket got the frame; undefined with no sockets or when a frame was lost */
  fanOutMs?: number;
  delivered: number;
  perSocket: Float64Array;
}

async function runUpdates(
  label: string,
  count: number,
  sockets: number,
  frameTimeoutMs: number,
  patch: (title: string) => Promise<void>,
  run: string,
): Promise<UpdateResult[]> {
  const results: UpdateResult[] = [];
  for (let i = 0; i < count; i++) {
    checkAborted();
    const title = `bench ${run} ${label} #${i}`;
    let done!: () => void;
    const allReceived = new Promise<void>((resolveAll) => (done = resolveAll));
    const pending: Pending = { title, sentAt: 0, received: new Float64Array(sockets).fill(NaN), count: 0, done };
    if (sockets === 0) done();
    pendingByTitle.set(title, pending);
    pending.sentAt = performance.now();
    await patch(title);
    const restMs = performance.now() - pending.sentAt;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([allReceived, new Promise<void>((resolveLate) => (timer = setTimeout(resolveLate, frameTimeoutMs)))]);
    clearTimeout(timer);
    pendingByTitle.delete(title);
    const complete = pending.count === sockets;
    let last = 0;
    if (complete) for (const value of pending.received) last = Math.max(last, value);
    results.push({ restMs, fanOutMs: sockets > 0 && complete ? last : undefined, delivered: pending.count, perSocket: pending.received });
  }
  return results;
}

// ---------------------------------------------------------------------------------------------------------------
// main

async function main(): Promise<number> {
  const opts = commandLine(readOptions, HELP);
  if (typeof opts === 'number') return opts;
  if (!existsSync(SERVICE_ENTRY)) {
    process.stderr.write(`${SERVICE_ENTRY} is missing: run \`npx nest build\` first (npm run bench:board-sync does)\n`);
    return 1;
  }
  const mode = opts.databaseUrl ? 'postgresql' : 'embedded';

  // a bound on the whole run: start-up, connecting, and three phases at a generous 200 ms per update
  const budgetSeconds = 240 + opts.sockets * 0.1 + (3 * (opts.updates + opts.warmup) * 0.2) + (opts.frameTimeoutMs / 1000) * 5;
  const cleanups = new Cleanups();
  const cleanup = cleanups.run;
  const tmp = mkdtempSync(join(tmpdir(), 'mc-bench-sync-'));
  cleanups.add('temp dir', async () => rmSync(tmp, { recursive: true, force: true }));
  cleanups.add('http agent', async () => agent.destroy());
  const listeners: Listener[] = [];
  const opening = new Set<Promise<Listener>>();

  const guard = armAbort(budgetSeconds, cleanup);

  const loadBefore = loadavg();
  const token = randomBytes(32).toString('hex');
  const serviceLog = join(tmp, 'service.log');
  let failedLogs = false;

  try {
    // --- the database
    let databaseUrlForService: string | undefined;
    let embeddedPort: number | undefined;
    if (opts.databaseUrl) {
      const scratch = await createScratchDatabase(opts.databaseUrl);
      cleanups.add(`database ${scratch.name}`, scratch.drop);
      databaseUrlForService = scratch.url;
    } else {
      embeddedPort = await freePort();
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
      ...(databaseUrlForService ? { DATABASE_URL: databaseUrlForService } : { EMBEDDED_DB_PORT: String(embeddedPort) }),
    };
    log(`starting the service on ${serviceUrl} (${mode} database, LOG_LEVEL=${opts.logLevel})`);
    const service = startService(serviceEnv, serviceLog);
    cleanups.add('service', () => service.stop());
    await waitForReady(serviceUrl, service, 120_000);

    // --- one organization, board and task
    const run = randomBytes(3).toString('hex');
    const orgId = await create(serviceUrl, token, '/api/v1/organizations', { name: `Board sync bench ${run}` });
    const boardId = await create(serviceUrl, token, '/api/v1/boards', { organization_id: orgId, name: `Board sync bench ${run}` });
    const taskId = await create(serviceUrl, token, '/api/v1/tasks', { board_id: boardId, title: `bench ${run} seed` });
    log(`seeded organization ${orgId}, board ${boardId}, task ${taskId}`);

    const patch = async (title: string) => {
      const answer = await api(serviceUrl, token, 'PATCH', `/api/v1/tasks/${taskId}`, { title });
      if (answer.status !== 200) throw new Error(`PATCH /api/v1/tasks/${taskId} answered ${answer.status}: ${answer.body.slice(0, 400)}`);
    };
    const assertRunning = () => {
      if (!service.running) throw new Error(`the service exited:\n${tail(serviceLog)}`);
    };
    const cpuWindow = () => {
      const start = { at: performance.now(), service: cpuSeconds(service.pid), bench: ownCpuSeconds(), machine: machineBusySeconds() };
      return () => {
        const seconds = (performance.now() - start.at) / 1000;
        const serviceNow = cpuSeconds(service.pid);
        const machineNow = machineBusySeconds();
        const serviceShare = serviceNow !== undefined && start.service !== undefined ? (serviceNow - start.service) / seconds : undefined;
        const bench = (ownCpuSeconds() - start.bench) / seconds;
        const busy = machineNow !== undefined && start.machine !== undefined ? (machineNow - start.machine) / seconds : undefined;
        return {
          seconds,
          service: serviceShare,
          bench,
          // everything else on the machine, loopback interrupts included (PostgreSQL too on that leg)
          others: busy !== undefined && serviceShare !== undefined ? Math.max(0, busy - serviceShare - bench) : undefined,
        };
      };
    };

    // --- phase A: no socket
    log(`phase A: ${opts.warmup} warm-up + ${opts.updates} updates, no socket`);
    await runUpdates('warmA', opts.warmup, 0, opts.frameTimeoutMs, patch, run);
    let endCpu = cpuWindow();
    const phaseA = await runUpdates('A', opts.updates, 0, opts.frameTimeoutMs, patch, run);
    const cpuA = endCpu();
    assertRunning();

    // --- phase B: N sockets
    const wsUrl = `ws://${LOOPBACK}:${servicePort}/ws/board/${boardId}/sync?token=${token}`;
    cleanups.add('sockets', async () => {
      await Promise.allSettled([...opening]);
      for (const listener of listeners) listener.ws.terminate();
    });
    const connectStarted = performance.now();
    for (let first = 0; first < opts.sockets; first += opts.batch) {
      checkAborted();
      const batch = Array.from({ length: Math.min(opts.batch, opts.sockets - first) }, (_, k) => {
        const opened = openSocket(wsUrl, first + k, 30_000);
        opening.add(opened);
        return opened.then((listener) => {
          listeners.push(listener);
          return listener;
        }).finally(() => opening.delete(opened));
      });
      const settled = await Promise.allSettled(batch);
      const refused = settled.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (refused.length > 0) {
        throw new Error(`${refused.length} of ${batch.length} sockets of batch ${first / opts.batch + 1} failed; first: ${String(refused[0].reason)}`);
      }
    }
    listeners.sort((a, b) => a.index - b.index);
    const connectSeconds = (performance.now() - connectStarted) / 1000;
    log(`${listeners.length} sockets open, each got board.state, in ${connectSeconds.toFixed(1)} s (batches of ${opts.batch})`);

    log(`phase B: ${opts.warmup} warm-up + ${opts.updates} updates, ${opts.sockets} sockets`);
    const warmB = await runUpdates('warmB', opts.warmup, opts.sockets, opts.frameTimeoutMs, patch, run);
    endCpu = cpuWindow();
    const phaseB = await runUpdates('B', opts.updates, opts.sockets, opts.frameTimeoutMs, patch, run);
    const cpuB = endCpu();
    assertRunning();
    await sleep(200); // late frames of the last update would count as unmatched
    const closedDuringB = listeners.filter((listener) => listener.closed);

    // --- phase A again: sockets closed
    for (const listener of listeners) listener.ws.close(1000, 'bench done');
    await sleep(1000);
    log(`phase A2: ${opts.warmup} warm-up + ${opts.updates} updates, sockets closed`);
    await runUpdates('warmA2', opts.warmup, 0, opts.frameTimeoutMs, patch, run);
    endCpu = cpuWindow();
    const phaseA2 = await runUpdates('A2', opts.updates, 0, opts.frameTimeoutMs, patch, run);
    const cpuA2 = endCpu();
    assertRunning();

    // --- report
    const restA = stats(phaseA.map((r) => r.restMs));
    const restB = stats(phaseB.map((r) => r.restMs));
    const restA2 = stats(phaseA2.map((r) => r.restMs));
    const fanOut = stats(phaseB.filter((r) => r.fanOutMs !== undefined).map((r) => r.fanOutMs!));
    const perSocket: number[] = [];
    for (const r of phaseB) for (const value of r.perSocket) if (!Number.isNaN(value)) perSocket.push(value);
    const delivery = stats(perSocket);
    const firstSocket = stats(phaseB.map((r) => Math.min(...Array.from(r.perSocket).filter((v) => !Number.isNaN(v)))).filter(Number.isFinite));
    const expected = opts.updates * opts.sockets;
    const delivered = phaseB.reduce((sum, r) => sum + r.delivered, 0);
    const incomplete = phaseB.filter((r) => r.delivered !== opts.sockets).length + warmB.filter((r) => r.delivered !== opts.sockets).length;
    const warmLost = warmB.reduce((sum, r) => sum + (opts.sockets - r.delivered), 0);
    const lost = expected - delivered + warmLost;
    const ok = lost === 0 && closedDuringB.length === 0;

    const cpu = cpus();
    const pct = (value: number | undefined) => (value === undefined ? '-' : `${(value * 100).toFixed(0)} %`);
    const ratio = (p: 'p50' | 'p95' | 'p99') => (restB[p] / restA[p]).toFixed(2);
    const rows = [
      ['', 'updates', 'p50', 'p95', 'p99', 'max', 'mean', 'service CPU', 'bench CPU', 'others CPU'],
      ['REST PATCH, 0 sockets', String(restA.count), ms(restA.p50), ms(restA.p95), ms(restA.p99), ms(restA.max), ms(restA.mean), pct(cpuA.service), pct(cpuA.bench), pct(cpuA.others)],
      [`REST PATCH, ${opts.sockets} sockets`, String(restB.count), ms(restB.p50), ms(restB.p95), ms(restB.p99), ms(restB.max), ms(restB.mean), pct(cpuB.service), pct(cpuB.bench), pct(cpuB.others)],
      ['REST PATCH, 0 sockets again', String(restA2.count), ms(restA2.p50), ms(restA2.p95), ms(restA2.p99), ms(restA2.max), ms(restA2.mean), pct(cpuA2.service), pct(cpuA2.bench), pct(cpuA2.others)],
      ['fan-out: last socket got it', String(fanOut.count), ms(fanOut.p50), ms(fanOut.p95), ms(fanOut.p99), ms(fanOut.max), ms(fanOut.mean), '', '', ''],
      ['first socket got it', String(firstSocket.count), ms(firstSocket.p50), ms(firstSocket.p95), ms(firstSocket.p99), ms(firstSocket.max), ms(firstSocket.mean), '', '', ''],
      ['every delivery (per socket)', String(delivery.count), ms(delivery.p50), ms(delivery.p95), ms(delivery.p99), ms(delivery.max), ms(delivery.mean), '', '', ''],
    ];
    const header = [
      `board sync: PATCH /api/v1/tasks/{id} (title) and task.updated on /ws/board/{id}/sync  (${mode} database${opts.databaseUrl ? `, ${redactUrl(opts.databaseUrl)}` : ', PGlite inside the service process'})`,
      `${opts.sockets} sockets on one board (opened in ${connectSeconds.toFixed(1)} s, batches of ${opts.batch}), ${opts.updates} sequential updates per phase after ${opts.warmup} warm-up; ` +
        `each update waits for every socket before the next`,
      `service LOG_LEVEL=${opts.logLevel}; node ${process.version}; ${cpu.length} x ${cpu[0]?.model.trim() ?? 'unknown CPU'} shared by the service and this load generator (${opts.sockets} client sockets, one process)`,
      `load average before the run ${loadBefore.map((n) => n.toFixed(2)).join(' ')}, after ${loadavg().map((n) => n.toFixed(2)).join(' ')}`,
      `times in ms from just before the PATCH is written; CPU = share of one core during the measured updates (others = rest of the machine${opts.databaseUrl ? ', PostgreSQL included' : ''})`,
    ];
    const lines = [
      `REST latency ${opts.sockets}/0 sockets: p50 x${ratio('p50')}, p95 x${ratio('p95')}, p99 x${ratio('p99')}`,
      `frames: ${delivered} of ${expected} delivered in the measured updates (${opts.updates} x ${opts.sockets}), ${warmLost} lost in warm-up, ` +
        `${incomplete} update(s) incomplete; ${unmatchedFrames} unmatched task.updated frame(s), ${otherFrames} other frame(s); ` +
        `${closedDuringB.length} socket(s) closed during phase B`,
      ok ? 'every socket got every update: OK' : `LOST FRAMES OR SOCKETS: ${lost} frame(s) lost${closedDuringB.length ? `, closed: ${closedDuringB.slice(0, 3).map((l) => `#${l.index} ${l.closed}`).join(', ')}` : ''}`,
    ];
    process.stdout.write(`\n${header.join('\n')}\n\n${table(rows)}\n\n${lines.join('\n')}\n\n`);

    if (opts.json) {
      writeFileSync(
        opts.json,
        `${JSON.stringify(
          {
            mode,
            options: { ...opts, databaseUrl: opts.databaseUrl ? redactUrl(opts.databaseUrl) : undefined },
            node: process.version,
            cpus: cpu.length,
            cpuModel: cpu[0]?.model.trim(),
            loadBefore,
            loadAfter: loadavg(),
            connectSeconds,
            rest: { zero: restA, sockets: restB, zeroAgain: restA2 },
            ratio: { p50: restB.p50 / restA.p50, p95: restB.p95 / restA.p95, p99: restB.p99 / restA.p99 },
            fanOut,
            firstSocket,
            delivery,
            cpu: { zero: cpuA, sockets: cpuB, zeroAgain: cpuA2 },
            frames: { expected, delivered, warmupLost: warmLost, incompleteUpdates: incomplete, unmatched: unmatchedFrames, other: otherFrames },
            closedDuringB: closedDuringB.map((l) => ({ index: l.index, closed: l.closed })),
            ok,
          },
          null,
          2,
        )}\n`,
      );
    }
    if (!ok) failedLogs = true;
    return ok ? 0 : 1;
  } catch (error) {
    failedLogs = !(error instanceof Aborted);
    log(error instanceof Aborted ? `aborted: ${error.message}` : `failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    return 1;
  } finally {
    if (failedLogs) {
      const text = tail(serviceLog);
      if (text.trim()) log(`last lines of the service log:\n${text}`);
    }
    log('stopping everything');
    await cleanup();
    guard.disarm();
  }
}

runBenchmark(main);
