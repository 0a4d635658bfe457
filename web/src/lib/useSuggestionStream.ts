import { useRef } from 'react';
import type { Schemas } from '../api/client';
import { useEventStream, type StreamStatus } from './useEventStream';

export type { StreamStatus };
type Suggestion = Schemas['SuggestionDto'];

/** The organisation's live suggestions (GET /api/v1/suggestions/stream). */
export function useSuggestionStream(organizationId: string | null, onSuggestion: (suggestion: Suggestion) => void): StreamStatus {
  const handler = useRef(onSuggestion);
  handler.current = onSuggestion;
  return useEventStream(organizationId ? `/api/v1/suggestions/stream?organization_id=${encodeURIComponent(organizationId)}` : null, (event) => {
    let frame: { type?: string; suggestion?: Suggestion };
    try {
      frame = JSON.parse(event.data);
    } catch {
      return;
    }
    if (frame.type === 'suggestion.new' && frame.suggestion) handler.current(frame.suggestion);
  });
}
