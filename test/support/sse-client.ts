import { ClientRequest, get, IncomingMessage } from 'node:http';

export interface SseEvent {
  id?: string;
  data: { type: string; [key: string]: unknown };
}

/** A Server-Sent Events client as a browser's EventSource reads a stream: `id:` and `data:` lines, events split by a blank line. */
export class SseClient {
  readonly events: SseEvent[] = [];
  private buffer = '';
  /** Everything received, as text. */
  body = '';
  private waiters: Array<() => void> = [];
  ended = false;

  private constructor(
    readonly request: ClientRequest,
    readonly response: IncomingMessage,
  ) {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      this.body += chunk;
      this.buffer += chunk;
      let end: number;
      while ((end = this.buffer.indexOf('\n\n')) >= 0) {
        this.parse(this.buffer.slice(0, end));
        this.buffer = this.buffer.slice(end + 2);
      }
      this.notify();
    });
    response.on('close', () => {
      this.ended = true;
      this.notify();
    });
  }

  /** Opens the stream; resolves once the answer's head arrived (any status: read `response.statusCode`). */
  static open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    return new Promise((resolve, reject) => {
      const request = get(url, { headers: { Accept: 'text/event-stream', ...headers } }, (response) => resolve(new SseClient(request, response)));
      request.on('error', reject);
    });
  }

  get status(): number | undefined {
    return this.response.statusCode;
  }

  /** The `suggestion.new` events received so far. */
  suggestions(): Array<{ id: string; [key: string]: unknown }> {
    return this.events.filter((event) => event.data.type === 'suggestion.new').map((event) => event.data.suggestion as { id: string });
  }

  async next(match: (event: SseEvent) => boolean, timeoutMs = 10_000, from = 0): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.slice(from).find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(this.events).slice(0, 2000)}`);
      if (this.ended) throw new Error(`the stream ended; got ${JSON.stringify(this.events).slice(0, 2000)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The stream's body when it is not an event stream (an error answer). */
  async text(): Promise<string> {
    while (!this.ended) await new Promise<void>((resolve) => this.waiters.push(resolve));
    return this.body;
  }

  close(): void {
    this.request.destroy();
  }

  private parse(block: string): void {
    let id: string | undefined;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('id:')) id = line.slice(3).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
    }
    if (data.length > 0) this.events.push({ ...(id !== undefined ? { id } : {}), data: JSON.parse(data.join('\n')) });
  }

  private notify(): void {
    const waiting = this.waiters;
    this.waiters = [];
    waiting.forEach((wake) => wake());
  }
}
