/** One line of a conversation as the chat pane shows it, whether it came from the history or the live socket. */
export interface ChatEntry {
  id: string;
  sessionId: string;
  role: 'user' | 'agent' | 'system';
  content: string;
  state: 'pending' | 'streaming' | 'complete' | 'failed';
  /** what went wrong, as the service said it (error frames carry a code and a sentence; the history only the code) */
  error?: { code: string; message?: string };
  replyTo?: string | null;
}

/** A frame of `/ws/h5/chat` after the handshake. */
export type ChatFrame =
  | { type: 'chat'; id: string; payload: { agent_id: string; session_id: string; role: string; content: string; state: 'delta' | 'final'; reply_to?: string } }
  | { type: 'error'; id?: string; payload: { code: string; message: string; session_id?: string } }
  | { type: 'system'; payload: { event: string; agent_id: string } };

export interface ChatLog {
  /** live entries by id, in arrival order (Map keeps it) */
  entries: Map<string, ChatEntry>;
  /** an error that belongs to no message (a refused frame without an id) */
  problem?: { code: string; message: string };
}

export type ChatLogAction =
  | { kind: 'sent'; id: string; sessionId: string; content: string }
  | { kind: 'frame'; frame: ChatFrame; agentId: string; sessionId: string | null }
  | { kind: 'clear' };

export const emptyChatLog = (): ChatLog => ({ entries: new Map() });

/** What the live socket adds to the conversations: the user's messages, the agent's growing answers, refusals, notices. */
export function chatLogReducer(log: ChatLog, action: ChatLogAction): ChatLog {
  if (action.kind === 'clear') return emptyChatLog();
  const entries = new Map(log.entries);
  const patch = (id: string, change: Partial<ChatEntry>) => {
    const entry = entries.get(id);
    if (entry) entries.set(id, { ...entry, ...change });
  };
  if (action.kind === 'sent') {
    entries.set(action.id, { id: action.id, sessionId: action.sessionId, role: 'user', content: action.content, state: 'pending' });
    return { ...log, entries };
  }
  const { frame } = action;
  switch (frame.type) {
    case 'chat': {
      const { payload } = frame;
      if (payload.agent_id !== action.agentId) return log;
      const state = payload.state === 'final' ? 'complete' : 'streaming';
      const before = entries.get(frame.id);
      // a late delta must not undo a final answer that arrived first
      if (before?.state === 'complete' && state === 'streaming') return log;
      entries.set(frame.id, { id: frame.id, sessionId: payload.session_id, role: 'agent', content: payload.content, state, replyTo: payload.reply_to ?? null });
      if (payload.reply_to) patch(payload.reply_to, { state: 'complete', error: undefined });
      return { ...log, entries };
    }
    case 'error': {
      const error = { code: frame.payload.code, message: frame.payload.message };
      if (!frame.id || !entries.has(frame.id)) return { ...log, problem: error };
      patch(frame.id, { state: 'failed', error });
      for (const entry of entries.values()) if (entry.replyTo === frame.id && entry.state === 'streaming') patch(entry.id, { state: 'failed', error });
      return { ...log, entries };
    }
    case 'system': {
      if (frame.payload.agent_id !== action.agentId || !action.sessionId) return log;
      const id = `system-${entries.size}-${frame.payload.event}`;
      entries.set(id, { id, sessionId: action.sessionId, role: 'system', content: frame.payload.event, state: 'complete' });
      return { ...log, entries };
    }
  }
}

/** The history of a session (oldest first) with the live entries laid over it: the same id is the same message. */
export function mergeConversation(history: ChatEntry[], log: ChatLog, sessionId: string): ChatEntry[] {
  const seen = new Set(history.map((entry) => entry.id));
  const merged = history.map((entry) => log.entries.get(entry.id) ?? entry);
  for (const entry of log.entries.values()) if (entry.sessionId === sessionId && !seen.has(entry.id)) merged.push(entry);
  return merged;
}

/**
 * Whether the agent is still answering in this conversation: a message sent from here waits for its answer, or one
 * streams. Only live entries count: a history row left "streaming" by a run that died long ago is no answer on its way.
 */
export const isAnswering = (log: ChatLog, sessionId: string) =>
  [...log.entries.values()].some((entry) => entry.sessionId === sessionId && (entry.state === 'pending' || entry.state === 'streaming'));
