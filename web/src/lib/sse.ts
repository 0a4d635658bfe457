export interface SseEvent {
  id?: string;
  data: string;
}

/**
 * Reads a text/event-stream as it arrives in chunks of any size: `push` answers the events completed by the chunk.
 * Only `id:` and `data:` matter here (the stream's `retry:` is ignored: reconnecting backs off by itself).
 */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private id: string | undefined;

  push(chunk: string): SseEvent[] {
    this.buffer += chunk;
    const events: SseEvent[] = [];
    let end: number;
    while ((end = this.buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = this.buffer.slice(0, end);
      // a lone \r at the end of a chunk may be the first half of \r\n: wait for the next chunk
      if (this.buffer[end] === '\r' && end === this.buffer.length - 1) break;
      this.buffer = this.buffer.slice(end + (this.buffer.startsWith('\r\n', end) ? 2 : 1));
      if (line === '') {
        if (this.data.length > 0) events.push({ ...(this.id !== undefined ? { id: this.id } : {}), data: this.data.join('\n') });
        this.data = [];
        this.id = undefined;
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'data') this.data.push(value);
      else if (field === 'id') this.id = value;
    }
    return events;
  }
}
