import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { BoardEntity } from '../../boards/entities/board.entity';
import { OrganizationScopedEntity } from '../../organizations/entities/organization-scoped.entity';

/** An inbound webhook of a board: an external system POSTs to it, signed with the webhook's secret. */
@Entity('board_webhooks')
export class BoardWebhookEntity extends OrganizationScopedEntity {
  @Index()
  @Column('uuid')
  boardId: string;

  @ManyToOne(() => BoardEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'board_id' })
  board?: Relation<BoardEntity>;

  @Column('varchar', { length: 200 })
  name: string;

  @Column('boolean', { default: true })
  enabled: boolean;

  /** The signing secret, sealed by SecretBox: HMAC checks need the secret itself, not a hash. */
  @Column('text', { select: false })
  secretSealed: string;

  @Column('varchar', { length: 16 })
  secretHint: string;

  @Column('integer', { default: 0 })
  deliveriesAccepted: number;

  @Column('integer', { default: 0 })
  deliveriesRejected: number;

  @Column('timestamptz', { nullable: true })
  lastDeliveryAt: Date | null;
}
