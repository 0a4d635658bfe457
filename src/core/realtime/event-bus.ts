import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';

/** Something that happened, for whoever listens on its channel (on this instance or, with Redis, any). */
export interface BusMessage<T = unknown> {
  type: string;
  payload: T;
  /** The instance that published it. */
  origin: string;
}

export type BusHandler = (message: BusMessage) => void;

/** Publish/subscribe of domain events by channel (`board:<id>`, …). */
export abstract class EventBus {
  readonly instanceId = randomUUID();

  abstract publish<T>(channel: string, type: string, payload: T): Promise<void>;

  /** Returns the function that ends the subscription. */
  abstract subscribe(channel: string, handler: BusHandler): () => void;

  abstract close(): Promise<void>;
}

/** One process: an EventEmitter. */
export class MemoryEventBus extends EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  /** Delivers on a later turn, as Redis does: the publisher (a request) is not held up by its listeners. */
  async publish<T>(channel: string, type: string, payload: T): Promise<void> {
    const message = { type, payload, origin: this.instanceId };
    setImmediate(() => this.deliver(channel, message));
  }

  /** Hands a message to this process's handlers of the channel. */
  deliver(channel: string, message: BusMessage): void {
    this.emitter.emit(channel, message);
  }

  subscribe(channel: string, handler: BusHandler): () => void {
    this.emitter.on(channel, handler);
    return () => this.emitter.off(channel, handler);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

/**
 * Several instances: Redis pub/sub. Each instance holds one subscriber connection and subscribes to a channel
 * while any local handler wants it, so a message published anywhere reaches every instance's listeners.
 */
export class RedisEventBus extends EventBus {
  private readonly logger = new Logger('RedisEventBus');
  private readonly local = new MemoryEventBus();
  private readonly counts = new Map<string, number>();
  private readonly subscriber: Redis;
  private closed = false;

  constructor(
    private readonly publisher: Redis,
    private readonly prefix: string,
  ) {
    super();
    this.subscriber = publisher.duplicate();
    this.subscriber.on('message', (channel: string, raw: string) => {
      try {
        const message = JSON.parse(raw) as BusMessage;
        this.local.deliver(channel.slice(this.prefix.length), message);
      } catch (error) {
        this.logger.warn({ err: error, channel }, 'Dropped an unreadable bus message');
      }
    });
  }

  async publish<T>(channel: string, type: string, payload: T): Promise<void> {
    const message: BusMessage<T> = { type, payload, origin: this.instanceId };
    await this.publisher.publish(this.prefix + channel, JSON.stringify(message));
  }

  subscribe(channel: string, handler: BusHandler): () => void {
    const count = this.counts.get(channel) ?? 0;
    if (count === 0) this.command(() => this.subscriber.subscribe(this.prefix + channel));
    this.counts.set(channel, count + 1);
    const unsubscribeLocal = this.local.subscribe(channel, handler);
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      unsubscribeLocal();
      const remaining = (this.counts.get(channel) ?? 1) - 1;
      if (remaining > 0) this.counts.set(channel, remaining);
      else {
        this.counts.delete(channel);
        this.command(() => this.subscriber.unsubscribe(this.prefix + channel));
      }
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.local.close();
    this.subscriber.disconnect();
  }

  /** Subscription changes are fire-and-forget; after close() they no longer matter. */
  private command(run: () => Promise<unknown>): void {
    if (this.closed) return;
    run().catch((error) => {
      if (!this.closed) this.logger.warn({ err: error }, 'Redis subscription change failed');
    });
  }
}
