import { randomUUID } from 'node:crypto';
import { JobEngine } from '../../src/core/jobs/job-engine';
import { MissionControlJobs } from '../../src/mission-control/domain-events';
import { waitFor } from './service-process';
import { TestApp } from './test-app';

export type Suggestion = {
  id: string;
  organization_id: string;
  board_id: string | null;
  task_id: string | null;
  agent_id: string | null;
  rule_id: string | null;
  source: 'agent' | 'rule';
  title: string;
  description: string | null;
  priority: string;
  confidence: number | null;
  status: string;
  action: { type: string; params: Record<string, unknown> } | null;
  result: Record<string, unknown> | null;
  expires_at: string | null;
  decided_at: string | null;
  created_at: string;
};

export async function createTask(t: TestApp, boardId: string, extra: Record<string, unknown> = {}) {
  const response = await t.http.post('/api/v1/tasks').set(t.admin).send({ board_id: boardId, title: `task-${randomUUID().slice(0, 8)}`, ...extra }).expect(201);
  return response.body as { id: string; title: string; status: string; board_id: string; assignee_id: string | null; depends_on: string[] };
}

export async function moveTask(t: TestApp, taskId: string, status: string) {
  return (await t.http.patch(`/api/v1/tasks/${taskId}`).set(t.admin).send({ status }).expect(200)).body;
}

export async function createRule(t: TestApp, body: Record<string, unknown>) {
  const response = await t.http.post('/api/v1/proactive-rules').set(t.admin).send({ name: `rule-${randomUUID().slice(0, 8)}`, ...body });
  if (response.status !== 201) throw new Error(`rule not created: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as { id: string; name: string; enabled: boolean; builtin: boolean; cooldown_minutes: number };
}

/** Every suggestion of the organisation (newest first) that passes `filter`. */
export async function suggestionsOf(t: TestApp, organizationId: string, filter: (s: Suggestion) => boolean = () => true): Promise<Suggestion[]> {
  const response = await t.http.get('/api/v1/suggestions').query({ organization_id: organizationId, limit: 100 }).set(t.admin).expect(200);
  return (response.body.items as Suggestion[]).filter(filter);
}

/** Waits until at least `count` of the organisation's suggestions pass `filter`; answers them. */
export function waitForSuggestions(t: TestApp, organizationId: string, filter: (s: Suggestion) => boolean, count = 1, timeoutMs = 20_000): Promise<Suggestion[]> {
  return waitFor(
    `${count} suggestion(s)`,
    async () => {
      const found = await suggestionsOf(t, organizationId, filter);
      return found.length >= count ? found : undefined;
    },
    timeoutMs,
  );
}

/** Runs the proactive minute now (or as if at `at`): scans, expiry, schedule rules, through the job engine. */
export async function tick(t: TestApp, at?: Date): Promise<void> {
  await t.app.get(JobEngine).send<MissionControlJobs, 'proactive.tick'>('proactive.tick', at ? { at: at.toISOString() } : {});
}

export interface ActivityEntry {
  action: string;
  actor: { type: string; id: string | null };
  target: { type: string; id: string | null };
  board_id: string | null;
  summary: string;
  changes: Record<string, unknown>;
}

/** Waits for an activity entry of the organisation (about `targetId`, when given) that passes `match`. */
export function waitForActivity(t: TestApp, organizationId: string, action: string, targetId?: string, match: (entry: ActivityEntry) => boolean = () => true) {
  return waitFor(`activity ${action}`, async () => {
    const query = { organization_id: organizationId, action, limit: 100, ...(targetId ? { target_id: targetId } : {}) };
    const response = await t.http.get('/api/v1/activity').query(query).set(t.admin).expect(200);
    return (response.body.items as ActivityEntry[]).find(match);
  });
}

/** Long enough for the engine to have handled everything in flight, for checks that something did NOT happen. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 1_500));

export { waitFor };
