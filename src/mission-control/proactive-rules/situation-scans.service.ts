import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../core/config/app-config';
import { ENGINE_PRINCIPAL } from '../../core/auth/principal';
import { JobEffects } from '../../core/jobs/job-effects';
import { Outbox } from '../../core/jobs/outbox';
import { AgentEntity } from '../agents/entities/agent.entity';
import { agentRefOf, MissionControlEvents } from '../domain-events';
import { TasksService } from '../tasks/tasks.service';

/** Situations older than this are not reported when first seen (after downtime); their effect keys outlive it. */
const LOOKBACK = "interval '7 days'";
const BATCH = 200;

interface Spell {
  id: string;
  /** When the situation began, in microseconds: one report per subject and spell. */
  spell: string;
  minutes: number;
}

/**
 * Scans (each minute, on one instance) for situations no write announces: a task past its due time, a task left
 * in review, an idle agent. Each is recorded once as a domain event (`task.overdue` once per task and due time,
 * `task.review_stale` once per task and review spell, `agent.idle` once per agent and idle spell), for the
 * built-in rules and for any rule or pipeline that listens.
 */
@Injectable()
export class SituationScans {
  private readonly logger = new Logger('SituationScans');

  constructor(
    private readonly dataSource: DataSource,
    private readonly tasks: TasksService,
    private readonly effects: JobEffects,
    private readonly outbox: Outbox<MissionControlEvents>,
    private readonly config: AppConfig,
  ) {}

  async scan(now: Date): Promise<void> {
    await this.overdueTasks(now);
    await this.staleReviews(now);
    await this.idleAgents(now);
  }

  private async overdueTasks(now: Date): Promise<void> {
    const due: Spell[] = await this.dataSource.query(
      `SELECT t.id, (extract(epoch FROM t.due_at) * 1000000)::bigint::text AS spell,
              floor(extract(epoch FROM ($1::timestamptz - t.due_at)) / 60)::int AS minutes
         FROM tasks t
        WHERE t.status <> 'done' AND t.due_at <= $1 AND t.due_at > $1::timestamptz - ${LOOKBACK}
          AND NOT EXISTS (SELECT 1 FROM job_effects e WHERE e.key = 'task.overdue:' || t.id || ':' || (extract(epoch FROM t.due_at) * 1000000)::bigint)
        ORDER BY t.due_at LIMIT ${BATCH}`,
      [now],
    );
    for (const { id, spell, minutes } of due) {
      await this.reportTask(`task.overdue:${id}:${spell}`, id, (task) => ['task.overdue', { task, overdue_by_minutes: minutes }]);
    }
  }

  private async staleReviews(now: Date): Promise<void> {
    const stale: Spell[] = await this.dataSource.query(
      `SELECT t.id, (extract(epoch FROM t.updated_at) * 1000000)::bigint::text AS spell,
              floor(extract(epoch FROM ($1::timestamptz - t.updated_at)) / 60)::int AS minutes
         FROM tasks t
        WHERE t.status = 'review' AND t.updated_at <= $1::timestamptz - make_interval(mins => $2) AND t.updated_at > $1::timestamptz - ${LOOKBACK}
          AND NOT EXISTS (SELECT 1 FROM job_effects e WHERE e.key = 'task.review_stale:' || t.id || ':' || (extract(epoch FROM t.updated_at) * 1000000)::bigint)
        ORDER BY t.updated_at LIMIT ${BATCH}`,
      [now, this.config.proactive.staleReviewMinutes],
    );
    for (const { id, spell, minutes } of stale) {
      await this.reportTask(`task.review_stale:${id}:${spell}`, id, (task) => ['task.review_stale', { task, in_review_minutes: minutes }]);
    }
  }

  /** Online, nothing in progress, and no change to the agent or its tasks (token use counts: it marks the agent seen) for the threshold. */
  private async idleAgents(now: Date): Promise<void> {
    const idle: Spell[] = await this.dataSource.query(
      `WITH quiet AS (
         SELECT a.id, greatest(a.updated_at, coalesce(max(t.updated_at), a.updated_at)) AS last_active
           FROM agents a LEFT JOIN tasks t ON t.assignee_id = a.id
          WHERE a.status = 'online'
          GROUP BY a.id
         HAVING count(*) FILTER (WHERE t.status = 'in_progress') = 0)
       SELECT q.id, (extract(epoch FROM q.last_active) * 1000000)::bigint::text AS spell,
              floor(extract(epoch FROM ($1::timestamptz - q.last_active)) / 60)::int AS minutes
         FROM quiet q
        WHERE q.last_active <= $1::timestamptz - make_interval(mins => $2) AND q.last_active > $1::timestamptz - ${LOOKBACK}
          AND NOT EXISTS (SELECT 1 FROM job_effects e WHERE e.key = 'agent.idle:' || q.id || ':' || (extract(epoch FROM q.last_active) * 1000000)::bigint)
        ORDER BY q.last_active LIMIT ${BATCH}`,
      [now, this.config.proactive.agentIdleMinutes],
    );
    for (const { id, spell, minutes } of idle) {
      const agent = await this.dataSource.manager.findOneBy(AgentEntity, { id });
      if (!agent) continue;
      await this.dataSource.transaction(async (manager) => {
        if (!(await this.effects.claim(manager, `agent.idle:${id}:${spell}`))) return;
        await this.outbox.record(manager, 'agent.idle', { agent: agentRefOf(agent), idle_minutes: minutes }, agent.organizationId);
      });
    }
  }

  /** Records the event with the task as it is now, once per key (a task deleted meanwhile is skipped). */
  private async reportTask<K extends 'task.overdue' | 'task.review_stale'>(
    key: string,
    taskId: string,
    event: (task: MissionControlEvents[K]['task']) => [K, MissionControlEvents[K]],
  ): Promise<void> {
    let task: MissionControlEvents[K]['task'];
    try {
      task = await this.tasks.get(ENGINE_PRINCIPAL, taskId);
    } catch (error) {
      if (error instanceof NotFoundException) return;
      throw error;
    }
    const [name, payload] = event(task);
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.effects.claim(manager, key))) return;
      await this.outbox.record(manager, name, payload, task.organization_id);
    });
    this.logger.debug(`${name} recorded for task ${taskId}`);
  }
}
