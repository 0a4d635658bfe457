import type { RawData, WebSocket } from 'ws';

const MAX_QUEUED = 100;

export type FirstFrame = { kind: 'frame'; frame: Record<string, unknown> } | { kind: 'timeout' } | { kind: 'closed' } | { kind: 'unreadable' };

/** Parses a text frame into an object, or undefined when it is not a JSON object. */
export function parseJsonFrame(data: RawData | string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(data.toString());
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * For protocols that authenticate in the first message (browsers cannot set headers on a WebSocket): reads the
 * first frame, and keeps the ones a client sends before it was answered so none is lost when the caller takes over.
 */
export class FirstFrameReader {
  private readonly queued: string[] = [];
  private waiting?: (outcome: FirstFrame) => void;
  private handler?: (text: string) => void;
  private closed = false;

  constructor(private readonly socket: WebSocket) {
    socket.on('message', this.onMessage);
    socket.once('close', () => {
      this.closed = true;
      this.waiting?.({ kind: 'closed' });
    });
  }

  read(timeoutMs: number): Promise<FirstFrame> {
    if (this.closed) return Promise.resolve({ kind: 'closed' });
    const next = this.queued.shift();
    if (next !== undefined) return Promise.resolve(toOutcome(next));
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
      const finish = (outcome: FirstFrame) => {
        clearTimeout(timer);
        this.waiting = undefined;
        resolve(outcome);
      };
      this.waiting = finish;
    });
  }

  /** Every later frame (those already queued first) goes to `handler`. */
  handOver(handler: (text: string) => void): void {
    this.handler = handler;
    for (const text of this.queued.splice(0)) handler(text);
  }

  private readonly onMessage = (data: RawData) => {
    const text = data.toString();
    if (this.waiting) this.waiting(toOutcome(text));
    else if (this.handler) this.handler(text);
    else if (this.queued.length < MAX_QUEUED) this.queued.push(text);
    else this.socket.close(1008, 'Too many frames before authentication');
  };
}

function toOutcome(text: string): FirstFrame {
  const frame = parseJsonFrame(text);
  return frame ? { kind: 'frame', frame } : { kind: 'unreadable' };
}
