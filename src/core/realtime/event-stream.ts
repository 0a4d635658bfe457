import type { Request, Response } from 'express';

/** How often an idle Server-Sent Events stream gets a keepalive frame (proxies close silent connections). */
export const KEEPALIVE_MS = 15_000;
const KEEPALIVE_FRAME = 'data: {"type":"keepalive"}\n\n';
/** A client this far behind (bytes its socket has not taken) is cut off: it reconnects and replays from the database. */
export const MAX_STREAM_BUFFERED_BYTES = 1024 * 1024;
const RECONNECT_AFTER_MS = 3_000;

/** Answers with a Server-Sent Events stream: headers that keep proxies from buffering it, and the client's reconnect delay. */
export function openEventStream(request: Request, response: Response): void {
  response.status(200);
  response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  response.setHeader('Cache-Control', 'no-cache, no-transform');
  response.setHeader('Connection', 'keep-alive');
  response.setHeader('X-Accel-Buffering', 'no');
  response.flushHeaders();
  request.socket.setNoDelay(true);
  response.write(`retry: ${RECONNECT_AFTER_MS}\n\n`);
}

/** One open stream's socket, with bounded memory: a client that stops reading is disconnected. */
export class EventStreamClient {
  constructor(readonly response: Response) {}

  write(chunk: string): void {
    if (this.response.writableEnded || this.response.destroyed) return;
    if (this.response.writableLength > MAX_STREAM_BUFFERED_BYTES) {
      this.response.destroy();
      return;
    }
    this.response.write(chunk);
  }
}

/** Sends a keepalive to every client named by `clients` every KEEPALIVE_MS; clear the answered timer to stop. */
export function keepStreamsAlive(clients: () => Iterable<EventStreamClient>): NodeJS.Timeout {
  const timer = setInterval(() => {
    for (const client of clients()) client.write(KEEPALIVE_FRAME);
  }, KEEPALIVE_MS);
  timer.unref();
  return timer;
}
