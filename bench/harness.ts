// What the benchmarks share: options, child processes, ports, scratch databases, aborting.
import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export class UsageError extends Error {}

/** The options of a run, or the exit code when there is nothing to run (help: 0, bad usage: 64). */
export function commandLine<T>(read: (argv: string[], env: NodeJS.ProcessEnv) => T | 'help', help: string): T | number {
  try {
    const options = read(process.argv.slice(2), process.env);
    if (options !== 'help') return options;
    process.stdout.write(help);
    return 0;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${help}`);
    return 64;
  }
}

export function numberOption(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < min || parsed > max) throw new UsageError(`${name} must be a number in ${min}..${max}`);
  return parsed;
}

export function integerOption(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  const parsed = numberOption(value, name, fallback, min, max);
  if (!Number.isInteger(parsed)) throw new UsageError(`${name} must be an integer`);
  return parsed;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** `--database-url` (or BENCH_DATABASE_URL): a PostgreSQL server, or undefined for the embedded engine. */
export function databaseUrlOption(value: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const url = value ?? (env.BENCH_DATABASE_URL || undefined);
  if (url && !/^postgres(ql)?:\/\//.test(url)) throw new UsageError('--database-url must be a postgres:// URL');
  return url;
}

/** `--log-level` (or BENCH_LOG_LEVEL) of the service under test. */
export function logLevelOption(value: string | undefined, env: NodeJS.ProcessEnv): string {
  const level = value ?? env.BENCH_LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.includes(level)) throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
  return level;
}

export const LOOPBACK = '127.0.0.1';

export const ROOT = resolve(__dirname, '..', '..'); // dist/bench -> repository root

export const SERVICE_ENTRY = join(ROOT, 'dist', 'src', 'main.js');

export const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

export class Aborted extends Error {}

let abortReason: string | undefined;

/** Records why the run stops; false when it was already stopping. */
export function markAborted(reason: string): boolean {
  if (abortReason) return false;
  abortReason = reason;
  return true;
}

export const checkAborted = () => {
  if (abortReason) throw new Aborted(abortReason);
};

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** The last lines of a child's log, each cut to a readable width (request logs are long JSON lines). */
export function tail(path: string, lines = 15): string {
  if (!existsSync(path)) return '';
  return readFileSync(path, 'utf8')
    .split('\n')
    .slice(-lines)
    .map((line) => (line.length > 400 ? `${line.slice(0, 400)}…` : line))
    .join('\n');
}

/** Only what a Node process needs; none of the service's own configuration leaks in from the caller's shell. */
export function baseEnvironment(): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'TEMP', 'TMP', 'LANG', 'LC_ALL', 'TZ', 'SYSTEMROOT'];
  const env: NodeJS.ProcessEnv = { NODE_ENV: 'production' };
  for (const key of keep) if (process.env[key] !== undefined) env[key] = process.env[key];
  return env;
}

/** User + system CPU seconds of a process so far (Linux /proc); undefined elsewhere. */
export function cpuSeconds(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[11] = utime, fields[12] = stime (fields 14 and 15 of proc(5)), in clock ticks (100 Hz on Linux)
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

export class ManagedChild {
  readonly exited: Promise<number | string | null>;
  private done = false;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
    readonly logPath: string,
  ) {
    this.exited = new Promise((resolveExit) => {
      child.once('exit', (code, signal) => {
        this.done = true;
        resolveExit(code ?? signal);
      });
      child.once('error', (error) => {
        this.done = true;
        log(`${name}: ${error.message}`);
        resolveExit(null);
      });
    });
  }

  get running(): boolean {
    return !this.done;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** SIGTERM, then SIGKILL when it has not exited within the grace period. */
  async stop(graceMs = 15_000): Promise<void> {
    if (this.done) return;
    this.child.kill('SIGTERM');
    const stopped = await Promise.race([this.exited.then(() => true), sleep(graceMs).then(() => false)]);
    if (!stopped && !this.done) {
      log(`${this.name} did not stop within ${graceMs / 1000} s; killing it`);
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}

export async function waitForReady(baseUrl: string, child: ManagedChild, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    checkAborted();
    if (!child.running) throw new Error(`the service exited before it was ready:\n${tail(child.logPath)}`);
    try {
      const response = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await sleep(250);
  }
  throw new Error(`the service was not ready after ${timeoutMs / 1000} s (${last}):\n${tail(child.logPath)}`);
}

/** A database of the benchmark's own on a PostgreSQL server, and the way to drop it afterwards. */
export async function createScratchDatabase(serverUrl: string): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `bench_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl, connectionTimeoutMillis: 10_000 });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  log(`created scratch database ${name} on ${redactUrl(serverUrl)}`);
  return {
    name,
    url: withDatabase(serverUrl, name),
    drop: async () => {
      const dropper = new Client({ connectionString: serverUrl, connectionTimeoutMillis: 10_000 });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        log(`dropped scratch database ${name}`);
      } finally {
        await dropper.end();
      }
    },
  };
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export interface Stats {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    mean: sorted.reduce((sum, value) => sum + value, 0) / (sorted.length || 1),
  };
}

export const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(value < 10 ? 2 : 1)} ms` : '-');

export function table(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ')).join('\n');
}

/** The V8 flags `npm start` and the container image run the service with (package.json, docker/Dockerfile). */
export const SERVICE_NODE_FLAGS = ['--max-semi-space-size=2'];

/** The built service (`dist/src/main.js`), run as `npm start` runs it, with its output appended to `logPath`. */
export function startService(env: NodeJS.ProcessEnv, logPath: string, nodeArgs: string[] = []): ManagedChild {
  const fd = openSync(logPath, 'a');
  try {
    return new ManagedChild('service', spawn(process.execPath, [...SERVICE_NODE_FLAGS, ...nodeArgs, SERVICE_ENTRY], { cwd: ROOT, env, stdio: ['ignore', fd, fd] }), logPath);
  } finally {
    closeSync(fd);
  }
}

/** Runs a benchmark's main and exits with its code (1, with the stack, when it throws). */
export function runBenchmark(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}

/**
 * Bounds a run: past `budgetSeconds`, or on SIGINT/SIGTERM, the run is marked aborted (`onAbort` may stop load
 * at once); if it has not unwound 30 s later, `cleanup` runs and the process exits 1. `disarm` when done.
 */
export function armAbort(budgetSeconds: number, cleanup: () => Promise<void>, onAbort: () => void = () => undefined): { disarm(): void } {
  const abort = (reason: string) => {
    if (!markAborted(reason)) return;
    log(`aborting: ${reason}`);
    onAbort();
    setTimeout(() => {
      void cleanup().finally(() => process.exit(1));
    }, 30_000).unref();
  };
  const budget = setTimeout(() => abort(`the run exceeded its ${Math.round(budgetSeconds)} s budget`), budgetSeconds * 1000);
  budget.unref();
  const onSignal = (signal: NodeJS.Signals) => abort(`received ${signal}`);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    disarm() {
      clearTimeout(budget);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/** What a run must undo, undone once and in reverse order, each step on its own (a failing step is logged). */
export class Cleanups {
  private readonly steps: Array<{ name: string; run: () => Promise<void> }> = [];
  private running?: Promise<void>;

  constructor(private readonly before: () => void = () => undefined) {}

  add(name: string, run: () => Promise<void>): void {
    this.steps.push({ name, run });
  }

  /** Runs the steps (once, however often it is called). */
  readonly run = (): Promise<void> =>
    (this.running ??= (async () => {
      this.before();
      for (const step of this.steps.reverse()) {
        try {
          await step.run();
        } catch (error) {
          log(`cleanup of ${step.name} failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    })());
}
