import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { JsonObject } from '../../../core/database/base.entity';
import { BoardWebhookEntity } from './board-webhook.entity';

/** A signed delivery the webhook accepted, as received. */
@Entity('webhook_deliveries')
@Index(['webhookId', 'receivedAt'])
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  webhookId: string;

  @ManyToOne(() => BoardWebhookEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'webhook_id' })
  webhook?: Relation<BoardWebhookEntity>;

  @Column('uuid')
  organizationId: string;

  @Column('uuid')
  boardId: string;

  /** The sender's event name (X-Event-Type / X-GitHub-Event), when it sends one. */
  @Column('varchar', { length: 100, nullable: true })
  eventType: string | null;

  @Column('jsonb')
  payload: JsonObject;

  @CreateDateColumn({ type: 'timestamptz' })
  receivedAt: Date;
}
