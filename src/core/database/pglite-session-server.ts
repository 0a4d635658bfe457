import { createServer, Server, Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketHandler } from '@electric-sql/pglite-socket';
import { WalSync } from './wal-sync';

const PROTOCOL_VERSION_3 = 196608;
const SYNC = 0x53; // 'S'
const SIMPLE_QUERY = 0x51; // 'Q'
const TERMINATE = 0x58; // 'X'

interface HeldAnswer {
  /** The WAL flush this part of an answer waits for. */
  flush: number;
  data: Uint8Array;
  onData: (data: Uint8Array) => void;
}

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
}

// extended-protocol messages whose answers a server may keep until the client's Sync or Flush (Parse, Bind, Describe, Execute, Close)
const BUFFERED_ANSWERS = new Set([0x50, 0x42, 0x44, 0x45, 0x43]);

/** True when this message ends what a client sent as one unit (a simple query, an extended Sync, a startup). */
function endsExchange(message: Uint8Array): boolean {
  const view = Buffer.from(message.buffer, message.byteOffset, message.byteLength);
  if (view.length >= 8 && view.readInt32BE(4) === PROTOCOL_VERSION_3) return true;
  return message[0] === SYNC || message[0] === SIMPLE_QUERY || message[0] === TERMINATE;
}

/**
 * PGlite is one Postgres session shared by every socket. This queue runs one client's messages at a time
 * and hands the session over only between exchanges: never inside an extended-protocol sequence
 * (Parse…Sync, whose unnamed statement and portal another client would overwrite) and never inside an
 * open transaction. The socket package's own queue switches clients between single messages.
 *
 * Answers wait for the log: whatever the engine says while a WAL flush it asked for is still running (the
 * CommandComplete and ReadyForQuery of a commit, and anything that could reveal that commit to another
 * client) is held back, in order per client, until `walSync` reports the flush done.
 */
export class SessionQueue {
  private readonly queue: QueuedMessage[] = [];
  private readonly held = new Map<number, HeldAnswer[]>();
  /** Answers kept until the client's exchange asks for them, as PostgreSQL does: one socket write per exchange, not per message. */
  private readonly unsent = new Map<number, Uint8Array[]>();
  private owner: number | null = null;
  private running = false;

  constructor(
    private readonly db: PGlite,
    private readonly walSync: WalSync,
  ) {
    walSync.onDurable(() => this.releaseHeld());
  }

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.run();
    });
  }

  clearQueueForHandler(handlerId: number): void {
    this.held.delete(handlerId);
    this.unsent.delete(handlerId);
    for (let index = this.queue.length - 1; index >= 0; index -= 1) {
      if (this.queue[index].handlerId !== handlerId) continue;
      this.queue.splice(index, 1)[0].reject(new Error('Handler disconnected'));
    }
  }

  /** A client that goes away mid-exchange or mid-transaction gives the session back, rolled back. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    this.owner = null;
    await this.run();
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  private next(): QueuedMessage | undefined {
    if (this.owner === null) return this.queue.shift();
    const index = this.queue.findIndex((item) => item.handlerId === this.owner);
    return index === -1 ? undefined : this.queue.splice(index, 1)[0];
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let item = this.next(); item; item = this.next()) {
        let bytes = 0;
        const parts = this.unsent.get(item.handlerId) ?? [];
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item!.message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                // the engine reuses the memory behind `data`
                parts.push(data.slice());
              },
            }),
          );
        } catch (error) {
          this.owner = null;
          this.send(item, parts);
          item.reject(error);
          continue;
        }
        if (BUFFERED_ANSWERS.has(item.message[0])) this.unsent.set(item.handlerId, parts);
        else this.send(item, parts);
        this.owner = endsExchange(item.message) && !this.db.isInTransaction() ? null : item.handlerId;
        item.resolve(bytes);
      }
    } finally {
      this.running = false;
    }
  }

  /** Sends the client's kept answers and this message's as one write (or holds them for the log). */
  private send(item: QueuedMessage, parts: Uint8Array[]): void {
    this.unsent.delete(item.handlerId);
    if (parts.length === 0) return;
    this.answer(item, parts.length === 1 ? parts[0] : Buffer.concat(parts));
  }

  private answer(item: QueuedMessage, data: Uint8Array): void {
    const waiting = this.held.get(item.handlerId);
    if (!waiting && this.walSync.durable >= this.walSync.requested) return item.onData(data);
    const part = { flush: this.walSync.requested, data, onData: item.onData };
    if (waiting) waiting.push(part);
    else this.held.set(item.handlerId, [part]);
  }

  private releaseHeld(): void {
    if (this.walSync.failed) return;
    const durable = this.walSync.durable;
    for (const [handlerId, parts] of this.held) {
      let released = 0;
      while (released < parts.length && parts[released].flush <= durable) {
        parts[released].onData(parts[released].data);
        released += 1;
      }
      if (released === parts.length) this.held.delete(handlerId);
      else parts.splice(0, released);
    }
  }
}

/** A loopback Postgres wire-protocol listener over one PGlite, safe for a pool of concurrent clients. */
export class PGliteSessionServer {
  private server?: Server;
  private readonly handlers = new Set<PGLiteSocketHandler>();
  private readonly queue: SessionQueue;

  constructor(
    db: PGlite,
    walSync: WalSync,
    private readonly options: { host: string; port: number; maxConnections: number },
  ) {
    this.queue = new SessionQueue(db, walSync);
    // a failed flush leaves nothing to promise: clients lose their connections rather than get answers
    walSync.onDurable(() => {
      if (walSync.failed) void this.stop();
    });
  }

  async start(): Promise<{ host: string; port: number }> {
    const server = createServer((socket) => this.accept(socket));
    server.maxConnections = this.options.maxConnections;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => resolve());
    });
    this.server = server;
    const address = server.address() as { port: number };
    return { host: this.options.host, port: address.port };
  }

  async stop(): Promise<void> {
    await Promise.all([...this.handlers].map((handler) => handler.detach(true)));
    this.handlers.clear();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    // the handler only calls enqueue / clearQueueForHandler / clearTransactionIfNeeded on its queue
    const handler = new PGLiteSocketHandler({ queryQueue: this.queue as never, closeOnDetach: true });
    this.handlers.add(handler);
    socket.once('close', () => this.handlers.delete(handler));
    void handler.attach(socket);
  }
}
