import { Injectable, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainEvent, EventOf, JobContext } from '../src/core/jobs/job.decorators';
import { JobEffects } from '../src/core/jobs/job-effects';
import { JobEngine } from '../src/core/jobs/job-engine';
import { OutboxDispatcher } from '../src/core/jobs/outbox-dispatcher';
import { MissionControlEvents, OnMissionControlEvent } from '../src/mission-control/domain-events';
import { createServerDatabase, serverDatabaseUrl } from './support/database';
import { createBoard, createOrganization, organizationAdmin } from './support/fixtures';
import { emptyDataDir, killAllServices, removeDataDir, ServiceProcess, waitFor } from './support/service-process';
import { startTestApp, TestApp } from './support/test-app';

type TaskEvent = EventOf<MissionControlEvents, 'task.created' | 'task.status_changed'>;

/** Handlers as a module would write them, recording what reached them. */
@Injectable()
class RecordingHandlers {
  static seen: Array<{ instance: string; event: TaskEvent }> = [];
  static attempts: JobContext[] = [];
  static failUntilAttempt = 0;
  static instanceLabel = 'a';
  readonly label = RecordingHandlers.instanceLabel;

  @OnMissionControlEvent(['task.created', 'task.status_changed'])
  async onTask(event: TaskEvent): Promise<void> {
    RecordingHandlers.seen.push({ instance: this.label, event });
  }

  @OnMissionControlEvent('approval.created', { retryLimit: 2, retryDelaySeconds: 1 })
  async flaky(_event: DomainEvent, context: JobContext): Promise<void> {
    RecordingHandlers.attempts.push(context);
    if (context.attempt < RecordingHandlers.failUntilAttempt) throw new Error(`try ${context.attempt} fails on purpose`);
  }
}

@Module({ providers: [RecordingHandlers] })
class RecordingModule {}

describe('Outbox and durable jobs', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({}, { modules: [RecordingModule] });
  });
  afterAll(() => t.close());
  beforeEach(() => {
    RecordingHandlers.seen = [];
    RecordingHandlers.attempts = [];
  });

  it('hands each committed event once to each handler, with its payload', async () => {
    const organization = await createOrganization(t);
    const board = await createBoard(t, organization.id);
    const task = (await t.http.post('/api/v1/tasks').set(t.admin).send({ board_id: board.id, title: 'Ship it', status: 'todo' }).expect(201)).body;
    await t.http.patch(`/api/v1/tasks/${task.id}`).set(t.admin).send({ status: 'in_progress' }).expect(200);

    const seen = await waitFor('both events', () => (RecordingHandlers.seen.length >= 2 ? RecordingHandlers.seen : undefined));
    await t.app.get(OutboxDispatcher).drain();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(RecordingHandlers.seen.map(({ event }) => event.name).sort()).toEqual(['task.created', 'task.status_changed']);
    const moved = seen.find(({ event }) => event.name === 'task.status_changed')!.event;
    expect(moved).toMatchObject({
      organizationId: organization.id,
      payload: { task: { id: task.id, status: 'in_progress', board_id: board.id }, from: 'todo', to: 'in_progress', actor: { type: 'admin' } },
    });
    const rows: Array<{ dispatched: boolean }> = await t.dataSource.query(
      `SELECT dispatched_at IS NOT NULL AS dispatched FROM outbox_events WHERE payload->'task'->>'id' = $1`,
      [task.id],
    );
    expect(rows.length).toBeGreaterThanOrEqual(3); // created, updated, status_changed
    expect(rows.every((row) => row.dispatched)).toBe(true);
  });

  it('records nothing for a write that was refused and rolled back', async () => {
    const organization = await createOrganization(t);
    const board = await createBoard(t, organization.id, { require_review_before_done: true });
    const task = (await t.http.post('/api/v1/tasks').set(t.admin).send({ board_id: board.id, title: 'Not yet', status: 'todo' }).expect(201)).body;
    await waitFor('the create', () => (RecordingHandlers.seen.length >= 1 ? true : undefined));
    await t.http.patch(`/api/v1/tasks/${task.id}`).set(t.admin).send({ status: 'done' }).expect(409);

    await t.app.get(OutboxDispatcher).drain();
    const events: Array<{ name: string }> = await t.dataSource.query(`SELECT name FROM outbox_events WHERE payload->'task'->>'id' = $1`, [task.id]);
    expect(events.map((event) => event.name)).toEqual(['task.created']);
  });

  it('retries a failing handler with back-off and tells it when the try is the last one', async () => {
    RecordingHandlers.failUntilAttempt = 3;
    const organization = await createOrganization(t);
    const board = await createBoard(t, organization.id);
    const task = (await t.http.post('/api/v1/tasks').set(t.admin).send({ board_id: board.id, title: 'Approve me' }).expect(201)).body;
    await t.http.post('/api/v1/approvals').set(t.admin).send({ task_id: task.id, action_type: 'deploy' }).expect(201);

    const attempts = await waitFor('three tries', () => (RecordingHandlers.attempts.length >= 3 ? RecordingHandlers.attempts : undefined), 30_000);
    expect(attempts.map(({ attempt, lastAttempt }) => ({ attempt, lastAttempt }))).toEqual([
      { attempt: 1, lastAttempt: false },
      { attempt: 2, lastAttempt: false },
      { attempt: 3, lastAttempt: true },
    ]);
  }, 40_000);

  it('ends a handler that keeps failing in a visible failed state, after its retries', async () => {
    RecordingHandlers.failUntilAttempt = 99;
    const organization = await createOrganization(t);
    const board = await createBoard(t, organization.id);
    const task = (await t.http.post('/api/v1/tasks').set(t.admin).send({ board_id: board.id, title: 'Never approved' }).expect(201)).body;
    await t.http.post('/api/v1/approvals').set(t.admin).send({ task_id: task.id, action_type: 'deploy' }).expect(201);

    await waitFor('three tries', () => (RecordingHandlers.attempts.length >= 3 ? true : undefined), 30_000);
    const failed = await waitFor('the failed job', async () => {
      const counts = await t.app.get(JobEngine).queueCounts();
      return counts.find((row) => row.queue.includes('RecordingHandlers_flaky') && row.state === 'failed');
    });
    expect(failed.count).toBeGreaterThanOrEqual(1);
    expect(RecordingHandlers.attempts).toHaveLength(3);

    // operators see it: per queue and state, and the failed job with its last error
    const queues = (await t.http.get('/api/v1/jobs').set(t.admin).expect(200)).body;
    expect(queues.engine).toBe('ok');
    expect(queues.items).toContainEqual(expect.objectContaining({ queue: failed.queue, state: 'failed' }));
    const page = await t.http.get('/api/v1/jobs/failed').query({ queue: failed.queue }).set(t.admin).expect(200);
    expect(page.body.items[0]).toMatchObject({ queue: failed.queue, attempts: 3, error: { message: 'try 3 fails on purpose' } });
    const orgAdmin = await organizationAdmin(t, organization.id);
    await t.http.get('/api/v1/jobs').set(orgAdmin.headers).expect(403);
  }, 40_000);

  it('lets an effect be claimed once, however often its handler runs', async () => {
    const effects = t.app.get(JobEffects);
    const dataSource = t.app.get(DataSource);
    const key = `test:effect:${Date.now()}`;
    const claims = await Promise.all([1, 2, 3].map(() => dataSource.transaction((manager) => effects.claim(manager, key))));
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it('reports the job engine as ready', async () => {
    expect((await t.http.get('/readyz').expect(200)).body.checks.jobs).toBe('ok');
  });
});


const serverUrl = serverDatabaseUrl();
const describeOnServer = serverUrl ? describe : describe.skip;
if (!serverUrl) process.stderr.write('jobs.e2e-spec: the two-instance cases need TEST_DATABASE_URL (a PostgreSQL server both instances share)\n');

describeOnServer('Outbox and durable jobs across instances (PostgreSQL)', () => {
  afterEach(() => killAllServices());

  it('applies the schema once when replicas start at the same moment: both come up, no migration error', async () => {
    const database = await createServerDatabase(serverUrl!);
    const dirs = [emptyDataDir(), emptyDataDir()];
    try {
      const token = `replicas-${Date.now()}-token-value`;
      const env = (dataDir: string) => ({ DATA_DIR: dataDir, DATABASE_URL: database.url, LOCAL_AUTH_TOKEN: token, LOG_LEVEL: 'warn' });
      const replicas = await Promise.all(dirs.map((dir) => ServiceProcess.spawn(env(dir))));
      await Promise.all(replicas.map((replica) => replica.ready()));
      for (const replica of replicas) {
        const readiness = await waitFor('readiness', async () => {
          const response = await fetch(`${replica.baseUrl}/readyz`);
          return response.status === 200 ? ((await response.json()) as { checks: Record<string, string> }) : undefined;
        });
        expect(readiness.checks).toMatchObject({ migrations: 'ok', jobs: 'ok' });
        expect(replica.stdout + replica.stderr).not.toMatch(/duplicate key|already exists|QueryFailedError|Unable to connect/);
      }
    } finally {
      await killAllServices();
      await database.drop();
      dirs.forEach(removeDataDir);
    }
  }, 120_000);

  it('hands each event to one instance only', async () => {
    RecordingHandlers.seen = [];
    const shared = { LOCAL_AUTH_TOKEN: `instances-${Date.now()}-admin-token` };
    RecordingHandlers.instanceLabel = 'a';
    const a = await startTestApp(shared, { modules: [RecordingModule] });
    RecordingHandlers.instanceLabel = 'b';
    const b = await startTestApp(shared, { sameDatabaseAs: a, modules: [RecordingModule] });
    try {
      const organization = await createOrganization(a);
      const board = await createBoard(a, organization.id);
      const created = await Promise.all(
        Array.from({ length: 20 }, (_, n) => (n % 2 ? a : b).http.post('/api/v1/tasks').set(a.admin).send({ board_id: board.id, title: `t${n}` }).expect(201)),
      );
      const ids = new Set(created.map((response) => response.body.id as string));
      await waitFor('every create', () => {
        const handled = RecordingHandlers.seen.filter(({ event }) => event.name === 'task.created' && ids.has(event.payload.task.id));
        return handled.length >= ids.size ? handled : undefined;
      });
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const handled = RecordingHandlers.seen.filter(({ event }) => event.name === 'task.created' && ids.has(event.payload.task.id));
      expect(handled).toHaveLength(ids.size);
      expect(new Set(handled.map(({ event }) => event.payload.task.id)).size).toBe(ids.size);
    } finally {
      await b.close();
      await a.close();
    }
  }, 120_000);
});
