import { chatUsage, ChatRunTracker, messageText } from './chat-run';

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

describe('chatUsage', () => {
  it("reads OpenClaw's usage on the final message, with its model and provider", () => {
    const run = new ChatRunTracker(new Set(['r1']));
    const message = { ...text('ok'), model: 'gpt-5-mini', provider: 'openai', usage: { input: 120, output: 30, totalTokens: 150, cost: { total: 0.0021 } } };
    expect(run.step({ runId: 'r1', state: 'final', message })).toEqual({
      kind: 'final',
      text: 'ok',
      usage: { inputTokens: 120, outputTokens: 30, costUsd: 0.0021, model: 'openai/gpt-5-mini' },
    });
  });

  it('reads OpenAI-style counts, and finds nothing where nothing was reported', () => {
    expect(chatUsage({ usage: { prompt_tokens: 5, completion_tokens: 7 } })).toEqual({ inputTokens: 5, outputTokens: 7, costUsd: 0, model: null });
    expect(chatUsage({ message: { usage: { input: -1, output: 'x' } } })).toBeUndefined();
    expect(chatUsage({})).toBeUndefined();
    expect(chatUsage({ message: { usage: { input: 0, output: 0, totalTokens: 0 } } })).toBeUndefined();
  });
});
