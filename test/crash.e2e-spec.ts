import { randomInt } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServerDatabase, serverDatabaseUrl } from './support/database';
import { killAllServices, MAIN_JS, preparedDataDir, removeDataDir, ServiceProcess } from './support/service-process';

/**
 * The crash suite (DESIGN §8): several clients write through the compiled service, it is killed with SIGKILL
 * at a random moment, started again on the same data, and every write that was answered 2xx must be there.
 * Three write paths that reach the database differently: the panel log (concurrent pushes batched into one
 * autocommit INSERT), organisations (a TypeORM transaction with its audit row) and task moves (board rules
 * read and enforced inside the transaction).
 */
const ROUNDS = 3;
const CLIENTS = 4;
const REQUEST_TIMEOUT_MS = 10_000;

type Headers = Record<string, string>;

interface Service {
  url: string;
  admin: Headers;
  panel: Headers;
  process: ServiceProcess;
}

class Stack {
  private readonly cleanups: Array<() => Promise<void> | void> = [];
  defer(cleanup: () => Promise<void> | void): void {
    this.cleanups.push(cleanup);
  }
  async unwind(): Promise<void> {
    for (const cleanup of this.cleanups.reverse()) await cleanup();
    this.cleanups.length = 0;
  }
}

async function call<T>(url: string, method: string, headers: Headers, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** One data directory (and, on the PostgreSQL leg, one database) that services are started on, again and again. */
class CrashRig {
  private readonly stack = new Stack();
  private dataDir = '';
  private env: Record<string, string> = {};

  async prepare(): Promise<void> {
    this.dataDir = preparedDataDir();
    this.stack.defer(() => removeDataDir(this.dataDir));
    const serverUrl = serverDatabaseUrl();
    if (serverUrl) {
      const database = await createServerDatabase(serverUrl);
      this.stack.defer(() => database.drop());
      this.env = { DATABASE_URL: database.url };
    }
  }

  async start(): Promise<Service> {
    const process = await ServiceProcess.start({ DATA_DIR: this.dataDir, LOG_LEVEL: 'warn', ...this.env });
    const { adminToken } = JSON.parse(readFileSync(join(this.dataDir, 'secrets.json'), 'utf8')) as { adminToken: string };
    const admin = { Authorization: `Bearer ${adminToken}` };
    const login = await call<{ token: string }>(`${process.baseUrl}/api/auth/login`, 'POST', {}, { token: adminToken });
    return { url: process.baseUrl, admin, panel: { Authorization: `Bearer ${login.token}` }, process };
  }

  async dispose(): Promise<void> {
    await killAllServices();
    await this.stack.unwind();
  }
}

/** What the clients were told: `acked` was answered 2xx; `inFlight` was sent and may or may not have happened. */
interface Outcome<A> {
  acked: A[];
  inFlight: A[];
}

/**
 * Runs `clients` loops of `write` until the service is killed at a random moment (after the first answers,
 * so every round checks something), then waits for the loops to notice.
 */
async function writeUntilKilled<A>(service: Service, clients: number, write: (client: number, attempt: number) => { intent: A; send: Promise<unknown> }): Promise<Outcome<A> & { killedAfterMs: number }> {
  const outcome: Outcome<A> = { acked: [], inFlight: [] };
  let killed = false;
  const loops = Array.from({ length: clients }, async (_, client) => {
    for (let attempt = 0; !killed; attempt += 1) {
      const { intent, send } = write(client, attempt);
      try {
        await send;
        outcome.acked.push(intent);
      } catch {
        outcome.inFlight.push(intent);
        return;
      }
    }
  });
  const started = Date.now();
  while (outcome.acked.length < clients && Date.now() - started < 30_000) await new Promise((resolve) => setTimeout(resolve, 10));
  await new Promise((resolve) => setTimeout(resolve, randomInt(0, 1_500)));
  const killedAfterMs = Date.now() - started;
  killed = true;
  service.process.signal('SIGKILL');
  await service.process.waitForExit();
  await Promise.all(loops);
  return { ...outcome, killedAfterMs };
}

async function collectPages<T>(fetchPage: (offset: number) => Promise<T[]>, pageSize: number): Promise<T[]> {
  const all: T[] = [];
  for (let offset = 0; ; offset += pageSize) {
    const page = await fetchPage(offset);
    all.push(...page);
    if (page.length < pageSize) return all;
  }
}

interface CrashPath<A, S> {
  name: string;
  /** Runs once on the first service: what the writes need (a board and its tasks, say). */
  setUp(service: Service): Promise<S>;
  write(service: Service, setup: S, client: number, attempt: number): { intent: A; send: Promise<unknown> };
  /** After a restart: the acknowledged writes that are missing. */
  missing(service: Service, setup: S, history: Outcome<A>): Promise<unknown[]>;
}

function describeCrashPath<A, S>(path: CrashPath<A, S>): void {
  it(`${path.name}: every write answered 2xx survives SIGKILL, over ${ROUNDS} rounds`, async () => {
    const rig = new CrashRig();
    try {
      await rig.prepare();
      let service = await rig.start();
      const setup = await path.setUp(service);
      const history: Outcome<A> = { acked: [], inFlight: [] };
      for (let round = 1; round <= ROUNDS; round += 1) {
        const current = service;
        const outcome = await writeUntilKilled(current, CLIENTS, (client, attempt) => path.write(current, setup, client, attempt));
        history.acked.push(...outcome.acked);
        history.inFlight.push(...outcome.inFlight);
        service = await rig.start();
        const missing = await path.missing(service, setup, history);
        expect({ round, killedAfterMs: outcome.killedAfterMs, acked: history.acked.length, missing }).toEqual({
          round,
          killedAfterMs: outcome.killedAfterMs,
          acked: history.acked.length,
          missing: [],
        });
      }
      expect(await service.process.stop()).toEqual({ code: 0, signal: null });
    } finally {
      await rig.dispose();
    }
  }, 300_000);
}

const panelLog: CrashPath<string, void> = {
  name: 'panel log pushes (batched autocommit INSERT)',
  setUp: async () => undefined,
  write(service, _setup, client, attempt) {
    const summary = `crash ${client}-${attempt}-${randomInt(1e9)}`;
    return { intent: summary, send: call(`${service.url}/api/events/log`, 'POST', {}, { source: 'system', type: 'crash.test', summary }) };
  },
  async missing(service, _setup, history) {
    const stored = await collectPages(
      async (offset) =>
        (await call<{ events: Array<{ summary: string }> }>(`${service.url}/api/events?limit=500&offset=${offset}`, 'GET', service.panel)).events,
      500,
    );
    const summaries = new Set(stored.map((entry) => entry.summary));
    return history.acked.filter((summary) => !summaries.has(summary));
  },
};

const organizations: CrashPath<string, void> = {
  name: 'organisation creates (TypeORM transaction with its audit row)',
  setUp: async () => undefined,
  write(service, _setup, client, attempt) {
    const name = `Crash org ${client}-${attempt}-${randomInt(1e9)}`;
    return { intent: name, send: call(`${service.url}/api/v1/organizations`, 'POST', service.admin, { name }) };
  },
  async missing(service, _setup, history) {
    const stored = await collectPages(
      async (offset) =>
        (await call<{ items: Array<{ name: string }> }>(`${service.url}/api/v1/organizations?limit=100&offset=${offset}`, 'GET', service.admin)).items,
      100,
    );
    const names = new Set(stored.map((organization) => organization.name));
    return history.acked.filter((name) => !names.has(name));
  },
};

// the board requires review before done, so every step of the cycle is a move the rules check
const CYCLE = ['in_progress', 'review', 'done', 'todo'] as const;
interface Move {
  task: string;
  status: string;
  sequence: number;
}
interface TaskCycle {
  tasks: string[];
  /** Where each client's task is in the cycle, and how many moves the client has sent (which orders them). */
  position: number[];
  sent: number[];
}
const taskMoves: CrashPath<Move, TaskCycle> = {
  name: 'task moves through the board rules',
  async setUp(service) {
    const organization = await call<{ id: string }>(`${service.url}/api/v1/organizations`, 'POST', service.admin, { name: `Crash board org ${randomInt(1e9)}` });
    const board = await call<{ id: string }>(`${service.url}/api/v1/boards`, 'POST', service.admin, {
      organization_id: organization.id,
      name: 'Crash board',
      require_review_before_done: true,
    });
    const tasks: string[] = [];
    for (let client = 0; client < CLIENTS; client += 1) {
      const task = await call<{ id: string }>(`${service.url}/api/v1/tasks`, 'POST', service.admin, { board_id: board.id, title: `Crash task ${client}`, status: 'todo' });
      tasks.push(task.id);
    }
    return { tasks, position: tasks.map(() => 0), sent: tasks.map(() => 0) };
  },
  write(service, cycle, client) {
    // each client owns one task and moves it on from where it is
    const move = { task: cycle.tasks[client], status: CYCLE[cycle.position[client] % CYCLE.length], sequence: cycle.sent[client]++ };
    const send = call(`${service.url}/api/v1/tasks/${move.task}`, 'PATCH', service.admin, { status: move.status });
    return { intent: move, send: send.then(() => (cycle.position[client] += 1)) };
  },
  async missing(service, cycle, history) {
    const wrong: unknown[] = [];
    for (const [client, task] of cycle.tasks.entries()) {
      const stored = await call<{ status: string }>(`${service.url}/api/v1/tasks/${task}`, 'GET', service.admin);
      const lastAcked = history.acked.filter((move) => move.task === task).at(-1);
      const unanswered = history.inFlight.filter((move) => move.task === task && move.sequence > (lastAcked?.sequence ?? -1)).at(-1);
      const allowed = [lastAcked?.status ?? 'todo', ...(unanswered ? [unanswered.status] : [])];
      if (!allowed.includes(stored.status)) wrong.push({ task, stored: stored.status, allowed });
      // the next round goes on from what is stored, as a client that reloads would
      cycle.position[client] = CYCLE.indexOf(stored.status as (typeof CYCLE)[number]) + 1;
    }
    return wrong;
  },
};

describe('Crash suite: SIGKILL under write load, then every acknowledged write is there', () => {
  beforeAll(() => {
    if (!existsSync(MAIN_JS)) throw new Error(`${MAIN_JS} is missing: run \`npx nest build\` first (npm test does)`);
  });
  afterAll(() => killAllServices());

  describeCrashPath(panelLog);
  describeCrashPath(organizations);
  describeCrashPath(taskMoves);
});
