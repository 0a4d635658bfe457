import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../../core/database/base.entity';

export const LIVE_CONNECTION_KINDS = ['relay', 'h5'] as const;
export type LiveConnectionKind = (typeof LIVE_CONNECTION_KINDS)[number];

/**
 * A socket open right now on some instance (a gateway's relay, an H5 chat user). Rows are refreshed while the
 * socket lives and removed when it closes; `seen_at` lets readers ignore rows of an instance that died.
 */
@Entity('live_connections')
export class LiveConnectionEntity extends BaseEntity {
  @Column('varchar', { length: 10 })
  kind: LiveConnectionKind;

  @Index()
  @Column('uuid')
  organizationId: string;

  @Index()
  @Column('uuid', { nullable: true })
  gatewayId: string | null;

  @Index()
  @Column('uuid', { nullable: true })
  h5UserId: string | null;

  @Index()
  @Column('uuid')
  instanceId: string;

  @Column('varchar', { length: 100, nullable: true })
  remoteAddress: string | null;

  @Column('timestamptz')
  seenAt: Date;
}
