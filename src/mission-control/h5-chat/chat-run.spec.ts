import { ChatRunTracker, messageText } from './chat-run';

const text = (value: string) => ({ role: 'assistant', content: [{ type: 'text', text: value }] });

describe('ChatRunTracker', () => {
  it('ignores other runs and status events', () => {
    const run = new ChatRunTracker(new Set(['r1']));
    expect(run.step({ runId: 'r2', state: 'delta', deltaText: 'x' })).toEqual({ kind: 'ignore' });
    expect(run.step({ runId: 'r1', state: 'status', phase: 'starting_model' })).toEqual({ kind: 'ignore' });
  });

  it('streams deltas with the text so far, then the final text', () => {
    const run = new ChatRunTracker(new Set(['r1']));
    expect(run.step({ runId: 'r1', state: 'delta', deltaText: 'echo:', message: text('echo:') })).toEqual({ kind: 'delta', text: 'echo:', delta: 'echo:' });
    expect(run.step({ runId: 'r1', state: 'delta', deltaText: ' hi' })).toEqual({ kind: 'delta', text: 'echo: hi', delta: ' hi' });
    expect(run.step({ runId: 'r1', state: 'final', message: text('echo: hi!') })).toEqual({ kind: 'final', text: 'echo: hi!' });
  });

  it('accepts the run id the gateway acknowledged later', () => {
    const run = new ChatRunTracker(new Set(['key']));
    run.addRunId('run-9');
    expect(run.step({ runId: 'run-9', state: 'final', message: text('done') })).toEqual({ kind: 'final', text: 'done' });
  });

  it('reports a run that errored or was aborted', () => {
    const run = new ChatRunTracker(new Set(['r1']));
    expect(run.step({ runId: 'r1', state: 'error', errorMessage: 'model exploded' })).toEqual({ kind: 'failed', code: 'AGENT_UNAVAILABLE', message: 'model exploded' });
    expect(run.step({ runId: 'r1', state: 'aborted' })).toMatchObject({ kind: 'failed', code: 'AGENT_UNAVAILABLE' });
  });

  it('joins only text parts', () => {
    expect(messageText({ content: [{ type: 'text', text: 'a' }, { type: 'image', url: 'x' }, { type: 'text', text: 'b' }] })).toBe('ab');
    expect(messageText({ content: 'plain' })).toBeUndefined();
  });
});
