import { describe, expect, it } from 'vitest';
import { chatLogReducer, emptyChatLog, isAnswering, mergeConversation, type ChatEntry, type ChatFrame, type ChatLog } from './chatLog';

const agent = 'a1';
const session = 's1';
const frame = (log: ChatLog, f: ChatFrame) => chatLogReducer(log, { kind: 'frame', frame: f, agentId: agent, sessionId: session });
const chat = (id: string, content: string, state: 'delta' | 'final', replyTo = 'm1'): ChatFrame => ({
  type: 'chat',
  id,
  payload: { agent_id: agent, session_id: session, role: 'agent', content, state, reply_to: replyTo },
});

describe('the live chat log', () => {
  it('shows the answer growing, then final, and the question answered', () => {
    let log = chatLogReducer(emptyChatLog(), { kind: 'sent', id: 'm1', sessionId: session, content: 'hi' });
    expect(isAnswering(log, session)).toBe(true);
    log = frame(log, chat('r1', 'echo', 'delta'));
    expect(log.entries.get('r1')).toMatchObject({ content: 'echo', state: 'streaming' });
    expect(log.entries.get('m1')?.state).toBe('complete');
    expect(isAnswering(log, session)).toBe(true);
    log = frame(log, chat('r1', 'echo: hi', 'final'));
    // a delta arriving after the final answer changes nothing
    log = frame(log, chat('r1', 'echo:', 'delta'));
    expect(log.entries.get('r1')).toMatchObject({ content: 'echo: hi', state: 'complete' });
    expect(isAnswering(log, session)).toBe(false);
  });

  it('marks the message and its half answer failed with the gateway’s reason; an error of no message is a problem of its own', () => {
    let log = chatLogReducer(emptyChatLog(), { kind: 'sent', id: 'm1', sessionId: session, content: 'hi' });
    log = frame(log, chat('r1', 'ec', 'delta'));
    log = frame(log, { type: 'error', id: 'm1', payload: { code: 'GATEWAY_OFFLINE', message: 'The gateway went away' } });
    expect(log.entries.get('m1')).toMatchObject({ state: 'failed', error: { code: 'GATEWAY_OFFLINE', message: 'The gateway went away' } });
    expect(log.entries.get('r1')?.state).toBe('failed');
    expect(isAnswering(log, session)).toBe(false);
    log = frame(log, { type: 'error', payload: { code: 'INVALID_FRAME', message: 'bad' } });
    expect(log.problem).toEqual({ code: 'INVALID_FRAME', message: 'bad' });
  });

  it('ignores answers of other agents and lays live entries over the history by id', () => {
    let log = frame(emptyChatLog(), { ...chat('x', 'other', 'final'), payload: { ...chat('x', 'other', 'final').payload, agent_id: 'a2' } } as ChatFrame);
    expect(log.entries.size).toBe(0);
    const history: ChatEntry[] = [
      { id: 'm0', sessionId: session, role: 'user', content: 'before', state: 'complete' },
      { id: 'r0', sessionId: session, role: 'agent', content: 'partial', state: 'streaming' },
    ];
    log = frame(log, chat('r0', 'whole', 'final', 'm0'));
    log = chatLogReducer(log, { kind: 'sent', id: 'm2', sessionId: session, content: 'next' });
    log = chatLogReducer(log, { kind: 'sent', id: 'm3', sessionId: 'elsewhere', content: 'not here' });
    expect(mergeConversation(history, log, session).map((e) => [e.id, e.content])).toEqual([
      ['m0', 'before'],
      ['r0', 'whole'],
      ['m2', 'next'],
    ]);
  });
});
