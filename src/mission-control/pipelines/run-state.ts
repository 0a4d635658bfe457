import type { JsonObject } from '../../core/database/base.entity';
import { END_OF_RUN, StageDefinition, StageType } from './definition';

export const RUN_STATUSES = ['queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export type FinishedStatus = Extract<RunStatus, 'succeeded' | 'failed' | 'cancelled'>;

export const STAGE_STATUSES = ['pending', 'running', 'waiting', 'succeeded', 'failed', 'skipped', 'cancelled'] as const;
export type StageStatus = (typeof STAGE_STATUSES)[number];

/** A run that loops through its stages this many times ends as failed rather than forever. */
export const MAX_STEPS = 500;

export interface StageState {
  key: string;
  name: string;
  type: StageType;
  status: StageStatus;
  started_at: string | null;
  finished_at: string | null;
  output: JsonObject | null;
  error: string | null;
  /** Tries of the stage's effect on this visit (a webhook's retries, a resumption after a crash). */
  attempts: number;
  /** The run's step when this visit began: the effects of the visit are keyed by it. */
  step: number | null;
}

/**
 * What the state machine reads and writes of a run. `step` grows by one each time the run is handed to a new
 * step job (a stage completed, a delay began, the run was cancelled); a job acts only while its step is current.
 */
export interface RunState {
  status: RunStatus;
  currentStage: string | null;
  step: number;
  stages: StageState[];
  error: string | null;
  finishedAt: Date | null;
}

export function isFinished(status: RunStatus): status is FinishedStatus {
  return status === 'succeeded' || status === 'failed' || status === 'cancelled';
}

export function freshStage(definition: StageDefinition): StageState {
  return { key: definition.key, name: definition.name, type: definition.type, status: 'pending', started_at: null, finished_at: null, output: null, error: null, attempts: 0, step: null };
}

export function stageOf(run: RunState, key: string): StageState {
  const stage = run.stages.find((candidate) => candidate.key === key);
  if (!stage) throw new Error(`the run has no stage "${key}"`);
  return stage;
}

export function currentStageOf(run: RunState): StageState | null {
  return run.currentStage ? stageOf(run, run.currentStage) : null;
}

/** The stage as it is entered: a pending stage begins its visit at the run's current step. */
function entered(run: RunState, key: string, now: Date): StageState {
  const stage = stageOf(run, key);
  if (stage.status === 'pending') {
    stage.started_at = now.toISOString();
    stage.step = run.step;
    stage.attempts = 0;
  }
  return stage;
}

/** The stage's effect begins (or is tried again): `running`. */
export function beginAttempt(run: RunState, key: string, now: Date): StageState {
  const stage = entered(run, key, now);
  stage.status = 'running';
  stage.attempts += 1;
  run.status = 'running';
  return stage;
}

/** The stage waits for something outside (a task, a decision, a person, the clock). */
export function waitAt(run: RunState, key: string, output: JsonObject, now: Date): StageState {
  const stage = entered(run, key, now);
  stage.attempts = Math.max(stage.attempts, 1);
  stage.status = 'waiting';
  stage.output = output;
  stage.error = null;
  run.status = 'waiting';
  return stage;
}

/** A delay: waiting, and a step job is due when it ends. */
export function sleepAt(run: RunState, key: string, output: JsonObject, now: Date): StageState {
  const stage = waitAt(run, key, output, now);
  run.step += 1;
  return stage;
}

/**
 * The stage succeeded; the run goes on to `jump` (a stage key, or END_OF_RUN), else to the next stage in order,
 * else it has succeeded. Stages jumped over are `skipped`; a jump back starts the stages from there afresh.
 */
export function completeStage(run: RunState, definitions: StageDefinition[], key: string, output: JsonObject, now: Date, jump?: string): void {
  const stage = stageOf(run, key);
  stage.status = 'succeeded';
  stage.output = output;
  stage.error = null;
  stage.finished_at = now.toISOString();
  stage.started_at ??= stage.finished_at;
  stage.attempts = Math.max(stage.attempts, 1);
  const from = definitions.findIndex((definition) => definition.key === key);
  const to = jump === END_OF_RUN ? -1 : jump === undefined ? (from + 1 < definitions.length ? from + 1 : -1) : definitions.findIndex((definition) => definition.key === jump);
  if (to < 0) return finishRun(run, 'succeeded', null, now);
  if (run.step + 1 >= MAX_STEPS) return failStage(run, key, `the run took ${MAX_STEPS} steps; a loop between its stages never ends`, now);
  if (to > from) {
    for (const skipped of run.stages.slice(from + 1, to)) if (skipped.status === 'pending') skipped.status = 'skipped';
  } else {
    run.stages.splice(to, run.stages.length - to, ...definitions.slice(to).map(freshStage));
  }
  run.currentStage = definitions[to].key;
  run.status = 'running';
  run.step += 1;
}

/** The stage failed for good: so does the run. */
export function failStage(run: RunState, key: string, error: string, now: Date): void {
  const stage = stageOf(run, key);
  stage.status = 'failed';
  stage.error = error;
  stage.finished_at = now.toISOString();
  stage.started_at ??= stage.finished_at;
  finishRun(run, 'failed', `${stage.name}: ${error}`, now);
}

/** An admin stopped the run: the stage it was on is `cancelled`, and one more step job cleans up what that stage opened. */
export function cancelRun(run: RunState, now: Date): StageState | null {
  const stage = currentStageOf(run);
  if (stage && (stage.status === 'pending' || stage.status === 'running' || stage.status === 'waiting')) {
    stage.status = 'cancelled';
    stage.finished_at = now.toISOString();
  }
  finishRun(run, 'cancelled', null, now);
  run.step += 1;
  return stage;
}

function finishRun(run: RunState, status: FinishedStatus, error: string | null, now: Date): void {
  for (const stage of run.stages) if (stage.status === 'pending') stage.status = 'skipped';
  run.status = status;
  run.error = error;
  run.finishedAt = now;
  if (status === 'succeeded') run.currentStage = null;
}
