export interface SnippetSegment {
  text: string;
  marked: boolean;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" };

/** Undoes the API's HTML escaping of snippet text; any other `&…;` stays as written. */
export function unescapeHtml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#39);/g, (_, name: string) => ENTITIES[name]);
}

/**
 * A search snippet (HTML-escaped text with `<mark>`…`</mark>` around the matches) as plain text segments, so it is
 * rendered as text and marks: nothing of it ever becomes markup but the marks themselves.
 */
export function parseSnippet(snippet: string): SnippetSegment[] {
  const segments: SnippetSegment[] = [];
  const pattern = /<mark>([\s\S]*?)<\/mark>/g;
  let at = 0;
  for (const match of snippet.matchAll(pattern)) {
    if (match.index > at) segments.push({ text: unescapeHtml(snippet.slice(at, match.index)), marked: false });
    if (match[1]) segments.push({ text: unescapeHtml(match[1]), marked: true });
    at = match.index + match[0].length;
  }
  if (at < snippet.length) segments.push({ text: unescapeHtml(snippet.slice(at)), marked: false });
  return segments;
}
