// What the load benchmarks share: HTTP load with autocannon, its summary, listener children, machine CPU.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { ManagedChild, ROOT, tail } from './harness';

/**
 * Busy and total CPU seconds of the whole machine so far (Linux /proc/stat, all cores), and of busy the part
 * spent in interrupts and soft interrupts (on loopback that is mostly the network stack, charged to no
 * process) and stolen by the hypervisor; undefined elsewhere.
 */
export function machineCpu(): { busy: number; total: number; interrupts: number; steal: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const busy = user + nice + system + irq + softirq + (steal || 0);
    return { busy: busy / 100, total: (busy + idle + iowait) / 100, interrupts: (irq + softirq) / 100, steal: (steal || 0) / 100 };
  } catch {
    return undefined;
  }
}

/** Starts a bare or floor server (`entry`) and waits for its `{"event":"listening","port":…}` line on stdout. */
export async function startListener(
  name: string,
  entry: string,
  env: NodeJS.ProcessEnv,
  logPath: string,
  timeoutMs: number,
): Promise<{ child: ManagedChild; port: number }> {
  const fd = openSync(logPath, 'a');
  let child: ManagedChild;
  try {
    child = new ManagedChild(name, spawn(process.execPath, [entry], { cwd: ROOT, env, stdio: ['ignore', 'pipe', fd] }), logPath);
  } finally {
    closeSync(fd);
  }
  const lines = createInterface({ input: child.child.stdout! });
  const port = await new Promise<number>((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} not listening after ${timeoutMs / 1000} s`)), timeoutMs);
    lines.on('line', (line) => {
      try {
        const message = JSON.parse(line) as { event?: string; port?: number };
        if (message.event === 'listening' && message.port) {
          clearTimeout(timer);
          resolvePort(message.port);
        }
      } catch {
        // not ours
      }
    });
    void child.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}) before listening:\n${tail(logPath)}`));
    });
  }).catch(async (error: unknown) => {
    await child.stop();
    throw error;
  });
  return { child, port };
}

export interface RawRun {
  latencies: string;
  requests: string;
  throughput: string;
  totalCompletedRequests: number;
  totalRequests: number;
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
}

interface AggregatedRun {
  latency: { p50: number; p99: number; average: number; max: number; totalCount: number };
}

const aggregateRuns = (
  autocannon as unknown as { aggregateResult(results: RawRun[], opts: { url: string; connections: number }): AggregatedRun }
).aggregateResult;

/** A request other than an authenticated GET: a method with a JSON body. */
export interface LoadRequest {
  method: 'POST' | 'PATCH' | 'PUT';
  body: unknown;
}

let currentLoad: { stop(): void } | undefined;

/** Stops the load that is running, if any (on abort). */
export const stopLoad = () => currentLoad?.stop();

export function load(url: string, token: string, connections: number, seconds: number, request?: LoadRequest): Promise<RawRun> {
  return new Promise((resolveRun, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        duration: seconds,
        headers: { authorization: `Bearer ${token}`, ...(request ? { 'content-type': 'application/json' } : {}) },
        ...(request ? { method: request.method, body: JSON.stringify(request.body) } : {}),
        timeout: 10,
        skipAggregateResult: true,
      },
      (error: unknown, result: unknown) => {
        currentLoad = undefined;
        if (error) reject(error instanceof Error ? error : new Error(String(error)));
        else resolveRun(result as RawRun);
      },
    );
    currentLoad = instance as unknown as { stop(): void };
  });
}

export interface Summary {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  average: number;
  requests: number;
  seconds: number;
  failures: number;
}

export function summarize(runs: RawRun[], url: string, connections: number): Summary {
  const aggregated = aggregateRuns(runs, { url, connections });
  const ok = runs.reduce((sum, run) => sum + run['2xx'], 0);
  const seconds = runs.reduce((sum, run) => sum + run.duration, 0);
  return {
    requestsPerSecond: ok / seconds,
    p50: aggregated.latency.p50,
    p99: aggregated.latency.p99,
    average: aggregated.latency.average,
    requests: ok,
    seconds,
    failures: runs.reduce((sum, run) => sum + run.errors + run.timeouts + run.non2xx, 0),
  };
}
