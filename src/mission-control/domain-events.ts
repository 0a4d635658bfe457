import type { Actor } from '../core/auth/principal';
import { eventBatchHandlerDecorator, eventHandlerDecorator, jobHandlerDecorator } from '../core/jobs/job.decorators';
import type { Outbox } from '../core/jobs/outbox';
import type { AgentEntity } from './agents/entities/agent.entity';
import type { ApprovalDto } from './approvals/dto/approval.dto';
import type { CalendarEventDto } from './calendar/dto/calendar-event.dto';
import type { TaskScheduleDto } from './calendar/dto/task-schedule.dto';
import type { KnowledgeEntryDto } from './knowledge/dto/knowledge.dto';
import type { TaskDto } from './tasks/dto/task.dto';
import type { TeamDto } from './teams/dto/team.dto';
import type { TaskStatus } from './tasks/entities/task.entity';

/** An agent as events describe it. */
export interface AgentRef {
  id: string;
  name: string;
  organization_id: string;
  board_id: string | null;
  gateway_id: string | null;
}

export function agentRefOf(agent: Pick<AgentEntity, 'id' | 'name' | 'organizationId' | 'boardId' | 'gatewayId'>): AgentRef {
  return { id: agent.id, name: agent.name, organization_id: agent.organizationId, board_id: agent.boardId, gateway_id: agent.gatewayId };
}

export interface GatewayRef {
  id: string;
  name: string;
  organization_id: string;
}

/**
 * Every domain event of Mission Control with its payload (DESIGN §12). Each is recorded in the outbox in
 * the transaction of the change, and handed once to every `@OnMissionControlEvent` handler of its name.
 * Rule conditions read these payloads with dotted paths (`task.status`, `agent.name`).
 */
export interface MissionControlEvents {
  'task.created': { task: TaskDto; actor: Actor };
  /** Any change to a task, the status included; `changes` maps each changed field to `{from, to}`. */
  'task.updated': { task: TaskDto; changes: Record<string, { from: unknown; to: unknown }>; actor: Actor };
  'task.status_changed': { task: TaskDto; from: TaskStatus; to: TaskStatus; actor: Actor };
  'task.assigned': { task: TaskDto; from_assignee_id: string | null; to_assignee_id: string | null; actor: Actor };
  'task.deleted': { task: TaskDto; actor: Actor };
  /** A task's due time passed while it was not done (once per task and due time). */
  'task.overdue': { task: TaskDto; overdue_by_minutes: number };
  /** A task has waited in review with no change for STALE_REVIEW_MINUTES (once per task and review spell). */
  'task.review_stale': { task: TaskDto; in_review_minutes: number };
  'approval.created': { approval: ApprovalDto; actor: Actor };
  'approval.decided': { approval: ApprovalDto; decision: 'approved' | 'rejected'; actor: Actor };
  /** What an agent reported through `POST /api/v1/agent/events`. */
  'agent.event': { event_id: string; agent: AgentRef; event_type: string; board_id: string | null; task_id: string | null; payload: Record<string, unknown> };
  'agent.online': { agent: AgentRef };
  'agent.offline': { agent: AgentRef };
  /** An online agent with no task in progress and no activity for the idle threshold. */
  'agent.idle': { agent: AgentRef; idle_minutes: number };
  'gateway.online': { gateway: GatewayRef };
  'gateway.offline': { gateway: GatewayRef };
  /** A message of an H5 chat, from the user or the agent's final answer. */
  'chat.message': { message_id: string; session_id: string; agent: AgentRef; user_id: string; role: 'user' | 'assistant'; text: string };
  'pipeline.run_finished': {
    run_id: string;
    pipeline_id: string;
    pipeline_name: string;
    board_id: string | null;
    status: 'succeeded' | 'failed' | 'cancelled';
    error: string | null;
  };
  'calendar.event_created': { event: CalendarEventDto; actor: Actor };
  /** `changes` maps each changed field to `{from, to}`. */
  'calendar.event_updated': { event: CalendarEventDto; changes: Record<string, { from: unknown; to: unknown }>; actor: Actor };
  'calendar.event_deleted': { event: CalendarEventDto; actor: Actor };
  'calendar.schedule_created': { schedule: TaskScheduleDto; actor: Actor };
  /** The schedule followed its task's status (actual start or end). */
  'calendar.schedule_updated': { schedule: TaskScheduleDto; changes: Record<string, { from: unknown; to: unknown }>; actor: Actor };
  'calendar.schedule_deleted': { schedule: TaskScheduleDto; actor: Actor };
  'team.created': { team: TeamDto; actor: Actor };
  /** `changes` maps each changed field to `{from, to}`. */
  'team.updated': { team: TeamDto; changes: Record<string, { from: unknown; to: unknown }>; actor: Actor };
  'team.deleted': { team: TeamDto; actor: Actor };
  /** An agent joined a team, or its role in the team changed (`previous_role` is then the old one). */
  'team.member_added': { team_id: string; team_name: string; agent: AgentRef; role_in_team: string; previous_role: string | null; actor: Actor };
  'team.member_removed': { team_id: string; team_name: string; agent: AgentRef; role_in_team: string; actor: Actor };
  'knowledge.created': { entry: KnowledgeEntryDto; actor: Actor };
  /** The entry or its documents changed; `changes` maps each changed field to `{from, to}` (`documents` for an upload or removal). */
  'knowledge.updated': { entry: KnowledgeEntryDto; changes: Record<string, { from: unknown; to: unknown }>; actor: Actor };
  'knowledge.deleted': { entry: KnowledgeEntryDto; actor: Actor };
}

export type MissionControlEventName = keyof MissionControlEvents & string;

/** The outbox as Mission Control writes to it. */
export type MissionControlOutbox = Outbox<MissionControlEvents>;

/** Marks a service method as the handler of one or more Mission Control events. */
export const OnMissionControlEvent = eventHandlerDecorator<MissionControlEvents>();

/** As `OnMissionControlEvent`, for a handler that takes its events in batches. */
export const OnMissionControlEvents = eventBatchHandlerDecorator<MissionControlEvents>();

/** Jobs that Mission Control modules send to themselves (`JobEngine.send`), with their data. */
export interface MissionControlJobs {
  /** Runs an accepted suggestion's action (again, after a crash or a failure worth retrying). */
  'suggestions.execute': { suggestion_id: string };
  /** The proactive engine's minute: schedule-triggered rules, expiry, the overdue / stale review / idle scans. `at` defaults to now. */
  'proactive.tick': { at?: string };
  /** Moves a pipeline run on from its step `step`; a job of a step that is no longer current does nothing. */
  'pipeline.step': { run_id: string; step: number };
  /** Embeds the knowledge entries without a vector of the current model (after a change of model, or a failed job). */
  'knowledge.reembed': Record<string, never>;
}

export const OnMissionControlJob = jobHandlerDecorator<MissionControlJobs>();

/** The catalogue in `/docs`: what each event means and the shape of its payload (Task and Approval as in their routes). */
export const MISSION_CONTROL_EVENT_CATALOGUE: { [K in MissionControlEventName]: { meaning: string; payload: string } } = {
  'task.created': { meaning: 'A task was created (REST, board sync, an agent, a rule or a pipeline).', payload: '{task: Task, actor}' },
  'task.updated': { meaning: 'A task changed, its status included.', payload: '{task: Task, changes: {field: {from, to}}, actor}' },
  'task.status_changed': { meaning: 'A task moved between statuses through the board rules.', payload: '{task: Task, from, to, actor}' },
  'task.assigned': { meaning: 'A task got another assignee (or none); also on a create with an assignee.', payload: '{task: Task, from_assignee_id, to_assignee_id, actor}' },
  'task.deleted': { meaning: 'A task was deleted.', payload: '{task: Task (as it was), actor}' },
  'task.overdue': { meaning: 'A task is past its due time and not done (overdue scan).', payload: '{task: Task, overdue_by_minutes}' },
  'task.review_stale': { meaning: 'A task has waited in review with no change for STALE_REVIEW_MINUTES (stale review scan).', payload: '{task: Task, in_review_minutes}' },
  'approval.created': { meaning: 'An approval was requested for a task.', payload: '{approval: Approval, actor}' },
  'approval.decided': { meaning: 'An approval was approved or rejected.', payload: '{approval: Approval, decision: approved | rejected, actor}' },
  'agent.event': { meaning: 'An agent reported an event (`POST /api/v1/agent/events`).', payload: '{event_id, agent, event_type, board_id, task_id, payload}' },
  'agent.online': { meaning: "An agent's gateway came online.", payload: '{agent}' },
  'agent.offline': { meaning: "An agent's gateway went offline.", payload: '{agent}' },
  'agent.idle': { meaning: 'An online agent has had nothing in progress and no activity for a while (idle scan).', payload: '{agent, idle_minutes}' },
  'gateway.online': { meaning: 'A gateway sent a heartbeat after being offline.', payload: '{gateway: {id, name, organization_id}}' },
  'gateway.offline': { meaning: 'A gateway missed three heartbeats or deregistered.', payload: '{gateway: {id, name, organization_id}}' },
  'chat.message': { meaning: 'An H5 user wrote to an agent, or the agent finished an answer.', payload: '{message_id, session_id, agent, user_id, role: user | assistant, text}' },
  'pipeline.run_finished': { meaning: 'A pipeline run ended.', payload: '{run_id, pipeline_id, pipeline_name, board_id, status: succeeded | failed | cancelled, error}' },
  'calendar.event_created': { meaning: 'A calendar event (or series) was created.', payload: '{event: CalendarEvent, actor}' },
  'calendar.event_updated': { meaning: 'A calendar event changed, its exceptions included.', payload: '{event: CalendarEvent, changes: {field: {from, to}}, actor}' },
  'calendar.event_deleted': { meaning: 'A calendar event (a whole series) was deleted.', payload: '{event: CalendarEvent (as it was), actor}' },
  'calendar.schedule_created': { meaning: 'A task was scheduled.', payload: '{schedule: TaskSchedule, actor}' },
  'calendar.schedule_updated': { meaning: "A schedule followed its task's status (actual start when in progress, actual end when done).", payload: '{schedule: TaskSchedule, changes: {field: {from, to}}, actor}' },
  'calendar.schedule_deleted': { meaning: 'A task schedule was deleted.', payload: '{schedule: TaskSchedule (as it was), actor}' },
  'team.created': { meaning: 'An agent team was created.', payload: '{team: Team, actor}' },
  'team.updated': { meaning: 'A team changed (name, description, type, lead).', payload: '{team: Team, changes: {field: {from, to}}, actor}' },
  'team.deleted': { meaning: 'A team was deleted.', payload: '{team: Team (as it was), actor}' },
  'team.member_added': { meaning: "An agent joined a team, or its role in it changed.", payload: '{team_id, team_name, agent, role_in_team, previous_role, actor}' },
  'team.member_removed': { meaning: 'An agent left a team.', payload: '{team_id, team_name, agent, role_in_team, actor}' },
  'knowledge.created': { meaning: 'A knowledge entry was saved (by an admin or an agent).', payload: '{entry: KnowledgeEntry, actor}' },
  'knowledge.updated': { meaning: 'A knowledge entry, or the documents attached to it, changed.', payload: '{entry: KnowledgeEntry, changes: {field: {from, to}}, actor}' },
  'knowledge.deleted': { meaning: 'A knowledge entry was deleted.', payload: '{entry: KnowledgeEntry (as it was), actor}' },
};

/** The catalogue as a section of the `/docs` description. */
export function domainEventsDocumentation(): string {
  const rows = Object.entries(MISSION_CONTROL_EVENT_CATALOGUE).map(([name, { meaning, payload }]) => `| \`${name}\` | ${meaning} | \`${payload}\` |`);
  return [
    '### Domain events',
    '',
    'Each is recorded in the same transaction as the change it describes (an outbox) and handled once, after the commit, by',
    'every listener: proactive rules, pipeline triggers. `agent` is `{id, name, organization_id, board_id, gateway_id}`;',
    '`actor` is `{type: admin | agent | h5_user | gateway | system, id}`. Rule conditions read payloads by dotted path',
    '(`task.status`, `agent.name`).',
    '',
    '| event | when | payload |',
    '|---|---|---|',
    ...rows,
  ].join('\n');
}
