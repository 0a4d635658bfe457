import { useEffect, useRef, useState } from 'react';
import { clearToken, getToken } from './session';
import { SseParser, type SseEvent } from './sse';

export type StreamStatus = 'connecting' | 'live' | 'offline' | 'refused';

// the service writes a keepalive every 15 s: this long without a byte means the connection died quietly
const SILENCE_MS = 45_000;

/**
 * A Server-Sent Events stream of the API (`path` with its query; null: none), read with fetch so the token travels
 * in the Authorization header rather than in a URL (EventSource's ?token= ends up in access logs and history).
 * After a drop it reconnects with back-off and Last-Event-ID, so the service replays what came in between.
 */
export function useEventStream(path: string | null, onEvent: (event: SseEvent) => void): StreamStatus {
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    if (!path) return;
    let stopped = false;
    let attempts = 0;
    let lastEventId: string | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let controller: AbortController | undefined;

    const reconnectLater = () => {
      if (stopped) return;
      setStatus('offline');
      attempts += 1;
      const delay = Math.min(30_000, 1000 * 2 ** Math.min(attempts - 1, 5));
      retry = setTimeout(connect, delay / 2 + Math.random() * (delay / 2));
    };

    const connect = async () => {
      const token = getToken();
      if (!token || stopped) return;
      controller = new AbortController();
      const abort = controller;
      let silence: ReturnType<typeof setTimeout> | undefined;
      const watch = () => {
        clearTimeout(silence);
        silence = setTimeout(() => abort.abort(), SILENCE_MS);
      };
      try {
        watch();
        const response = await fetch(path, {
          headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream', ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}) },
          cache: 'no-store',
          signal: abort.signal,
        });
        if (response.status === 401) return clearToken('expired');
        if (response.status === 403 || response.status === 404) return setStatus('refused');
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        setStatus('live');
        attempts = 0;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        const parser = new SseParser();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          watch();
          for (const event of parser.push(value)) {
            if (event.id) lastEventId = event.id;
            handler.current(event);
          }
        }
      } catch {
        // dropped, aborted for silence, or the service is down: all end in a reconnect below
      } finally {
        clearTimeout(silence);
      }
      reconnectLater();
    };

    setStatus('connecting');
    void connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      controller?.abort();
    };
  }, [path]);
  return status;
}
