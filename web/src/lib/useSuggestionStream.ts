import { useEffect, useRef, useState } from 'react';
import type { Schemas } from '../api/client';
import { clearToken, getToken } from './session';
import { SseParser } from './sse';

export type StreamStatus = 'connecting' | 'live' | 'offline' | 'refused';
type Suggestion = Schemas['SuggestionDto'];

// the service writes a keepalive every 15 s: this long without a byte means the connection died quietly
const SILENCE_MS = 45_000;

/**
 * The organisation's live suggestions (GET /api/v1/suggestions/stream), read with fetch so the token travels in the
 * Authorization header rather than in a URL (EventSource's ?token= ends up in access logs and history). After a drop
 * it reconnects with back-off and Last-Event-ID, so the service replays what came in between.
 */
export function useSuggestionStream(organizationId: string | null, onSuggestion: (suggestion: Suggestion) => void): StreamStatus {
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const handler = useRef(onSuggestion);
  handler.current = onSuggestion;
  useEffect(() => {
    if (!organizationId) return;
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
        const response = await fetch(`/api/v1/suggestions/stream?organization_id=${encodeURIComponent(organizationId)}`, {
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
            let frame: { type?: string; suggestion?: Suggestion };
            try {
              frame = JSON.parse(event.data);
            } catch {
              continue;
            }
            if (frame.type === 'suggestion.new' && frame.suggestion) handler.current(frame.suggestion);
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
  }, [organizationId]);
  return status;
}
