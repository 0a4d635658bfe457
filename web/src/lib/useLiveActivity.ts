import { useRef } from 'react';
import type { Schemas } from '../api/client';
import { useEventStream, type StreamStatus } from './useEventStream';

export type LiveEntry = Schemas['LiveActivityItemDto'];

/** The organisation's activity trail as it is written (GET /api/v1/command-center/live-activity/stream). */
export function useLiveActivity(organizationId: string | null, onEntry: (entry: LiveEntry) => void): StreamStatus {
  const handler = useRef(onEntry);
  handler.current = onEntry;
  return useEventStream(organizationId ? `/api/v1/command-center/live-activity/stream?organization_id=${encodeURIComponent(organizationId)}` : null, (event) => {
    let frame: { type?: string; entry?: LiveEntry };
    try {
      frame = JSON.parse(event.data);
    } catch {
      return;
    }
    if (frame.type === 'activity' && frame.entry) handler.current(frame.entry);
  });
}
