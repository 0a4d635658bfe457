import type { JsonObject } from '../../core/database/base.entity';
import type { MissionControlEventName } from '../domain-events';

export const STAGE_TYPES = ['ai_task', 'approval', 'manual', 'webhook', 'condition', 'delay'] as const;
export type StageType = (typeof STAGE_TYPES)[number];

export const TRIGGER_TYPES = ['manual', 'event', 'schedule'] as const;
export type TriggerType = (typeof TRIGGER_TYPES)[number];

/** A jump target that ends the run (successfully) instead of naming a stage. */
export const END_OF_RUN = '$end';

/** Stage keys: what branches, variables and expressions name a stage by. */
export const STAGE_KEY = /^[a-z][a-z0-9_]{0,62}$/;
export const STAGE_KEY_MESSAGE = 'must be 1-63 lower-case letters, digits or _, starting with a letter';

export interface StageDefinition {
  key: string;
  name: string;
  type: StageType;
  config: JsonObject;
}

export type PipelineTrigger =
  | { type: 'manual' }
  | { type: 'event'; event: MissionControlEventName }
  | { type: 'schedule'; cron: string; timezone: string };

/** How a run came about, as its `trigger` field shows. */
export type RunTrigger =
  | { type: 'manual'; by: { type: string; id: string | null } }
  | { type: 'event'; event: string; event_id: string }
  | { type: 'schedule'; fired_at: string };

export const isWaitingType = (type: StageType) => type === 'ai_task' || type === 'approval' || type === 'manual' || type === 'delay';
