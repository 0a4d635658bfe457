import { randomUUID } from 'node:crypto';
import { TaskSchedulesService } from '../src/mission-control/calendar/task-schedules.service';
import { createAgent, createBoard, createOrganization, organizationAdmin } from './support/fixtures';
import { createTask, moveTask } from './support/proactive';
import { waitFor } from './support/service-process';
import { startTestApp, TestApp } from './support/test-app';

type Occurrence = { event_id: string; occurrence_start: string; starts_at: string; ends_at: string; moved: boolean; recurring: boolean; title: string; agent_ids: string[] };
type Schedule = { id: string; task_id: string; agent_id: string | null; planned_start: string; planned_end: string; estimated_hours: number | null; actual_start: string | null; actual_end: string | null };
type Slot = { starts_at: string; ends_at: string; score: number };

/** Wall-clock time of an instant in a zone, as `HH:MM`. */
const localTime = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));

describe('M11 shared calendar', () => {
  let t: TestApp;
  let org: { id: string };
  let board: { id: string };

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t);
    board = await createBoard(t, org.id);
  });
  afterAll(async () => {
    await t.close();
  });

  const createEvent = async (body: Record<string, unknown>) =>
    (await t.http.post('/api/v1/calendar/events').set(t.admin).send({ organization_id: org.id, title: `event-${randomUUID().slice(0, 8)}`, event_type: 'meeting', ...body }).expect(201)).body;
  const occurrences = async (query: Record<string, string | number>) =>
    (await t.http.get('/api/v1/calendar/events').query({ organization_id: org.id, limit: 100, ...query }).set(t.admin).expect(200)).body.items as Occurrence[];
  const refused = async (request: Promise<{ status: number; body: { detail: string; errors?: Array<{ field: string; message: string }> } }>, status: number) => {
    const response = await request;
    expect(response.status).toBe(status);
    return response.body;
  };
  const fieldsOf = (body: { errors?: Array<{ field: string }> }) => (body.errors ?? []).map((error) => error.field);

  describe('events and recurrence', () => {
    it('keeps 09:00 America/New_York at 09:00 local across the March DST change, and answers one occurrence per day', async () => {
      const event = await createEvent({
        title: '每日站会',
        starts_at: '2026-03-05T09:00:00-05:00',
        ends_at: '2026-03-05T09:30:00-05:00',
        timezone: 'America/New_York',
        recurrence_rule: 'RRULE:FREQ=DAILY;COUNT=7',
        board_id: board.id,
      });
      expect(event).toMatchObject({ title: '每日站会', timezone: 'America/New_York', recurrence_rule: 'FREQ=DAILY;COUNT=7', exdates: [], overrides: [], starts_at: '2026-03-05T14:00:00.000Z' });

      const items = (await occurrences({ start_date: '2026-03-01T00:00:00Z', end_date: '2026-03-20T00:00:00Z', board_id: board.id })).filter((item) => item.event_id === event.id);
      expect(items.map((item) => item.starts_at)).toEqual([
        '2026-03-05T14:00:00.000Z',
        '2026-03-06T14:00:00.000Z',
        '2026-03-07T14:00:00.000Z',
        '2026-03-08T13:00:00.000Z',
        '2026-03-09T13:00:00.000Z',
        '2026-03-10T13:00:00.000Z',
        '2026-03-11T13:00:00.000Z',
      ]);
      expect(items.every((item) => localTime(item.starts_at, 'America/New_York') === '09:00' && localTime(item.ends_at, 'America/New_York') === '09:30')).toBe(true);
      expect(items[0]).toMatchObject({ title: '每日站会', recurring: true, moved: false, occurrence_start: items[0].starts_at });
    });

    it('keeps a weekly Monday 09:00 New York meeting at 09:00 local when DST ends in November', async () => {
      const event = await createEvent({
        starts_at: '2026-10-19T09:00:00-04:00',
        ends_at: '2026-10-19T10:00:00-04:00',
        timezone: 'America/New_York',
        recurrence_rule: 'FREQ=WEEKLY;BYDAY=MO',
      });
      const items = (await occurrences({ start_date: '2026-10-25T00:00:00Z', end_date: '2026-11-10T00:00:00Z' })).filter((item) => item.event_id === event.id);
      expect(items.map((item) => item.starts_at)).toEqual(['2026-10-26T13:00:00.000Z', '2026-11-02T14:00:00.000Z', '2026-11-09T14:00:00.000Z']);
    });

    it('cancels one occurrence (exdates) and moves another (overrides), and refuses exceptions that name no occurrence', async () => {
      const event = await createEvent({
        starts_at: '2026-04-06T10:00:00+08:00',
        ends_at: '2026-04-06T11:00:00+08:00',
        timezone: 'Asia/Shanghai',
        recurrence_rule: 'FREQ=DAILY;COUNT=5',
      });
      const window = { start_date: '2026-04-01T00:00:00Z', end_date: '2026-04-30T00:00:00Z' };
      const patched = await t.http
        .patch(`/api/v1/calendar/events/${event.id}`)
        .set(t.admin)
        .send({
          exdates: ['2026-04-07T10:00:00+08:00'],
          overrides: [{ occurrence_start: '2026-04-08T02:00:00Z', starts_at: '2026-04-08T15:00:00+08:00', ends_at: '2026-04-08T16:30:00+08:00' }],
        })
        .expect(200);
      expect(patched.body).toMatchObject({
        exdates: ['2026-04-07T02:00:00.000Z'],
        overrides: [{ occurrence_start: '2026-04-08T02:00:00.000Z', starts_at: '2026-04-08T07:00:00.000Z', ends_at: '2026-04-08T08:30:00.000Z' }],
      });
      const items = (await occurrences(window)).filter((item) => item.event_id === event.id);
      expect(items.map((item) => [item.starts_at, item.moved])).toEqual([
        ['2026-04-06T02:00:00.000Z', false],
        ['2026-04-08T07:00:00.000Z', true],
        ['2026-04-09T02:00:00.000Z', false],
        ['2026-04-10T02:00:00.000Z', false],
      ]);
      expect(items[1]).toMatchObject({ occurrence_start: '2026-04-08T02:00:00.000Z', ends_at: '2026-04-08T08:30:00.000Z' });
      // the series itself, exceptions included, as a client reads it back
      const series = await t.http.get(`/api/v1/calendar/events/${event.id}`).set(t.admin).expect(200);
      expect(series.body).toEqual(patched.body);

      const wrong = await refused(t.http.patch(`/api/v1/calendar/events/${event.id}`).set(t.admin).send({ exdates: ['2026-04-07T11:00:00+08:00'] }), 422);
      expect(fieldsOf(wrong)).toEqual(['exdates[0]']);
      const flattened = await t.http.patch(`/api/v1/calendar/events/${event.id}`).set(t.admin).send({ recurrence_rule: null }).expect(200);
      expect(flattened.body).toMatchObject({ recurrence_rule: null, exdates: [], overrides: [] });
      expect((await occurrences(window)).filter((item) => item.event_id === event.id)).toHaveLength(1);
      expect(fieldsOf(await refused(t.http.patch(`/api/v1/calendar/events/${event.id}`).set(t.admin).send({ recurrence_rule: '' }), 422))).toEqual(['recurrence_rule']);
      const single = await createEvent({ starts_at: '2026-04-06T10:00:00Z', ends_at: '2026-04-06T11:00:00Z' });
      const noRule = await refused(t.http.patch(`/api/v1/calendar/events/${single.id}`).set(t.admin).send({ exdates: ['2026-04-06T10:00:00Z'] }), 422);
      expect(fieldsOf(noRule)).toEqual(['exdates']);
    });

    it('filters by board, agent and type, pages like every list, and records activity and domain events', async () => {
      const agent = await createAgent(t, org.id);
      const created = await createEvent({
        title: '发布里程碑 v2.0',
        event_type: 'milestone',
        starts_at: '2027-01-04T08:00:00Z',
        ends_at: '2027-01-04T09:00:00Z',
        agent_ids: [agent.id],
        metadata: { 版本: '2.0' },
      });
      for (const day of ['05', '06']) await createEvent({ event_type: 'release', starts_at: `2027-01-${day}T08:00:00Z`, ends_at: `2027-01-${day}T09:00:00Z`, agent_ids: [agent.id] });
      const window = { start_date: '2027-01-01', end_date: '2027-01-10' };

      const byAgent = await t.http.get('/api/v1/calendar/events').query({ ...window, agent_id: agent.id, limit: 2, offset: 1 }).set(t.admin).expect(200);
      expect(byAgent.body).toMatchObject({ total: 3, page: 1, size: 2 });
      expect(byAgent.headers['x-total-count']).toBe('3');
      expect(byAgent.body.items.map((item: Occurrence) => item.starts_at)).toEqual(['2027-01-05T08:00:00.000Z', '2027-01-06T08:00:00.000Z']);
      const milestones = await occurrences({ ...window, event_type: 'milestone' });
      expect(milestones).toEqual([expect.objectContaining({ event_id: created.id, title: '发布里程碑 v2.0', agent_ids: [agent.id], recurring: false, metadata: { 版本: '2.0' } })]);
      const newestFirst = await occurrences({ ...window, agent_id: agent.id, order: 'desc' });
      expect(newestFirst[0].starts_at).toBe('2027-01-06T08:00:00.000Z');

      const renamed = await t.http.patch(`/api/v1/calendar/events/${created.id}`).set(t.admin).send({ title: '发布里程碑 v2.1', agent_ids: [] }).expect(200);
      expect(renamed.body).toMatchObject({ title: '发布里程碑 v2.1', agent_ids: [] });
      const activity = await t.http.get('/api/v1/activity').query({ organization_id: org.id, target_id: created.id, limit: 100 }).set(t.admin).expect(200);
      expect(activity.body.items.map((entry: { action: string }) => entry.action).sort()).toEqual(['calendar.event_created', 'calendar.event_updated']);
      const events: Array<{ name: string; payload: { changes?: Record<string, unknown> } }> = await t.dataSource.query(
        `SELECT name, payload FROM outbox_events WHERE payload->'event'->>'id' = $1 ORDER BY created_at`,
        [created.id],
      );
      expect(events.map((event) => event.name)).toEqual(['calendar.event_created', 'calendar.event_updated']);
      expect(events[1].payload.changes).toMatchObject({ title: { from: '发布里程碑 v2.0', to: '发布里程碑 v2.1' }, agent_ids: { from: [agent.id], to: [] } });

      await t.http.delete(`/api/v1/calendar/events/${created.id}`).set(t.admin).expect(204);
      await refused(t.http.delete(`/api/v1/calendar/events/${created.id}`).set(t.admin), 404);
      expect(await occurrences({ ...window, event_type: 'milestone' })).toEqual([]);
      const deleted = await t.dataSource.query(`SELECT 1 FROM outbox_events WHERE name = 'calendar.event_deleted' AND payload->'event'->>'id' = $1`, [created.id]);
      expect(deleted).toHaveLength(1);
    });

    it('answers 422 naming the field for a bad time zone, RRULE, order of times or reference, 404 for an unknown event and 403 across organizations', async () => {
      const base = { organization_id: org.id, title: 'x', event_type: 'meeting', starts_at: '2026-05-01T09:00:00Z', ends_at: '2026-05-01T10:00:00Z' };
      const post = (body: Record<string, unknown>) => t.http.post('/api/v1/calendar/events').set(t.admin).send({ ...base, ...body });
      const badZone = await refused(post({ timezone: 'Mars/Olympus_Mons' }), 422);
      expect(badZone.errors).toEqual([{ field: 'timezone', message: expect.stringContaining('IANA time zone') }]);
      const badRule = await refused(post({ recurrence_rule: 'FREQ=FORTNIGHTLY' }), 422);
      expect(badRule).toMatchObject({ errors: [{ field: 'recurrence_rule' }], detail: expect.stringContaining('RRULE') });
      expect(fieldsOf(await refused(post({ recurrence_rule: 'FREQ=DAILY;BOGUS=1' }), 422))).toEqual(['recurrence_rule']);
      expect(fieldsOf(await refused(post({ recurrence_rule: 'FREQ=SECONDLY' }), 422))).toEqual(['recurrence_rule']);
      const backwards = await refused(post({ ends_at: '2026-05-01T08:00:00Z' }), 422);
      expect(backwards).toMatchObject({ detail: 'ends_at must be after starts_at', errors: [{ field: 'ends_at' }] });
      expect(fieldsOf(await refused(post({ agent_ids: [randomUUID()] }), 422))).toEqual(['agent_ids']);
      expect(fieldsOf(await refused(post({ board_id: randomUUID() }), 422))).toEqual(['board_id']);
      expect(fieldsOf(await refused(post({ event_type: 'party' }), 422))).toEqual(['event_type']);
      const window = await refused(t.http.get('/api/v1/calendar/events').query({ start_date: '2026-05-02', end_date: '2026-05-01' }).set(t.admin), 422);
      expect(fieldsOf(window)).toEqual(['end_date']);

      await refused(t.http.patch(`/api/v1/calendar/events/${randomUUID()}`).set(t.admin).send({ title: 'y' }), 404);
      await refused(t.http.get(`/api/v1/calendar/events/${randomUUID()}`).set(t.admin), 404);
      const event = await createEvent({ starts_at: '2026-05-01T09:00:00Z', ends_at: '2026-05-01T10:00:00Z' });
      const patchBackwards = await refused(t.http.patch(`/api/v1/calendar/events/${event.id}`).set(t.admin).send({ starts_at: '2026-05-01T11:00:00Z' }), 422);
      expect(fieldsOf(patchBackwards)).toEqual(['ends_at']);

      const other = await createOrganization(t);
      const outsider = await organizationAdmin(t, other.id);
      await refused(t.http.patch(`/api/v1/calendar/events/${event.id}`).set(outsider.headers).send({ title: 'mine now' }), 403);
      await refused(t.http.delete(`/api/v1/calendar/events/${event.id}`).set(outsider.headers), 403);
      await refused(t.http.get(`/api/v1/calendar/events/${event.id}`).set(outsider.headers), 403);
      await refused(t.http.post('/api/v1/calendar/events').set(outsider.headers).send(base), 403);
      const theirs = await t.http.get('/api/v1/calendar/events').query({ start_date: '2026-05-01', end_date: '2026-05-02' }).set(outsider.headers).expect(200);
      expect(theirs.body.items).toEqual([]);
      await refused(t.http.get('/api/v1/calendar/events').set({}), 401);
    });
  });

  it('documents the recurrence and exception shapes and the calendar events in /docs', async () => {
    const spec = (await t.http.get('/docs-json').expect(200)).body;
    expect(spec.info.description).toContain('### Shared calendar (M11)');
    expect(spec.info.description).toContain('`overrides: [{occurrence_start, starts_at, ends_at}]`');
    expect(spec.info.description).toContain('`calendar.schedule_updated`');
    expect(Object.keys(spec.paths).filter((path) => path.startsWith('/api/v1/calendar/')).sort()).toEqual([
      '/api/v1/calendar/events',
      '/api/v1/calendar/events/{id}',
      '/api/v1/calendar/feeds',
      '/api/v1/calendar/feeds/{id}',
      '/api/v1/calendar/ical/{token}',
      '/api/v1/calendar/schedules',
      '/api/v1/calendar/schedules/{id}',
      '/api/v1/calendar/suggest-slot',
      '/api/v1/calendar/workload',
    ]);
  });

  describe('task schedules', () => {
    it('refuses (409) a schedule that overlaps the same agent, a second one for a task, and accepts adjacent ones', async () => {
      const agent = await createAgent(t, org.id);
      const first = await createTask(t, board.id, { title: '数据库迁移', assignee_id: agent.id });
      const second = await createTask(t, board.id, { assignee_id: agent.id });
      const third = await createTask(t, board.id);
      const schedule = (
        await t.http.post('/api/v1/calendar/schedules').set(t.admin).send({ task_id: first.id, planned_start: '2026-06-01T09:00:00Z', planned_end: '2026-06-01T12:00:00Z', estimated_hours: 3 }).expect(201)
      ).body as Schedule;
      expect(schedule).toMatchObject({ task_id: first.id, agent_id: agent.id, estimated_hours: 3, actual_start: null, actual_end: null });

      const clash = await refused(
        t.http.post('/api/v1/calendar/schedules').set(t.admin).send({ task_id: second.id, planned_start: '2026-06-01T11:00:00Z', planned_end: '2026-06-01T13:00:00Z' }),
        409,
      );
      expect(clash.detail).toContain('数据库迁移');
      expect(clash.detail).toContain('cannot overlap');
      await refused(
        t.http.post('/api/v1/calendar/schedules').set(t.admin).send({ task_id: third.id, agent_id: agent.id, planned_start: '2026-06-01T08:00:00Z', planned_end: '2026-06-01T18:00:00Z' }),
        409,
      );
      await t.http.post('/api/v1/calendar/schedules').set(t.admin).send({ task_id: second.id, planned_start: '2026-06-01T12:00:00Z', planned_end: '2026-06-01T13:00:00Z' }).expect(201);
      const again = await refused(t.http.post('/api/v1/calendar/schedules').set(t.admin).send({ task_id: first.id, planned_start: '2026-07-01T09:00:00Z', planned_end: '2026-07-01T10:00:00Z' }), 409);
      expect(again.detail).toContain('already has a schedule');

      await refused(t.http.post('/api/v1/calendar/schedules').set(t.admin).send({ task_id: randomUUID(), planned_start: '2026-06-01T09:00:00Z', planned_end: '2026-06-01T10:00:00Z' }), 404);
      const backwards = await refused(t.http.post('/api/v1/calendar/schedules').set(t.admin).send({ task_id: third.id, planned_start: '2026-06-01T09:00:00Z', planned_end: '2026-06-01T09:00:00Z' }), 422);
      expect(fieldsOf(backwards)).toEqual(['planned_end']);

      const listed = await t.http.get('/api/v1/calendar/schedules').query({ agent_id: agent.id }).set(t.admin).expect(200);
      expect(listed.body.total).toBe(2);
      expect(listed.body.items.map((item: Schedule) => item.planned_start)).toEqual(['2026-06-01T09:00:00.000Z', '2026-06-01T12:00:00.000Z']);
      const windowed = await t.http.get('/api/v1/calendar/schedules').query({ agent_id: agent.id, start_date: '2026-06-01T12:30:00Z', end_date: '2026-06-02T00:00:00Z' }).set(t.admin).expect(200);
      expect(windowed.body.items.map((item: Schedule) => item.task_id)).toEqual([second.id]);

      const outsider = await organizationAdmin(t, (await createOrganization(t)).id);
      await refused(t.http.delete(`/api/v1/calendar/schedules/${schedule.id}`).set(outsider.headers), 403);
      await t.http.delete(`/api/v1/calendar/schedules/${schedule.id}`).set(t.admin).expect(204);
      await refused(t.http.delete(`/api/v1/calendar/schedules/${schedule.id}`).set(t.admin), 404);
      await t.http.post('/api/v1/calendar/schedules').set(t.admin).send({ task_id: third.id, agent_id: agent.id, planned_start: '2026-06-01T09:00:00Z', planned_end: '2026-06-01T11:00:00Z' }).expect(201);
    });

    it('follows its task: actual_start when it goes in_progress, actual_end when it is done, through the job engine', async () => {
      const agent = await createAgent(t, org.id);
      const task = await createTask(t, board.id, { assignee_id: agent.id });
      const schedule = (await t.http.post('/api/v1/calendar/schedules').set(t.admin).send({ task_id: task.id, planned_start: '2026-06-10T09:00:00Z', planned_end: '2026-06-10T17:00:00Z' }).expect(201)).body as Schedule;
      const current = async () => ((await t.http.get('/api/v1/calendar/schedules').query({ task_id: task.id }).set(t.admin).expect(200)).body.items as Schedule[])[0];

      const before = Date.now();
      await moveTask(t, task.id, 'in_progress');
      const started = await waitFor('the actual start', async () => ((await current()).actual_start ? current() : undefined));
      expect(Date.parse(started.actual_start!)).toBeGreaterThanOrEqual(before - 1000);
      expect(started.actual_end).toBeNull();

      await moveTask(t, task.id, 'review');
      await moveTask(t, task.id, 'done');
      const finished = await waitFor('the actual end', async () => ((await current()).actual_end ? current() : undefined));
      expect(finished.actual_start).toBe(started.actual_start);
      expect(Date.parse(finished.actual_end!)).toBeGreaterThanOrEqual(Date.parse(started.actual_start!));

      const activity = await t.http.get('/api/v1/activity').query({ organization_id: org.id, target_id: schedule.id, limit: 100 }).set(t.admin).expect(200);
      expect(activity.body.items.filter((entry: { action: string; actor_type: string }) => entry.action === 'calendar.schedule_updated')).toHaveLength(2);
      const updates = await t.dataSource.query(`SELECT 1 FROM outbox_events WHERE name = 'calendar.schedule_updated' AND payload->'schedule'->>'id' = $1`, [schedule.id]);
      expect(updates).toHaveLength(2);

      // a job that runs again (a crash before it was marked done) changes nothing and writes nothing twice
      const taskEvents: Array<{ id: string; name: 'task.updated'; payload: any; organization_id: string; created_at: Date }> = await t.dataSource.query(
        `SELECT id, name, payload, organization_id, created_at FROM outbox_events WHERE name = 'task.updated' AND payload->'task'->>'id' = $1 ORDER BY created_at`,
        [task.id],
      );
      expect(taskEvents).toHaveLength(3);
      const handler = t.app.get(TaskSchedulesService);
      for (const event of [...taskEvents].reverse()) {
        await handler.followTaskStatus({ id: event.id, name: event.name, payload: event.payload, organizationId: event.organization_id, occurredAt: new Date(event.created_at).toISOString() });
      }
      expect(await current()).toMatchObject({ actual_start: finished.actual_start, actual_end: finished.actual_end });
      const again = await t.http.get('/api/v1/activity').query({ organization_id: org.id, target_id: schedule.id, limit: 100 }).set(t.admin).expect(200);
      expect(again.body.total).toBe(activity.body.total);
    });

    it('lets only one of two overlapping schedules for one agent in when they arrive together', async () => {
      const agent = await createAgent(t, org.id);
      const tasks = [await createTask(t, board.id, { assignee_id: agent.id }), await createTask(t, board.id, { assignee_id: agent.id })];
      const starts = ['2026-08-03T09:00:00Z', '2026-08-03T10:00:00Z'];
      const answers = await Promise.all(
        tasks.map((task, index) => t.http.post('/api/v1/calendar/schedules').set(t.admin).send({ task_id: task.id, planned_start: starts[index], planned_end: '2026-08-03T12:00:00Z' })),
      );
      expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    });
  });

  describe('workload and free slots', () => {
    it('counts hours per agent per day against working hours', async () => {
      const agent = await createAgent(t, org.id, { name: `工程师-${randomUUID().slice(0, 6)}` });
      const task = await createTask(t, board.id, { assignee_id: agent.id });
      // 6 estimated hours over two full working days: 3 a day
      await t.http.post('/api/v1/calendar/schedules').set(t.admin).send({ task_id: task.id, planned_start: '2027-03-01T09:00:00Z', planned_end: '2027-03-02T18:00:00Z', estimated_hours: 6 }).expect(201);
      await createEvent({ starts_at: '2027-03-01T13:00:00Z', ends_at: '2027-03-01T14:30:00Z', agent_ids: [agent.id] });
      await createEvent({ event_type: 'holiday', all_day: true, starts_at: '2027-03-03T00:00:00Z', ends_at: '2027-03-04T00:00:00Z', agent_ids: [agent.id] });

      const response = await t.http
        .get('/api/v1/calendar/workload')
        .query({ organization_id: org.id, agent_id: agent.id, start_date: '2027-03-01T00:00:00Z', end_date: '2027-03-08T00:00:00Z' })
        .set(t.admin)
        .expect(200);
      expect(response.body.items).toHaveLength(1);
      const [load] = response.body.items;
      expect(load).toMatchObject({ agent_id: agent.id, agent_name: agent.name, total_hours: 7.5, utilization: round2(7.5 / 45) });
      expect(load.days).toHaveLength(7);
      expect(load.days[0]).toEqual({ date: '2027-03-01', scheduled_hours: 3, event_hours: 1.5, capacity_hours: 9, utilization: 0.5 });
      expect(load.days[1]).toEqual({ date: '2027-03-02', scheduled_hours: 3, event_hours: 0, capacity_hours: 9, utilization: 0.33 });
      expect(load.days[2]).toEqual({ date: '2027-03-03', scheduled_hours: 0, event_hours: 0, capacity_hours: 9, utilization: 0 });
      expect(load.days[5]).toEqual({ date: '2027-03-06', scheduled_hours: 0, event_hours: 0, capacity_hours: 0, utilization: null });

      const shanghai = await t.http
        .get('/api/v1/calendar/workload')
        .query({ agent_id: agent.id, start_date: '2027-03-01T00:00:00+08:00', end_date: '2027-03-02T00:00:00+08:00', timezone: 'Asia/Shanghai', working_start: '08:00', working_end: '12:00' })
        .set(t.admin)
        .expect(200);
      // in Shanghai the schedule's working time is all on March 2 (08:00-12:00 there), the 13:00Z event is at 21:00 on March 1
      expect(shanghai.body.items[0].days).toEqual([{ date: '2027-03-01', scheduled_hours: 0, event_hours: 1.5, capacity_hours: 4, utilization: 0.38 }]);
      const wrongHours = await refused(t.http.get('/api/v1/calendar/workload').query({ working_start: '18:00', working_end: '09:00' }).set(t.admin), 422);
      expect(fieldsOf(wrongHours)).toEqual(['working_end']);
    });

    it('suggests free slots of every agent, the least loaded day first, around events, series and schedules', async () => {
      const busy = await createAgent(t, org.id);
      const partner = await createAgent(t, org.id);
      // Monday 2027-05-03: the busy agent is in meetings 09:00-17:00; Tuesday is free
      await createEvent({ starts_at: '2027-05-03T09:00:00Z', ends_at: '2027-05-03T17:00:00Z', agent_ids: [busy.id] });
      // the partner has lunch every day and a task on Tuesday morning
      await createEvent({ starts_at: '2027-05-03T12:00:00Z', ends_at: '2027-05-03T13:00:00Z', recurrence_rule: 'FREQ=DAILY', agent_ids: [partner.id] });
      const task = await createTask(t, board.id, { assignee_id: partner.id });
      await t.http.post('/api/v1/calendar/schedules').set(t.admin).send({ task_id: task.id, planned_start: '2027-05-04T09:00:00Z', planned_end: '2027-05-04T10:30:00Z' }).expect(201);
      const suggest = (body: Record<string, unknown>) =>
        t.http.post('/api/v1/calendar/suggest-slot').set(t.admin).send({ window_start: '2027-05-03T00:00:00Z', window_end: '2027-05-05T00:00:00Z', duration_minutes: 60, ...body });

      const alone = (await suggest({ agent_ids: [busy.id], count: 20 }).expect(200)).body.slots as Slot[];
      expect(alone.slice(0, 3).map((slot) => slot.starts_at)).toEqual(['2027-05-04T09:00:00.000Z', '2027-05-04T10:00:00.000Z', '2027-05-04T11:00:00.000Z']);
      expect(alone[alone.length - 1]).toMatchObject({ starts_at: '2027-05-03T17:00:00.000Z', ends_at: '2027-05-03T18:00:00.000Z' });
      expect(alone.map((slot) => slot.score)).toEqual([...alone.map((slot) => slot.score)].sort((a, b) => b - a));

      const together = (await suggest({ agent_ids: [busy.id, partner.id], count: 3 }).expect(200)).body.slots as Slot[];
      expect(together.map((slot) => slot.starts_at)).toEqual(['2027-05-04T10:30:00.000Z', '2027-05-04T13:00:00.000Z', '2027-05-04T14:00:00.000Z']);
      const blocked = [
        ['2027-05-03T09:00:00Z', '2027-05-03T17:00:00Z'],
        ['2027-05-04T09:00:00Z', '2027-05-04T10:30:00Z'],
        ['2027-05-04T12:00:00Z', '2027-05-04T13:00:00Z'],
      ].map(([start, end]) => [Date.parse(start), Date.parse(end)]);
      for (const slot of together) {
        expect(blocked.some(([start, end]) => Date.parse(slot.starts_at) < end && start < Date.parse(slot.ends_at))).toBe(false);
      }

      const local = (await suggest({ agent_ids: [partner.id], timezone: 'Asia/Shanghai', working_hours: { start: '17:00', end: '19:00' }, count: 1 }).expect(200)).body.slots as Slot[];
      expect(local).toEqual([expect.objectContaining({ starts_at: '2027-05-03T09:00:00.000Z' })]);

      expect((await suggest({ agent_ids: [busy.id], duration_minutes: 600 }).expect(200)).body).toEqual({ slots: [] });
      expect((await suggest({ agent_ids: [busy.id], window_start: '2027-05-08T00:00:00Z', window_end: '2027-05-10T00:00:00Z' }).expect(200)).body).toEqual({ slots: [] });
      await refused(suggest({ agent_ids: [randomUUID()] }), 404);
      expect(fieldsOf(await refused(suggest({ agent_ids: [busy.id], window_end: '2027-05-02T00:00:00Z' }), 422))).toEqual(['window_end']);
      expect(fieldsOf(await refused(suggest({ agent_ids: [busy.id], timezone: 'Nowhere/Land' }), 422))).toEqual(['timezone']);
      expect(fieldsOf(await refused(suggest({ agent_ids: [busy.id], working_hours: { start: '18:00', end: '09:00' } }), 422))).toEqual(['working_hours.end']);
    });
  });
  describe('iCalendar feeds', () => {
    it("serves an organization's or an agent's calendar as text/calendar to the token holder, until the feed is revoked", async () => {
      const agent = await createAgent(t, org.id, { name: `feed-agent-${randomUUID().slice(0, 6)}` });
      const soon = new Date(Date.now() + 86_400_000);
      const at = (hoursLater: number) => new Date(soon.getTime() + hoursLater * 3_600_000).toISOString();
      const series = await createEvent({
        title: '周会, 第一季度; 评审',
        starts_at: '2026-03-05T09:00:00-05:00',
        ends_at: '2026-03-05T10:00:00-05:00',
        timezone: 'America/New_York',
        recurrence_rule: 'FREQ=DAILY',
        agent_ids: [agent.id],
        exdates: ['2026-03-07T14:00:00Z'],
        overrides: [{ occurrence_start: '2026-03-09T13:00:00Z', starts_at: '2026-03-09T18:00:00Z', ends_at: '2026-03-09T19:00:00Z' }],
      });
      const other = await createEvent({ title: 'not for the agent', starts_at: at(1), ends_at: at(2) });
      const task = await createTask(t, board.id, { title: '写发布说明', assignee_id: agent.id });
      await t.http.post('/api/v1/calendar/schedules').set(t.admin).send({ task_id: task.id, planned_start: at(3), planned_end: at(5) }).expect(201);

      const created = await t.http.post('/api/v1/calendar/feeds').set(t.admin).send({ organization_id: org.id, agent_id: agent.id }).expect(201);
      expect(created.body).toMatchObject({ organization_id: org.id, agent_id: agent.id, name: agent.name, token: expect.stringMatching(/^mccal_/), url: `/api/v1/calendar/ical/${created.body.token}` });
      const feed = await t.http.get(created.body.url).expect(200);
      expect(feed.headers['content-type']).toMatch(/^text\/calendar/);
      const text = feed.text.replace(/\r\n[ \t]/g, '');
      expect(text).toContain('BEGIN:VCALENDAR');
      expect(text).toContain(`UID:${series.id}@`);
      expect(text).toContain('SUMMARY:周会\\, 第一季度\\; 评审');
      expect(text).toContain('DTSTART;TZID=America/New_York:20260305T090000');
      expect(text).toContain('RRULE:FREQ=DAILY');
      expect(text).toContain('EXDATE;TZID=America/New_York:20260307T090000');
      expect(text).toContain('RECURRENCE-ID;TZID=America/New_York:20260309T090000');
      expect(text).toContain('DTSTART;TZID=America/New_York:20260309T140000');
      expect(text).toContain('SUMMARY:Task: 写发布说明');
      expect(text).not.toContain(other.id);
      expect(feed.text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);

      const whole = await t.http.post('/api/v1/calendar/feeds').set(t.admin).send({ organization_id: org.id, name: '研发日历' }).expect(201);
      const wholeText = (await t.http.get(whole.body.url).expect(200)).text;
      expect(wholeText).toContain(`UID:${other.id}@`);
      expect(wholeText).toContain('研发日历');

      const listed = await t.http.get('/api/v1/calendar/feeds').query({ organization_id: org.id }).set(t.admin).expect(200);
      expect(listed.body.items.map((item: { id: string }) => item.id).sort()).toEqual([created.body.id, whole.body.id].sort());
      expect(JSON.stringify(listed.body)).not.toContain(created.body.token);

      await t.http.delete(`/api/v1/calendar/feeds/${created.body.id}`).set(t.admin).expect(204);
      await t.http.get(created.body.url).expect(404);
      await t.http.get('/api/v1/calendar/ical/mccal_not-a-real-token-at-all-000').expect(404);
      await t.http.get(whole.body.url).expect(200);
      await refused(t.http.post('/api/v1/calendar/feeds').set(t.admin).send({ organization_id: org.id, agent_id: randomUUID() }), 422);
    });
  });
});

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
