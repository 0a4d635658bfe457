import type { Schemas } from '../api/client';

// The pipeline editor's draft: every setting as the form holds it (text), and the API body made from it.
export type Pipeline = Schemas['PipelineDto'];
export type Stage = Schemas['StageDto'];
export type StageType = Stage['type'];
export type Trigger = Schemas['TriggerDto'];
export type EventName = NonNullable<Trigger['event']>;

export type FieldKind = 'text' | 'textarea' | 'select' | 'json' | 'bool' | 'number' | 'seconds';
export interface Field {
  name: string;
  kind: FieldKind;
  required?: boolean;
  options?: string[];
  /** what the API uses when the field is left empty */
  fallback?: string;
}

export const STAGE_TYPES: StageType[] = ['manual', 'ai_task', 'approval', 'webhook', 'condition', 'delay'];
/** The settings of each stage type, as the API's stage configs define them. */
export const FIELDS: Record<StageType, Field[]> = {
  ai_task: [
    { name: 'title', kind: 'text', required: true },
    { name: 'agent_id', kind: 'text' },
    { name: 'priority', kind: 'select', options: ['low', 'medium', 'high', 'urgent'], fallback: 'medium' },
    { name: 'status', kind: 'select', options: ['inbox', 'todo', 'in_progress'], fallback: 'todo' },
    { name: 'description', kind: 'textarea' },
    { name: 'send_to_agent', kind: 'bool' },
  ],
  approval: [
    { name: 'action_type', kind: 'text', required: true },
    { name: 'task', kind: 'text' },
    { name: 'on_approved', kind: 'text' },
    { name: 'on_rejected', kind: 'text', fallback: 'fail' },
    { name: 'payload', kind: 'json' },
  ],
  manual: [{ name: 'instructions', kind: 'textarea' }],
  webhook: [
    { name: 'url', kind: 'text', required: true },
    { name: 'method', kind: 'select', options: ['POST', 'PUT', 'PATCH', 'GET', 'DELETE'], fallback: 'POST' },
    { name: 'timeout_seconds', kind: 'number', fallback: '10' },
    { name: 'headers', kind: 'json' },
    { name: 'body', kind: 'json' },
  ],
  condition: [
    { name: 'expression', kind: 'text', required: true },
    { name: 'on_true', kind: 'text' },
    { name: 'on_false', kind: 'text' },
  ],
  delay: [{ name: 'seconds', kind: 'seconds', required: true }],
};
export const EVENTS = {
  'task.created': 1, 'task.updated': 1, 'task.status_changed': 1, 'task.assigned': 1, 'task.deleted': 1, 'task.overdue': 1, 'task.review_stale': 1,
  'approval.created': 1, 'approval.decided': 1, 'agent.event': 1, 'agent.online': 1, 'agent.offline': 1, 'agent.idle': 1, 'gateway.online': 1,
  'gateway.offline': 1, 'chat.message': 1, 'pipeline.run_finished': 1, 'calendar.event_created': 1, 'calendar.event_updated': 1,
  'calendar.event_deleted': 1, 'calendar.schedule_created': 1, 'calendar.schedule_updated': 1, 'calendar.schedule_deleted': 1, 'team.created': 1,
  'team.updated': 1, 'team.deleted': 1, 'team.member_added': 1, 'team.member_removed': 1, 'knowledge.created': 1, 'knowledge.updated': 1, 'knowledge.deleted': 1,
} satisfies Record<EventName, 1>;

export interface DraftStage {
  uid: number;
  key: string;
  name: string;
  type: StageType;
  values: Record<string, string | boolean>;
}
export interface Draft {
  name: string;
  description: string;
  enabled: boolean;
  boardId: string | null;
  trigger: { type: Trigger['type']; event: EventName | null; cron: string; timezone: string };
  stages: DraftStage[];
}

let nextUid = 1;
/** A new stage of the editor (uid: React's key for it while it moves). */
export function newStage(key: string, name: string): DraftStage {
  return { uid: nextUid++, key, name, type: 'manual', values: {} };
}

export function toDraftStage(stage: Stage): DraftStage {
  const config = stage.config as Record<string, unknown>;
  const values: DraftStage['values'] = {};
  for (const field of FIELDS[stage.type]) {
    const value = config[field.name];
    if (field.kind === 'bool') values[field.name] = value === true;
    else if (field.kind === 'json') values[field.name] = value === undefined ? '' : JSON.stringify(value, null, 2);
    else values[field.name] = value === undefined || value === null ? '' : String(value);
  }
  return { uid: nextUid++, key: stage.key, name: stage.name, type: stage.type, values };
}

export function toDraft(pipeline: Pipeline): Draft {
  const { trigger } = pipeline;
  return {
    name: pipeline.name,
    description: pipeline.description ?? '',
    enabled: pipeline.enabled,
    boardId: pipeline.board_id,
    trigger: { type: trigger.type, event: trigger.event ?? null, cron: trigger.cron ?? '', timezone: trigger.timezone ?? 'UTC' },
    stages: pipeline.stages.map(toDraftStage),
  };
}

/** The draft as the API takes it; a JSON field that does not parse is reported by its label. */
export function toBody(draft: Draft, label: (field: string) => string, invalid: (label: string) => string): Schemas['UpdatePipelineDto'] {
  const stages = draft.stages.map(({ key, name, type, values }) => {
    const config: Record<string, unknown> = {};
    for (const field of FIELDS[type]) {
      const value = values[field.name];
      if (field.kind === 'bool') {
        if (value === true) config[field.name] = true;
        continue;
      }
      const text = typeof value === 'string' ? value.trim() : '';
      if (!text) continue;
      if (field.kind === 'json') {
        try {
          config[field.name] = JSON.parse(text);
        } catch {
          throw new Error(invalid(`${name || key} · ${label(field.name)}`));
        }
      } else if (field.kind === 'number' || (field.kind === 'seconds' && /^\d+$/.test(text))) config[field.name] = Number(text);
      else config[field.name] = text;
    }
    return { key, name, type, config } as Stage;
  });
  const { type, event, cron, timezone } = draft.trigger;
  const trigger: Trigger = type === 'event' ? { type, event: event ?? undefined } : type === 'schedule' ? { type, cron, timezone: timezone || 'UTC' } : { type };
  return { name: draft.name.trim(), description: draft.description.trim() || null, enabled: draft.enabled, board_id: draft.boardId, trigger, stages };
}

