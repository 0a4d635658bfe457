import { Column, Entity, Index, Unique } from 'typeorm';
import type { JsonObject } from '../../../core/database/base.entity';
import { OrganizationScopedEntity } from '../../organizations/entities/organization-scoped.entity';

export const GATEWAY_MODES = ['direct', 'relay'] as const;
export type GatewayMode = (typeof GATEWAY_MODES)[number];
export const GATEWAY_STATUSES = ['unknown', 'online', 'offline'] as const;
export type GatewayStatus = (typeof GATEWAY_STATUSES)[number];

/**
 * An OpenClaw gateway: dialled directly (`direct`: an admin gave its URL and token) or holding a relay socket
 * to us (`relay`: it registered itself with a registration token and a connector runs beside it).
 */
@Entity('gateways')
@Unique(['organizationId', 'name'])
export class GatewayEntity extends OrganizationScopedEntity {
  @Column('varchar', { length: 200 })
  name: string;

  @Column('varchar', { length: 10 })
  mode: GatewayMode;

  @Column('varchar', { length: 500, nullable: true })
  url: string | null;

  /** The gateway's own token, sealed with ENCRYPTION_KEY; never returned. */
  @Column('text', { nullable: true, select: false })
  tokenSealed: string | null;

  @Column('boolean', { default: false })
  hasToken: boolean;

  /** SHA-256 of the relay token handed out at registration. */
  @Index({ unique: true })
  @Column('char', { length: 64, nullable: true, select: false })
  relayTokenHash: string | null;

  @Column('uuid', { nullable: true })
  registrationTokenId: string | null;

  @Column('varchar', { length: 500, nullable: true })
  workspaceRoot: string | null;

  @Column('varchar', { length: 64, nullable: true })
  version: string | null;

  @Column('jsonb', { default: [] })
  capabilities: string[];

  @Column('varchar', { length: 10, default: 'unknown' })
  status: GatewayStatus;

  @Column('integer', { default: 30 })
  heartbeatIntervalSeconds: number;

  @Index()
  @Column('timestamptz', { nullable: true })
  lastHeartbeatAt: Date | null;

  /** Set while a connector holds the relay socket, with the instance that holds it. */
  @Column('timestamptz', { nullable: true })
  relayConnectedAt: Date | null;

  @Column('uuid', { nullable: true })
  relayInstanceId: string | null;

  /** What the connector last said about its local gateway socket. */
  @Column('boolean', { nullable: true })
  upstreamConnected: boolean | null;

  @Column('integer', { nullable: true })
  rpcLatencyMs: number | null;

  @Column('integer', { default: 0 })
  messagesRelayed: number;

  @Column('integer', { default: 0 })
  errorCount: number;

  @Column('text', { nullable: true })
  lastError: string | null;

  @Column('timestamptz', { nullable: true })
  lastErrorAt: Date | null;

  @Column('jsonb', { default: {} })
  metadata: JsonObject;
}
