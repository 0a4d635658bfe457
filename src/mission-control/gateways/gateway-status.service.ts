import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../../core/config/app-config';
import { EventBus } from '../../core/realtime/event-bus';
import { Outbox } from '../../core/jobs/outbox';
import { ActivityService } from '../activity/activity.service';
import { GatewayRef, MissionControlEvents } from '../domain-events';
import { GatewayLinksService } from './gateway-links.service';

export const GATEWAY_STATUS_CHANNEL = 'gateway-status';

/** Published on GATEWAY_STATUS_CHANNEL as `gateway.online` / `gateway.offline`. */
export interface GatewayStatusChange {
  gateway_id: string;
  organization_id: string;
  agent_ids: string[];
}

/** A gateway is offline after this many heartbeat intervals without one. */
export const MISSED_HEARTBEATS = 3;
const PROBE_TIMEOUT_MS = 5_000;

/**
 * Keeps `status` true: heartbeats (a connector's, or our own health probe of a direct gateway) mark a gateway
 * online; three missed intervals mark it offline. Each transition is announced once, to every instance, and
 * written to the activity trail; the agents of the gateway follow its status.
 */
@Injectable()
export class GatewayStatusService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('GatewayStatus');
  private timer?: NodeJS.Timeout;
  private round?: Promise<void>;
  private stopping = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly links: GatewayLinksService,
    private readonly bus: EventBus,
    private readonly activity: ActivityService,
    private readonly config: AppConfig,
    private readonly outbox: Outbox<MissionControlEvents>,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.gateways.heartbeatSeconds * 1_000).unref();
  }

  /** No round may start, or still run, once the database is about to close. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.round;
  }

  /** A heartbeat: the gateway is online now. */
  async heartbeat(gatewayId: string, extra: { upstreamConnected?: boolean | null; version?: string | null } = {}): Promise<void> {
    const changes = await this.dataSource.transaction(async (manager) => {
      const [rows]: [Array<{ previous: string; organization_id: string; name: string }>, number] = await manager.query(
        `WITH previous AS (SELECT id, status FROM gateways WHERE id = $1 FOR UPDATE)
         UPDATE gateways g SET status = 'online', last_heartbeat_at = now(),
           upstream_connected = COALESCE($2, g.upstream_connected), version = COALESCE($3, g.version)
         FROM previous WHERE g.id = previous.id
         RETURNING previous.status AS previous, g.organization_id, g.name`,
        [gatewayId, extra.upstreamConnected ?? null, extra.version ?? null],
      );
      const row = rows[0];
      if (!row || row.previous === 'online') return [];
      return this.transition(manager, 'online', [{ id: gatewayId, organization_id: row.organization_id, name: row.name }]);
    });
    await this.announce('online', changes);
  }

  /** Offline now (the gateway said goodbye), announced if it was not already. */
  async markOffline(gatewayId: string): Promise<void> {
    const changes = await this.dataSource.transaction(async (manager) => {
      const [gone]: [GatewayRef[], number] = await manager.query(
        `UPDATE gateways SET status = 'offline' WHERE id = $1 AND status <> 'offline' RETURNING id, organization_id, name`,
        [gatewayId],
      );
      return this.transition(manager, 'offline', gone);
    });
    await this.announce('offline', changes);
  }

  /** One round: probe the gateways we dial ourselves, then mark the silent ones offline. */
  async tick(): Promise<void> {
    if (this.round || this.stopping) return;
    this.round = (async () => {
      try {
        await this.probeDirectGateways();
        if (!this.stopping) await this.markSilentOffline();
      } catch (error) {
        this.logger.warn({ err: error }, 'Gateway status round failed');
      }
    })();
    await this.round;
    this.round = undefined;
  }

  private async probeDirectGateways(): Promise<void> {
    const direct: Array<{ id: string }> = await this.dataSource.query(`SELECT id FROM gateways WHERE url IS NOT NULL AND has_token`);
    await Promise.all(
      direct.map(async ({ id }) => {
        try {
          await (await this.links.link(id)).call('health', {}, { timeoutMs: PROBE_TIMEOUT_MS });
          await this.heartbeat(id);
        } catch {
          // Silence is what the sweep measures.
        }
      }),
    );
  }

  private async markSilentOffline(): Promise<void> {
    const changes = await this.dataSource.transaction(async (manager) => {
      const [gone]: [GatewayRef[], number] = await manager.query(
        `UPDATE gateways SET status = 'offline'
         WHERE status <> 'offline'
           AND COALESCE(last_heartbeat_at, created_at) < now() - make_interval(secs => $1 * heartbeat_interval_seconds)
         RETURNING id, organization_id, name`,
        [MISSED_HEARTBEATS],
      );
      return this.transition(manager, 'offline', gone);
    });
    await this.announce('offline', changes);
  }

  /**
   * In the transaction that changed the gateways' status: their agents follow, and the change is written to
   * the activity trail and, as domain events, to the outbox.
   */
  private async transition(manager: EntityManager, status: 'online' | 'offline', gateways: GatewayRef[]): Promise<GatewayStatusChange[]> {
    const changes: GatewayStatusChange[] = [];
    for (const gateway of gateways) {
      const [agents]: [Array<{ id: string; name: string; organization_id: string; board_id: string | null; gateway_id: string }>, number] = await manager.query(
        `UPDATE agents SET status = $2 WHERE gateway_id = $1 AND status <> 'disabled' RETURNING id, name, organization_id, board_id, gateway_id`,
        [gateway.id, status],
      );
      await this.activity.record(manager, {
        actor: { type: 'system', id: null },
        action: `gateway.${status}`,
        organizationId: gateway.organization_id,
        target: { type: 'gateway', id: gateway.id },
        summary: `Gateway "${gateway.name}" is ${status}`,
      });
      await this.outbox.record(manager, `gateway.${status}`, { gateway: { id: gateway.id, name: gateway.name, organization_id: gateway.organization_id } }, gateway.organization_id);
      for (const agent of agents) await this.outbox.record(manager, `agent.${status}`, { agent }, agent.organization_id);
      changes.push({ gateway_id: gateway.id, organization_id: gateway.organization_id, agent_ids: agents.map((agent) => agent.id) });
    }
    return changes;
  }

  /** Live sockets of every instance learn of the change once it has committed. */
  private async announce(status: 'online' | 'offline', changes: GatewayStatusChange[]): Promise<void> {
    for (const change of changes) await this.bus.publish(GATEWAY_STATUS_CHANNEL, `gateway.${status}`, change);
  }
}
