import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { scopedOrganizationFilter } from '../../core/auth/organization-scope';
import { EventStreamClient, keepStreamsAlive, openEventStream } from '../../core/realtime/event-stream';
import type { AdminPrincipal } from '../../core/auth/principal';
import { inOrganization } from '../metrics/metrics.service';
import { LiveActivityStreamQueryDto } from './dto/command-center.dto';
import { cursorOf, LIVE_COLUMNS, liveItemOf, LiveRow, positionOf } from './live-activity';

export const POLL_MS = 1_000;
/** Rows are stamped when their transaction began: a commit this late still shows up live. */
const LATE_COMMIT_MS = 10_000;
const REPLAY_LIMIT = 1_000;
const BATCH = 1_000;

const frameOf = (row: LiveRow) => `id: ${cursorOf(row)}\ndata: ${JSON.stringify({ type: 'activity', entry: liveItemOf(row) })}\n\n`;

class Client extends EventStreamClient {
  /** Rows a replay sent already, which the poller may still bring. */
  readonly replayed = new Set<string>();

  constructor(
    response: Response,
    readonly boardId: string | undefined,
  ) {
    super(response);
  }

  send(row: LiveRow, frame: string): void {
    if (this.boardId && row.board_id !== this.boardId) return;
    if (this.replayed.delete(row.id)) return;
    this.write(frame);
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
    this.keepalive = keepStreamsAlive(() => [...this.watches.values()].flatMap((watch) => [...watch.clients]));
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

    openEventStream(request, response);

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
        client.send(row, frameOf(row));
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
        for (const client of watch.clients) client.send(row, frame);
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
