import { ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
export const MAIN_JS = join(ROOT, 'dist', 'src', 'main.js');

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A port nobody listens on right now: listen on port 0, note the port, close. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** An empty data directory (a real first start: initdb, migrations, secrets). */
export function emptyDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'mc-proc-'));
}

/**
 * A data directory holding a copy of the run's migrated embedded database but no secrets:
 * starts in under a second and still generates (and announces) its secrets like a first start.
 */
export function preparedDataDir(): string {
  const dir = emptyDataDir();
  const template = process.env.MC_TEST_TEMPLATE_DIR;
  if (template) cpSync(join(template, 'pgdata'), join(dir, 'pgdata'), { recursive: true });
  return dir;
}

export function removeDataDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Only what a process needs from the shell: nothing of the test runner's own configuration leaks in. */
function baseEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'SYSTEMROOT']) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  return env;
}

/** Polls `probe` every 50 ms until it gives a value; fails after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** `node dist/src/main.js` as a user runs it, with its output captured. */
export class ServiceProcess {
  stdout = '';
  stderr = '';
  exit?: Exit;
  readonly exited: Promise<Exit>;
  readonly baseUrl: string;

  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
  ) {
    this.baseUrl = `http://127.0.0.1:${port}`;
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => {
      // 'close' (not 'exit'): every byte the process wrote has been read by then
      child.once('close', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
    running.add(this);
    void this.exited.then(() => running.delete(this));
  }

  /** Spawns the service; `env` is the whole configuration (PORT and HOST are filled in unless given). */
  static async spawn(env: Record<string, string>): Promise<ServiceProcess> {
    const port = env.PORT && /^\d+$/.test(env.PORT) ? Number(env.PORT) : await freePort();
    const child = spawn(process.execPath, [MAIN_JS], {
      cwd: ROOT,
      env: { ...baseEnvironment(), HOST: '127.0.0.1', PORT: String(port), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new ServiceProcess(child, port);
  }

  /** Spawns the service and waits until it answers /health (fails fast if it exits instead). */
  static async start(env: Record<string, string>): Promise<ServiceProcess> {
    const service = await ServiceProcess.spawn(env);
    await service.ready();
    return service;
  }

  get pid(): number {
    return this.child.pid!;
  }

  async ready(): Promise<void> {
    await waitFor(
      `the service on ${this.baseUrl} to answer /health`,
      async () => {
        if (this.exit) {
          throw new Error(`the service exited (${JSON.stringify(this.exit)}) before it was ready:\n${this.stderr}${this.stdout}`);
        }
        try {
          const response = await fetch(`${this.baseUrl}/health`, { signal: AbortSignal.timeout(2_000) });
          return response.status === 200 ? true : undefined;
        } catch {
          return undefined;
        }
      },
      START_TIMEOUT_MS,
    );
  }

  /** The body of /readyz once it answers 200 (the port opens before the job engine takes jobs). */
  async readiness(): Promise<Record<string, unknown>> {
    return waitFor(`${this.baseUrl}/readyz to answer 200`, async () => {
      const response = await fetch(`${this.baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined);
      return response?.status === 200 ? ((await response.json()) as Record<string, unknown>) : undefined;
    }, START_TIMEOUT_MS);
  }

  /** Waits until the process has written `text` to stdout. */
  async waitForStdout(text: string, timeoutMs = 10_000): Promise<void> {
    await waitFor(`"${text}" on stdout`, () => (this.stdout.includes(text) ? true : undefined), timeoutMs);
  }

  signal(signal: NodeJS.Signals): void {
    if (!this.exit) this.child.kill(signal);
  }

  /** Sends SIGTERM and waits for the process to end; SIGKILL if it does not within the bound. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<Exit> {
    this.signal(signal);
    return this.waitForExit();
  }

  async waitForExit(timeoutMs = STOP_TIMEOUT_MS): Promise<Exit> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        reject(new Error(`the service did not exit within ${timeoutMs} ms; killed`));
      }, timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** For afterEach: whatever state the test left the process in, it does not outlive the test. */
  async kill(): Promise<void> {
    if (this.exit) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }
}

const running = new Set<ServiceProcess>();

/** Kills every service process still running (afterEach/afterAll safety net). */
export async function killAllServices(): Promise<void> {
  await Promise.all([...running].map((service) => service.kill()));
}
