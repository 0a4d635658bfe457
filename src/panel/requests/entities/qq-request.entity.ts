import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../../core/database/base.entity';

export const QQ_REQUEST_STATUSES = ['pending', 'processing', 'approved', 'rejected'] as const;
export type QqRequestStatus = (typeof QQ_REQUEST_STATUSES)[number];
export type QqRequestKind = 'friend' | 'group';

/** A friend or group request QQ sent through OneBot (`post_type: request`), until it is approved or rejected. */
@Entity('qq_requests')
@Index(['status', 'requestedAt'])
export class QqRequestEntity extends BaseEntity {
  /** OneBot's handle, sent back by set_friend_add_request / set_group_add_request. */
  @Column('varchar', { length: 255, unique: true })
  flag: string;

  @Column('varchar', { length: 8 })
  type: QqRequestKind;

  /** Group requests: `add` (someone asks to join) or `invite` (the bot is invited). */
  @Column('varchar', { length: 16, nullable: true })
  subType: string | null;

  @Column('bigint')
  userId: string;

  @Column('bigint', { nullable: true })
  groupId: string | null;

  @Column('text', { default: '' })
  comment: string;

  /** The bot account that received it. */
  @Column('bigint', { nullable: true })
  selfId: string | null;

  @Column('varchar', { length: 16, default: 'pending' })
  status: QqRequestStatus;

  /** `panel` or `auto` (an auto-approve rule). */
  @Column('varchar', { length: 16, nullable: true })
  handledBy: string | null;

  @Column('timestamptz', { nullable: true })
  handledAt: Date | null;

  /** The reason given with a rejection. */
  @Column('text', { nullable: true })
  reason: string | null;

  /** When QQ sent it (the event's `time`). */
  @Column('timestamptz')
  requestedAt: Date;
}
