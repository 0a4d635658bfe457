import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { chatLogReducer, emptyChatLog, type ChatFrame, type ChatLog } from './chatLog';

export type ChatConnection = 'idle' | 'connecting' | 'live' | 'offline' | 'refused';

export interface H5Chat {
  connection: ChatConnection;
  log: ChatLog;
  /** Sends a message (or, with the id of a failed one, tries it again: the service never sends one id twice). */
  send(input: { id?: string; content: string; sessionId: string }): string | undefined;
  /** Tells the socket the user's assignments changed (a fresh auth frame makes it list them again). */
  reauthenticate(): void;
}

const CHAT_FRAMES = new Set(['chat', 'error', 'system']);

/**
 * The H5 chat socket (/ws/h5/chat) of one H5 user, talking to one agent. The token goes in the first frame, not in
 * the URL, so it stays out of logs; a refreshed token is handed to the open socket without reconnecting. After a
 * drop it reconnects with back-off; a refused token ends it.
 */
export function useH5Chat(userId: string | null, token: string | null, agentId: string | null, sessionId: string | null): H5Chat {
  const [connection, setConnection] = useState<ChatConnection>('idle');
  const [log, dispatch] = useReducer(chatLogReducer, undefined, emptyChatLog);
  const socketRef = useRef<WebSocket | null>(null);
  const tokenRef = useRef(token);
  const agentRef = useRef(agentId);
  const sessionRef = useRef(sessionId);
  agentRef.current = agentId;
  sessionRef.current = sessionId;

  useEffect(() => {
    tokenRef.current = token;
    const socket = socketRef.current;
    if (token && socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'auth', payload: { token } }));
  }, [token]);

  const signedIn = token !== null;
  useEffect(() => {
    dispatch({ kind: 'clear' });
    if (!userId || !signedIn) {
      setConnection('idle');
      return;
    }
    let stopped = false;
    let attempts = 0;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const connect = () => {
      setConnection(attempts === 0 ? 'connecting' : 'offline');
      const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
      const socket = new WebSocket(`${scheme}://${window.location.host}/ws/h5/chat`);
      socketRef.current = socket;
      let refused = false;
      socket.onopen = () => socket.send(JSON.stringify({ type: 'auth', payload: { token: tokenRef.current } }));
      socket.onmessage = (event) => {
        let frame: { type?: string; id?: string; payload?: unknown };
        try {
          frame = JSON.parse(String(event.data));
        } catch {
          return;
        }
        if (frame.type === 'auth_ok') {
          attempts = 0;
          setConnection('live');
        } else if (frame.type === 'auth_error') {
          refused = true;
          setConnection('refused');
        } else if (frame.type && CHAT_FRAMES.has(frame.type) && agentRef.current) {
          dispatch({ kind: 'frame', frame: frame as ChatFrame, agentId: agentRef.current, sessionId: sessionRef.current });
        }
      };
      socket.onclose = () => {
        if (socketRef.current === socket) socketRef.current = null;
        if (stopped || refused) return;
        attempts += 1;
        setConnection('offline');
        retry = setTimeout(connect, Math.min(10_000, 500 * 2 ** Math.min(attempts, 5)));
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      socketRef.current?.close();
      socketRef.current = null;
    };
  }, [userId, signedIn]);

  const send = useCallback((input: { id?: string; content: string; sessionId: string }) => {
    const socket = socketRef.current;
    const agent = agentRef.current;
    if (!socket || socket.readyState !== WebSocket.OPEN || !agent) return undefined;
    const id = input.id ?? crypto.randomUUID();
    dispatch({ kind: 'sent', id, sessionId: input.sessionId, content: input.content });
    socket.send(JSON.stringify({ type: 'chat', id, payload: { agent_id: agent, content: input.content, session_id: input.sessionId } }));
    return id;
  }, []);

  const reauthenticate = useCallback(() => {
    const socket = socketRef.current;
    if (socket?.readyState === WebSocket.OPEN && tokenRef.current) socket.send(JSON.stringify({ type: 'auth', payload: { token: tokenRef.current } }));
  }, []);

  return { connection, log, send, reauthenticate };
}
