import { useEffect, useState, type Dispatch } from 'react';
import type { KanbanAction, SyncFrame } from './kanban';
import { clearToken, getToken } from './session';

export type SyncStatus = 'connecting' | 'live' | 'offline' | 'refused';

const FRAMES = new Set<string>(['board.state', 'task.created', 'task.updated', 'task.deleted']);

/**
 * The board's live sync socket (/ws/board/{id}/sync, the token as ?token= since browsers cannot set headers on a
 * WebSocket): every frame about the board's tasks goes to `dispatch`. It reconnects after a drop, and each new
 * connection starts with a fresh board.state, so nothing missed in between stays missing.
 */
export function useBoardSync(boardId: string, dispatch: Dispatch<KanbanAction>): { status: SyncStatus; reason?: string } {
  const [state, setState] = useState<{ status: SyncStatus; reason?: string }>({ status: 'connecting' });
  useEffect(() => {
    let socket: WebSocket | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let attempts = 0;
    const connect = () => {
      const token = getToken();
      if (!token) return;
      const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
      socket = new WebSocket(`${scheme}://${window.location.host}/ws/board/${encodeURIComponent(boardId)}/sync?token=${encodeURIComponent(token)}`);
      let refusal: string | undefined;
      socket.onmessage = (event) => {
        let frame: { type?: string; payload?: { code?: string; message?: string } };
        try {
          frame = JSON.parse(String(event.data));
        } catch {
          return;
        }
        if (frame.type === 'board.state') {
          attempts = 0;
          setState({ status: 'live' });
        }
        if (frame.type === 'error') refusal = frame.payload?.message;
        if (frame.type && FRAMES.has(frame.type)) dispatch(frame as SyncFrame);
      };
      socket.onclose = (event) => {
        if (stopped) return;
        if (event.code === 4401) return clearToken('expired');
        if (event.code === 4403 || event.code === 4404) return setState({ status: 'refused', reason: refusal ?? `WebSocket ${event.code}` });
        setState({ status: 'offline' });
        attempts += 1;
        retry = setTimeout(connect, Math.min(10_000, 500 * 2 ** Math.min(attempts, 5)));
      };
    };
    setState({ status: 'connecting' });
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      socket?.close();
    };
  }, [boardId, dispatch]);
  return state;
}
