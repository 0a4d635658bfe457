import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { scopedOrganizationFilter } from '../../core/auth/organization-scope';
import type { AdminPrincipal } from '../../core/auth/principal';
import { inOrganization } from '../metrics/metrics.service';
import { LiveActivityStreamQueryDto } from './dto/command-center.dto';
import { cursorOf, LIVE_COLUMNS, liveItemOf, LiveRow, positionOf } from './live-activity';

export const POLL_MS = 1_000;
export const KEEPALIVE_MS = 15_000;
/** Rows are stamped when their transaction began: a commit this late still shows up live. */
const LATE_COMMIT_MS = 10_000;
const REPLAY_LIMIT = 1_000;
const BATCH = 1_000;
const MAX_BUFFERED_BYTES = 1024 * 1024;
const KEEPALIVE_FRAME = 'data: {"type":"keepalive"}\n\n';

const frameOf = (row: LiveRow) => `id: ${cursorOf(row)}\ndata: ${JSON.stringify({ type: 'activity', entry: liveItemOf(row) })}\n\n`;

class Client {
  /** Rows a replay sent already, which the poller may still bring. */
  readonly replayed = new Set<string>();

  constructor(
    readonly response: Response,
    readonly boardId: string | undefined,
  ) {}

  write(row: LiveRow, frame: string): void {
    if (this.boardId && row.board_id !== this.boardId) return;
    if (this.replayed.delete(row.id)) return;
    this.send(frame);
  }

  /** A client that stopped reading is cut off (it reconnects with Last-Event-ID), so memory stays bounded. */
  send(chunk: string): void {
    if (this.response.writableEnded || this.response.destroyed) return;
    if (this.response.writableLength > MAX_BUFFERED_BYTES) {
      this.response.destroy();
      return;
    }
    this.response.write(chunk);
  }
}

/** One poller per organization watched on this instance, however many streams watch it. */
class Watch {
  readonly clients = new Set<Client>();
  /** Ids sent in the last moments, with their times: each row is sent once. */
  readonly seen = new Map<string, number>();
  timer?: NodeJS.Timeout;
  busy = false;
  /** The newest row time sent so far. */
  newest: number;

  /** `start`: rows stamped before the first stream opened are history (Last-Event-ID replays them), not live. */
  constructor(readonly start: number) {
    this.newest = start;
  }
}

/**
 * Live frames of the activity trail (`GET /api/v1/command-center/live-activity/stream`, Server-Sent Events). The
 * trail is written inside each write's own transaction on any instance, so the database is the feed: each
 * instance reads what is new once a second per organization watched, and every stream of it gets the frames.
 * `Last-Event-ID` (a live-activity cursor) replays what a reconnecting client missed.
 */
@Injectable()
export class LiveActivityStreamService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('LiveActivity');
  private readonly watches = new Map<string, Watch>();
  private readonly keepalive: NodeJS.Timeout;

  constructor(private readonly dataSource: DataSource) {
    this.keepalive = setInterval(() => {
      for (const watch of this.watches.values()) for (const client of watch.clients) client.send(KEEPALIVE_FRAME);
    }, KEEPALIVE_MS);
    this.keepalive.unref();
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.keepalive);
    for (const watch of this.watches.values()) {
      clearInterval(watch.timer);
      for (const client of watch.clients) client.response.end();
    }
    this.watches.clear();
  }

  async open(principal: AdminPrincipal, query: LiveActivityStreamQueryDto, request: Request, response: Response): Promise<void> {
    const organizationId = scopedOrganizationFilter(principal, query.organization_id) ?? null;
    const lastEventId = request.headers['last-event-id'];
    const missedAfter = typeof lastEventId === 'string' ? positionOf(lastEventId.trim()) : null;

    response.status(200);
    response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    response.setHeader('Cache-Control', 'no-cache, no-transform');
    response.setHeader('Connection', 'keep-alive');
    response.setHeader('X-Accel-Buffering', 'no');
    response.flushHeaders();
    request.socket.setNoDelay(true);
    response.write('retry: 3000\n\n');

    const client = new Client(response, query.board_id);
    const watch = await this.watch(organizationId);
    watch.clients.add(client);
    response.on('close', () => this.leave(organizationId, watch, client));
    if (missedAfter) {
      const missed: LiveRow[] = await this.dataSource.query(
        `SELECT * FROM (SELECT ${LIVE_COLUMNS} FROM activity_entries e
                         WHERE ${inOrganization('e')} AND (e.created_at, e.id) > ($2::timestamp AT TIME ZONE 'UTC', $3::uuid)
                         ORDER BY e.created_at DESC, e.id DESC LIMIT $4) newest
          ORDER BY created_at, id`,
        [organizationId, missedAfter.position, missedAfter.id, REPLAY_LIMIT],
      );
      for (const row of missed) {
        client.write(row, frameOf(row));
        // the poller has not reached it yet: it will, and must not send it twice
        if (!watch.seen.has(row.id) && (!client.boardId || row.board_id === client.boardId)) client.replayed.add(row.id);
      }
    }
  }

  private async watch(organizationId: string | null): Promise<Watch> {
    const key = organizationId ?? '*';
    let watch = this.watches.get(key);
    if (watch) return watch;
    const [{ now }] = await this.dataSource.query(`SELECT now() AS now`);
    watch = this.watches.get(key) ?? new Watch(new Date(now).getTime());
    if (!this.watches.has(key)) {
      this.watches.set(key, watch);
      const started = watch;
      started.timer = setInterval(() => void this.poll(organizationId, started), POLL_MS);
      started.timer.unref();
    }
    return watch;
  }

  private leave(organizationId: string | null, watch: Watch, client: Client): void {
    watch.clients.delete(client);
    if (watch.clients.size > 0) return;
    clearInterval(watch.timer);
    this.watches.delete(organizationId ?? '*');
  }

  private async poll(organizationId: string | null, watch: Watch): Promise<void> {
    if (watch.busy || watch.clients.size === 0) return;
    watch.busy = true;
    try {
      const from = Math.max(watch.start, watch.newest - LATE_COMMIT_MS);
      const rows: LiveRow[] = await this.dataSource.query(
        `SELECT ${LIVE_COLUMNS} FROM activity_entries e
          WHERE ${inOrganization('e')} AND e.created_at >= $2 AND NOT (e.id = ANY($3::uuid[]))
          ORDER BY e.created_at, e.id LIMIT $4`,
        [organizationId, new Date(from), [...watch.seen.keys()], BATCH],
      );
      for (const row of rows) {
        const at = new Date(row.created_at).getTime();
        watch.seen.set(row.id, at);
        watch.newest = Math.max(watch.newest, at);
        const frame = frameOf(row);
        for (const client of watch.clients) client.write(row, frame);
      }
      // rows older than the next read's start can no longer come back
      for (const [id, at] of watch.seen) if (at < watch.newest - LATE_COMMIT_MS) watch.seen.delete(id);
    } catch (error) {
      this.logger.warn({ err: error }, 'Could not read the activity trail for live frames');
    } finally {
      watch.busy = false;
    }
  }
}
