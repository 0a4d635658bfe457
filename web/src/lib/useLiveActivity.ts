import { useEffect, useRef, useState } from 'react';
import type { Schemas } from '../api/client';
import { getToken } from './session';

export type LiveEntry = Schemas['LiveActivityItemDto'];
export type LiveStatus = 'connecting' | 'live' | 'offline';

/**
 * The activity trail's live frames (Server-Sent Events, /api/v1/command-center/live-activity/stream; the token as
 * ?token= since EventSource cannot set headers). While the stream stays open, EventSource reconnects by itself and
 * sends Last-Event-ID, so the service replays what was missed. When the browser gives up (the service answered
 * with an error), a new stream opens after a pause and `onGap` is called: entries may be missing, reload them.
 */
export function useLiveActivity(organizationId: string | null, onEntry: (entry: LiveEntry) => void, onGap: () => void): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const handlers = useRef({ onEntry, onGap });
  handlers.current = { onEntry, onGap };
  useEffect(() => {
    if (!organizationId) return;
    let source: EventSource | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let attempts = 0;
    const open = (afterGap: boolean) => {
      const token = getToken();
      if (!token) return;
      const query = new URLSearchParams({ organization_id: organizationId, token });
      source = new EventSource(`/api/v1/command-center/live-activity/stream?${query}`);
      source.onopen = () => {
        attempts = 0;
        setStatus('live');
        if (afterGap) handlers.current.onGap();
        afterGap = false;
      };
      source.onmessage = (event) => {
        let frame: { type?: string; entry?: LiveEntry };
        try {
          frame = JSON.parse(String(event.data));
        } catch {
          return;
        }
        if (frame.type === 'activity' && frame.entry) handlers.current.onEntry(frame.entry);
      };
      source.onerror = () => {
        setStatus('offline');
        if (source?.readyState !== EventSource.CLOSED) return;
        attempts += 1;
        retry = setTimeout(() => open(true), Math.min(30_000, 1_000 * 2 ** Math.min(attempts, 5)));
      };
    };
    setStatus('connecting');
    open(false);
    return () => {
      clearTimeout(retry);
      source?.close();
    };
  }, [organizationId]);
  return status;
}
