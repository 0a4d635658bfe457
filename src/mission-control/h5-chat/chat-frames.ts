/** The business error codes of the chat socket (document §5). */
export const CHAT_ERROR_CODES = ['AGENT_UNAVAILABLE', 'GATEWAY_OFFLINE', 'SESSION_NOT_FOUND', 'ASSIGNMENT_NOT_FOUND', 'AUTH_REQUIRED', 'INVALID_TOKEN'] as const;
/** Frames that are not understood at all (not JSON, unknown type, missing fields). */
export const INVALID_FRAME = 'INVALID_FRAME';
export type ChatErrorCode = (typeof CHAT_ERROR_CODES)[number] | typeof INVALID_FRAME;

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
