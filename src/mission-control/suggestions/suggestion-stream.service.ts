import { BeforeApplicationShutdown, Injectable, OnModuleInit } from '@nestjs/common';
import type { Request, Response } from 'express';
import { scopedOrganizationFilter } from '../../core/auth/organization-scope';
import type { AdminPrincipal } from '../../core/auth/principal';
import { BusMessage, EventBus } from '../../core/realtime/event-bus';
import { EventStreamClient, keepStreamsAlive, openEventStream } from '../../core/realtime/event-stream';
import { BoardsService } from '../boards/boards.service';
import { SuggestionStreamQueryDto } from './dto/suggestion.dto';
import { SuggestionAnnouncement, SUGGESTIONS_CHANNEL } from './suggestion-events';
import { SuggestionScope, SuggestionsService } from './suggestions.service';

/** A reconnecting client gets at most this many of the newest suggestions it missed. */
export const REPLAY_LIMIT = 1_000;
const MAX_HELD_WHILE_REPLAYING = 5_000;
const LAST_EVENT_ID = /^\d{1,18}$/;

const sseFrame = (announcement: SuggestionAnnouncement) =>
  `id: ${announcement.seq}\ndata: ${JSON.stringify({ type: 'suggestion.new', suggestion: announcement.suggestion })}\n\n`;

/** One open stream: what it may see, and what arrived live while it was still replaying. */
class StreamClient extends EventStreamClient {
  /** Live announcements held back until the replay is written; null once it is. */
  held: SuggestionAnnouncement[] | null = [];

  constructor(
    response: Response,
    readonly scope: SuggestionScope,
  ) {
    super(response);
  }

  sees({ suggestion }: SuggestionAnnouncement): boolean {
    return (!this.scope.organizationId || suggestion.organization_id === this.scope.organizationId) && (!this.scope.boardId || suggestion.board_id === this.scope.boardId);
  }
}

/**
 * `GET /api/v1/suggestions/stream`: Server-Sent Events of new suggestions. Live frames come over the event bus
 * (so a suggestion made on any instance reaches streams on every instance); the `id:` of each is its place in
 * the database's order, so a client that reconnects with `Last-Event-ID` gets what it missed from the database,
 * whichever instance it reaches. A keepalive every 15 s holds proxies open.
 */
@Injectable()
export class SuggestionStreamService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly clients = new Set<StreamClient>();
  private readonly frames = new WeakMap<BusMessage, string>();
  private unsubscribe?: () => void;
  private keepalive?: NodeJS.Timeout;

  constructor(
    private readonly bus: EventBus,
    private readonly suggestions: SuggestionsService,
    private readonly boards: BoardsService,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.bus.subscribe(SUGGESTIONS_CHANNEL, (message) => this.broadcast(message));
    this.keepalive = keepStreamsAlive(() => this.clients);
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.keepalive);
    this.unsubscribe?.();
    for (const client of this.clients) client.response.end();
    this.clients.clear();
  }

  get openStreams(): number {
    return this.clients.size;
  }

  /** Checks the caller's scope (403/404 before any byte is sent), then streams until the client goes. */
  async open(principal: AdminPrincipal, query: SuggestionStreamQueryDto, request: Request, response: Response): Promise<void> {
    const scope: SuggestionScope = { organizationId: scopedOrganizationFilter(principal, query.organization_id), boardId: query.board_id };
    if (query.board_id) await this.boards.load(principal, query.board_id);
    const lastEventId = request.headers['last-event-id'];

    openEventStream(request, response);

    // listen before reading what was missed, so nothing committed in between falls through the gap
    const client = new StreamClient(response, scope);
    this.clients.add(client);
    response.on('close', () => this.clients.delete(client));
    // live frames are written in the order they arrive (commits may finish out of sequence order): nothing is
    // dropped for its number, and a reconnect may repeat a suggestion rather than lose one
    const replayed = new Set<string>();
    if (typeof lastEventId === 'string' && LAST_EVENT_ID.test(lastEventId.trim())) {
      for (const missed of await this.suggestions.missedSince(scope, lastEventId.trim(), REPLAY_LIMIT)) {
        replayed.add(missed.seq);
        client.write(sseFrame(missed));
      }
    }
    const held = client.held ?? [];
    client.held = null;
    for (const announcement of held) if (!replayed.has(announcement.seq)) client.write(sseFrame(announcement));
  }

  private broadcast(message: BusMessage): void {
    const announcement = message.payload as SuggestionAnnouncement;
    for (const client of this.clients) {
      if (!client.sees(announcement)) continue;
      if (client.held) {
        if (client.held.push(announcement) > MAX_HELD_WHILE_REPLAYING) client.response.destroy();
        continue;
      }
      client.write(this.serialised(message));
    }
  }

  /** Every stream gets the same message object: build its frame once. */
  private serialised(message: BusMessage): string {
    let frame = this.frames.get(message);
    if (frame === undefined) {
      frame = sseFrame(message.payload as SuggestionAnnouncement);
      this.frames.set(message, frame);
    }
    return frame;
  }
}
