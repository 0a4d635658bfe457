import type { SuggestionDto } from './dto/suggestion.dto';

/** Every new suggestion, for the SSE streams of every instance (each stream filters by what its caller may see). */
export const SUGGESTIONS_CHANNEL = 'suggestions';

export interface SuggestionAnnouncement {
  suggestion: SuggestionDto;
  /** Its place in the stream (`id:`), the database's order. */
  seq: string;
}

/** On a board's sync channel: `{type: "suggestion.new" | "suggestion.updated", suggestion}`. */
export interface SuggestionBoardEvent {
  suggestion: SuggestionDto;
}
