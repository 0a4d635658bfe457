import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, MoreThan, Repository } from 'typeorm';
import { EventBus } from '../../core/realtime/event-bus';
import { LiveConnectionEntity, LiveConnectionKind } from './entities/live-connection.entity';

const REFRESH_MS = 30_000;
/** Rows not refreshed for this long belong to an instance that died. */
export const LIVE_ROW_TTL_MS = 3 * REFRESH_MS;

export interface LiveConnectionInput {
  kind: LiveConnectionKind;
  organizationId: string;
  gatewayId?: string | null;
  h5UserId?: string | null;
  remoteAddress?: string | null;
}

/** Which sockets are open on which instance, in the database so that every instance can list them. */
@Injectable()
export class LiveConnectionsService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('LiveConnections');
  private readonly mine = new Set<string>();
  private readonly removals = new Set<Promise<void>>();
  private refresher?: NodeJS.Timeout;

  constructor(
    @InjectRepository(LiveConnectionEntity) private readonly rows: Repository<LiveConnectionEntity>,
    private readonly bus: EventBus,
  ) {}

  onModuleInit(): void {
    this.refresher = setInterval(() => void this.refresh(), REFRESH_MS).unref();
  }

  async open(input: LiveConnectionInput): Promise<string> {
    const row = await this.rows.save(
      this.rows.create({
        kind: input.kind,
        organizationId: input.organizationId,
        gatewayId: input.gatewayId ?? null,
        h5UserId: input.h5UserId ?? null,
        remoteAddress: input.remoteAddress?.slice(0, 100) ?? null,
        instanceId: this.bus.instanceId,
        seenAt: new Date(),
      }),
    );
    this.mine.add(row.id);
    return row.id;
  }

  async close(id: string): Promise<void> {
    // at shutdown every row of this instance is removed at once, before the database closes
    if (!this.mine.delete(id)) return;
    const removal = this.rows
      .delete({ id })
      .then(() => undefined)
      .catch((error: unknown) => this.logger.warn({ err: error }, 'Could not remove a live connection row'));
    this.removals.add(removal);
    await removal.finally(() => this.removals.delete(removal));
  }

  /** Live rows of a gateway's relay, and of H5 users (the caller narrows to users of its agents). */
  listFor(where: { gatewayId?: string; h5UserIds?: string[]; kind: LiveConnectionKind }): Promise<LiveConnectionEntity[]> {
    if (where.h5UserIds && where.h5UserIds.length === 0) return Promise.resolve([]);
    return this.rows.find({
      where: {
        kind: where.kind,
        ...(where.gatewayId ? { gatewayId: where.gatewayId } : {}),
        ...(where.h5UserIds ? { h5UserId: In(where.h5UserIds) } : {}),
        seenAt: MoreThan(new Date(Date.now() - LIVE_ROW_TTL_MS)),
      },
      order: { createdAt: 'ASC' },
    });
  }

  private async refresh(): Promise<void> {
    if (this.mine.size === 0) return;
    await this.rows.update({ id: In([...this.mine]) }, { seenAt: new Date() }).catch((error: unknown) => this.logger.warn({ err: error }, 'Could not refresh live connections'));
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.refresher);
    const remaining = [...this.mine];
    this.mine.clear();
    await Promise.all(this.removals);
    if (remaining.length > 0) await this.rows.delete({ id: In(remaining) }).catch(() => undefined);
  }
}
