import { randomUUID } from 'node:crypto';
import { createServerDatabase, serverDatabaseUrl } from './support/database';
import { HookServer } from './support/hook-server';
import { killAllServices, preparedDataDir, removeDataDir, ServiceProcess, waitFor } from './support/service-process';

type Stage = { key: string; type: string; status: string; output: Record<string, any> | null; attempts: number };
type Run = { id: string; status: string; current_stage: string | null; stages: Stage[]; finished_at: string | null };

const ADMIN_TOKEN = `pipelines-crash-${randomUUID()}`;
const admin = { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' };
// on PostgreSQL a step job the killed process held is retried only once it expires (DESIGN §12: 90 s for steps)
const RECOVERY_MS = serverDatabaseUrl() ? 200_000 : 30_000;

/**
 * A pipeline run's state lives in PostgreSQL: the compiled service is killed with SIGKILL in the middle of a run,
 * started again on the same data, and the run goes on from the stage it was on and finishes once, no stage twice.
 */
describe('Pipeline runs across a SIGKILL', () => {
  let hooks: HookServer;
  let dataDir: string;
  let env: Record<string, string>;
  let dropDatabase: () => Promise<void> = async () => undefined;
  let service: ServiceProcess;

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${service.baseUrl}${path}`, { method, headers: admin, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}\n${service.stderr}${service.stdout}`.slice(0, 6000));
    return (text ? JSON.parse(text) : undefined) as T;
  }
  const getRun = (id: string) => call<Run>('GET', `/api/v1/pipeline-runs/${id}`);
  const runWhen = (id: string, what: string, ready: (run: Run) => boolean, timeoutMs = 20_000) =>
    waitFor(what, async () => {
      const run = await getRun(id);
      return ready(run) ? run : undefined;
    }, timeoutMs).catch(async (error: Error) => {
      throw new Error(`${error.message}: ${JSON.stringify(await getRun(id))}\n${service.stderr}${service.stdout}`.slice(0, 6000));
    });
  const stageOf = (run: Run, key: string) => run.stages.find((stage) => stage.key === key)!;

  async function restart(): Promise<void> {
    service.signal('SIGKILL');
    expect((await service.waitForExit()).signal).toBe('SIGKILL');
    service = await ServiceProcess.start(env);
  }

  async function setUp() {
    const organization = await call<{ id: string }>('POST', '/api/v1/organizations', { name: `crash-${randomUUID().slice(0, 8)}` });
    const board = await call<{ id: string }>('POST', '/api/v1/boards', { organization_id: organization.id, name: 'crash board' });
    return { organization, board };
  }

  async function activityOf(runId: string): Promise<string[]> {
    const page = await call<{ items: Array<{ action: string; changes: { stage?: string } }> }>('GET', `/api/v1/activity?target_id=${runId}&limit=100`);
    return page.items.map((entry) => `${entry.action}${entry.changes.stage ? `:${entry.changes.stage}` : ''}`);
  }

  beforeAll(async () => {
    hooks = await HookServer.start();
    dataDir = preparedDataDir();
    const serverUrl = serverDatabaseUrl();
    const database = serverUrl ? await createServerDatabase(serverUrl) : undefined;
    if (database) dropDatabase = () => database.drop();
    env = {
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      LOCAL_AUTH_TOKEN: ADMIN_TOKEN,
      OUTBOUND_ALLOWED_HOSTS: hooks.host,
      ...(database ? { DATABASE_URL: database.url } : {}),
      ...(process.env.TEST_REDIS_URL ? { REDIS_URL: process.env.TEST_REDIS_URL } : {}),
    };
    service = await ServiceProcess.start(env);
  });
  afterAll(async () => {
    await killAllServices();
    await dropDatabase();
    removeDataDir(dataDir);
    await hooks.close();
  });

  it('a run killed during a delay wakes up after the restart and finishes once', async () => {
    const { organization, board } = await setUp();
    const pipeline = await call<{ id: string }>('POST', '/api/v1/pipelines', {
      organization_id: organization.id,
      board_id: board.id,
      name: 'delayed',
      stages: [
        { key: 'before', name: 'Before', type: 'webhook', config: { url: hooks.url('/crash/before') } },
        { key: 'pause', name: 'Pause', type: 'delay', config: { seconds: 4 } },
        { key: 'after', name: 'After', type: 'webhook', config: { url: hooks.url('/crash/after') } },
      ],
    });
    const run = await call<Run>('POST', `/api/v1/pipelines/${pipeline.id}/run`, {});
    await runWhen(run.id, 'the delay', (current) => current.current_stage === 'pause' && stageOf(current, 'pause').status === 'waiting');

    await restart();

    const done = await runWhen(run.id, 'the run to finish', (current) => current.finished_at !== null, RECOVERY_MS);
    expect(done.status).toBe('succeeded');
    expect(done.stages.map((stage) => [stage.key, stage.status, stage.attempts])).toEqual([
      ['before', 'succeeded', 1],
      ['pause', 'succeeded', 1],
      ['after', 'succeeded', 1],
    ]);
    expect(hooks.callsTo('/crash/before')).toHaveLength(1);
    expect(hooks.callsTo('/crash/after')).toHaveLength(1);
    const trail = await activityOf(run.id);
    expect(trail.filter((action) => action.startsWith('pipeline.stage_started'))).toHaveLength(2);
    expect(trail.filter((action) => action === 'pipeline.run_succeeded')).toHaveLength(1);
  }, RECOVERY_MS + 60_000);

  it('a run killed right after a stage completed goes on at the next stage, which runs once', async () => {
    const { organization, board } = await setUp();
    const title = `Work ${randomUUID().slice(0, 8)}`;
    const pipeline = await call<{ id: string }>('POST', '/api/v1/pipelines', {
      organization_id: organization.id,
      board_id: board.id,
      name: 'handed over',
      stages: [
        { key: 'go', name: 'Go', type: 'manual', config: {} },
        { key: 'work', name: 'Work', type: 'ai_task', config: { title } },
        { key: 'report', name: 'Report', type: 'webhook', config: { url: hooks.url('/crash/report') } },
      ],
    });
    const run = await call<Run>('POST', `/api/v1/pipelines/${pipeline.id}/run`, {});
    await runWhen(run.id, 'the manual stage', (current) => current.current_stage === 'go' && stageOf(current, 'go').status === 'waiting');
    await call('POST', `/api/v1/pipeline-runs/${run.id}/advance`, { output: { ok: true } });

    await restart();

    const waiting = await runWhen(run.id, 'the task stage', (current) => stageOf(current, 'work').status === 'waiting', RECOVERY_MS);
    const tasks = await call<{ items: Array<{ id: string }> }>('GET', `/api/v1/tasks?board_id=${board.id}&q=${encodeURIComponent(title)}`);
    expect(tasks.items.map((task) => task.id)).toEqual([stageOf(waiting, 'work').output!.task_id]);
    await call('PATCH', `/api/v1/tasks/${tasks.items[0].id}`, { status: 'done' });

    const done = await runWhen(run.id, 'the run to finish', (current) => current.finished_at !== null);
    expect(done.status).toBe('succeeded');
    expect(stageOf(done, 'go').output).toEqual({ ok: true });
    expect(hooks.callsTo('/crash/report')).toHaveLength(1);
    const trail = await activityOf(run.id);
    expect(trail.filter((action) => action === 'pipeline.stage_started:work')).toHaveLength(1);
    expect(trail.filter((action) => action === 'pipeline.run_succeeded')).toHaveLength(1);
  }, RECOVERY_MS + 60_000);
});
