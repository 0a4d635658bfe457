/** The business error codes of the chat socket (document §5). */
export const CHAT_ERROR_CODES = ['AGENT_UNAVAILABLE', 'GATEWAY_OFFLINE', 'SESSION_NOT_FOUND', 'ASSIGNMENT_NOT_FOUND', 'AUTH_REQUIRED', 'INVALID_TOKEN'] as const;
/** Frames that are not understood at all (not JSON, unknown type, missing fields). */
export const INVALID_FRAME = 'INVALID_FRAME';
export type ChatErrorCode = (typeof CHAT_ERROR_CODES)[number] | typeof INVALID_FRAME;

/** A UUID in its usual text form (any version): what the document's frames show and a PostgreSQL uuid holds. */
const SESSION_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Template values, not choices: every client copying them would collide in one session. */
const TEMPLATE_SESSION_IDS = new Set(['00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff']);

export type ClientSessionId = { ok: true; sessionId?: string } | { ok: false; problem: string };

/**
 * The `session_id` of a chat frame: absent (the latest session with the agent), or a UUID the client chose,
 * which names a new session or one of its own. Answers carry it in lower case, as PostgreSQL gives it back.
 */
export function parseClientSessionId(value: unknown): ClientSessionId {
  if (value === undefined || value === null) return { ok: true };
  if (typeof value !== 'string' || !SESSION_ID_PATTERN.test(value)) {
    return { ok: false, problem: 'payload.session_id must be a UUID you choose (8-4-4-4-12 hex digits, e.g. crypto.randomUUID()), or left out for your latest session' };
  }
  const sessionId = value.toLowerCase();
  if (TEMPLATE_SESSION_IDS.has(sessionId)) return { ok: false, problem: 'payload.session_id must not be the nil or max UUID: choose a random one' };
  return { ok: true, sessionId };
}

/** A refusal of one chat frame: the socket stays open and usable. */
export class ChatError extends Error {
  constructor(
    readonly code: ChatErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface ChatFramePayload {
  agent_id: string;
  content: string;
  session_id: string;
  role: 'user' | 'agent' | 'system';
  /** `delta`: partial text, `content` holds everything so far; `final`: the complete answer. */
  state: 'delta' | 'final';
  delta?: string;
  /** The client's id of the message this answers. */
  reply_to?: string;
  created_at: string;
}

export interface OutgoingChatFrame {
  type: 'chat';
  id: string;
  payload: ChatFramePayload;
}

export interface OutgoingErrorFrame {
  type: 'error';
  id?: string;
  payload: { code: ChatErrorCode; message: string; session_id?: string };
}

export type OutgoingUserFrame = OutgoingChatFrame | OutgoingErrorFrame;

/** Everything the socket of one H5 user should see, whichever instance produced it. */
export const h5UserChannel = (userId: string) => `h5-user:${userId}`;

export const errorFrame = (code: ChatErrorCode, message: string, id?: string, sessionId?: string): OutgoingErrorFrame => ({
  type: 'error',
  ...(id ? { id } : {}),
  payload: { code, message, ...(sessionId ? { session_id: sessionId } : {}) },
});
