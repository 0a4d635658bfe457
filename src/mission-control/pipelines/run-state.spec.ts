import { StageDefinition } from './definition';
import { beginAttempt, cancelRun, completeStage, failStage, freshStage, MAX_STEPS, RunState, sleepAt, stageOf, waitAt } from './run-state';

const definitions: StageDefinition[] = [
  { key: 'draft', name: 'Draft', type: 'ai_task', config: {} },
  { key: 'check', name: 'Check', type: 'condition', config: {} },
  { key: 'review', name: 'Review', type: 'approval', config: {} },
  { key: 'publish', name: 'Publish', type: 'webhook', config: {} },
];
const now = new Date('2026-01-05T10:00:00Z');

function newRun(): RunState {
  return { status: 'queued', currentStage: 'draft', step: 0, stages: definitions.map(freshStage), error: null, finishedAt: null };
}

describe('the pipeline run state machine', () => {
  it('walks the stages in order, one step per hand-over, and succeeds after the last', () => {
    const run = newRun();
    beginAttempt(run, 'draft', now);
    expect(run).toMatchObject({ status: 'running', step: 0 });
    waitAt(run, 'draft', { task_id: 't' }, now);
    expect(run.status).toBe('waiting');
    for (const key of ['draft', 'check', 'review', 'publish']) completeStage(run, definitions, key, { ok: key }, now);
    expect(run).toMatchObject({ status: 'succeeded', currentStage: null, step: 3, finishedAt: now });
    expect(run.stages.map((stage) => stage.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    expect(stageOf(run, 'draft')).toMatchObject({ output: { ok: 'draft' }, attempts: 1, step: 0, started_at: now.toISOString() });
  });

  it('skips the stages a forward jump passes, and ends on END_OF_RUN', () => {
    const run = newRun();
    completeStage(run, definitions, 'draft', {}, now);
    completeStage(run, definitions, 'check', { result: false }, now, 'publish');
    expect(run.currentStage).toBe('publish');
    expect(stageOf(run, 'review').status).toBe('skipped');
    completeStage(run, definitions, 'publish', {}, now, '$end');
    expect(run.status).toBe('succeeded');
  });

  it('starts the stages afresh from where a backward jump lands', () => {
    const run = newRun();
    completeStage(run, definitions, 'draft', { task_id: 'first' }, now);
    completeStage(run, definitions, 'check', {}, now);
    completeStage(run, definitions, 'review', { decision: 'rejected' }, now, 'draft');
    expect(run.currentStage).toBe('draft');
    expect(run.stages.map((stage) => stage.status)).toEqual(['pending', 'pending', 'pending', 'pending']);
    expect(stageOf(run, 'draft').output).toBeNull();
  });

  it('fails a run that never stops looping', () => {
    const run = newRun();
    run.step = MAX_STEPS - 1;
    completeStage(run, definitions, 'check', {}, now, 'draft');
    expect(run.status).toBe('failed');
    expect(run.error).toContain('loop');
  });

  it('counts the tries of a stage, and a failure ends the run with the stage named', () => {
    const run = newRun();
    beginAttempt(run, 'draft', now);
    beginAttempt(run, 'draft', now);
    failStage(run, 'draft', 'answered 500', now);
    expect(stageOf(run, 'draft')).toMatchObject({ status: 'failed', attempts: 2, error: 'answered 500' });
    expect(run).toMatchObject({ status: 'failed', error: 'Draft: answered 500', currentStage: 'draft' });
    expect(run.stages.slice(1).map((stage) => stage.status)).toEqual(['skipped', 'skipped', 'skipped']);
  });

  it('hands a delay and a cancellation to a new step job', () => {
    const run = newRun();
    sleepAt(run, 'draft', { wake_at: 'later' }, now);
    expect(run).toMatchObject({ status: 'waiting', step: 1 });
    const cancelled = cancelRun(run, now);
    expect(cancelled?.key).toBe('draft');
    expect(run).toMatchObject({ status: 'cancelled', step: 2, currentStage: 'draft' });
    expect(run.stages.map((stage) => stage.status)).toEqual(['cancelled', 'skipped', 'skipped', 'skipped']);
  });
});
