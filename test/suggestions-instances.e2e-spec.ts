import { createBoard, createOrganization } from './support/fixtures';
import { sharedSecrets, twoInstancesAvailable } from './support/instances';
import { createRule, createTask, moveTask, settle, Suggestion, suggestionsOf, waitForSuggestions } from './support/proactive';
import { SseClient } from './support/sse-client';
import { startTestApp, TestApp } from './support/test-app';

const twoInstances = twoInstancesAvailable('suggestions-instances.e2e-spec');

(twoInstances ? describe : describe.skip)('Suggestions and rules across two instances (PostgreSQL + Redis)', () => {
  let a: TestApp;
  let b: TestApp;
  const streams: SseClient[] = [];
  const shared = sharedSecrets();

  beforeAll(async () => {
    a = await startTestApp(shared);
    b = await startTestApp(shared, { sameDatabaseAs: a });
  });
  afterAll(async () => {
    streams.forEach((stream) => stream.close());
    await b?.close();
    await a?.close();
  });

  const open = async (app: TestApp, headers: Record<string, string> = {}) => {
    const stream = await SseClient.open(`${app.baseUrl}/api/v1/suggestions/stream?token=${shared.LOCAL_AUTH_TOKEN}`, headers);
    streams.push(stream);
    expect(stream.status).toBe(200);
    return stream;
  };

  it('turns each event into each suggestion exactly once, whichever instance wrote it and whichever handled it', async () => {
    const org = await createOrganization(a);
    const board = await createBoard(a, org.id);
    const rule = await createRule(a, {
      organization_id: org.id,
      cooldown_minutes: 0,
      trigger: { type: 'event', event: 'task.created' },
      action: { type: 'create_suggestion', params: { title: 'New: {{task.title}}' } },
    });
    const tasks = await Promise.all(Array.from({ length: 30 }, (_, n) => createTask(n % 2 ? a : b, board.id, { title: `t${n}`, status: 'in_progress' })));
    await waitForSuggestions(a, org.id, (s) => s.rule_id === rule.id, tasks.length, 30_000);
    // the built-in follow-up rule, on events both instances handle
    await Promise.all(tasks.slice(0, 10).map((task, n) => moveTask(n % 2 ? a : b, task.id, 'done')));
    const followUps = (s: Suggestion) => s.source === 'rule' && s.title.startsWith('Follow up on');
    await waitForSuggestions(a, org.id, followUps, 10, 30_000);
    await settle();
    await settle();

    const made = await suggestionsOf(a, org.id, (s) => s.rule_id === rule.id);
    expect(made).toHaveLength(tasks.length);
    expect(new Set(made.map((s) => s.task_id))).toEqual(new Set(tasks.map((task) => task.id)));
    const followed = await suggestionsOf(b, org.id, followUps);
    expect(followed).toHaveLength(10);
    expect(new Set(followed.map((s) => s.task_id)).size).toBe(10);
  }, 90_000);

  it('streams to a client on B what a write on A caused, and replays it there after a reconnect', async () => {
    const org = await createOrganization(a);
    const board = await createBoard(a, org.id);
    await createRule(a, {
      organization_id: org.id,
      trigger: { type: 'event', event: 'task.created' },
      action: { type: 'create_suggestion', params: { title: 'Seen on B: {{task.title}}' } },
    });
    const onB = await open(b);
    const task = await createTask(a, board.id, { title: 'written on A' });
    const live = await onB.next((e) => e.data.type === 'suggestion.new' && (e.data.suggestion as Suggestion).task_id === task.id, 20_000);
    expect(live.data.suggestion).toMatchObject({ title: 'Seen on B: written on A', organization_id: org.id });
    onB.close();

    const missed = [await createTask(a, board.id, { title: 'missed one' }), await createTask(a, board.id, { title: 'missed two' })];
    await waitForSuggestions(a, org.id, (s) => missed.some((task) => task.id === s.task_id), 2);
    const resumed = await open(b, { 'Last-Event-ID': live.id! });
    await resumed.next((e) => e.data.type === 'suggestion.new' && (e.data.suggestion as Suggestion).task_id === missed[1].id);
    const replayed = resumed.suggestions().filter((s) => (s as unknown as Suggestion).organization_id === org.id);
    expect(replayed.map((s) => s.title).sort()).toEqual(['Seen on B: missed one', 'Seen on B: missed two']);
  }, 60_000);
});
