import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import type { AdminRole } from '../../../core/auth/principal';
import { BaseEntity } from '../../../core/database/base.entity';
import { OrganizationEntity } from '../../organizations/entities/organization.entity';

/** People who use the admin console: superadmins (every organisation) and organisation admins. */
@Entity('users')
export class UserEntity extends BaseEntity {
  @Index({ unique: true })
  @Column('varchar', { length: 320 })
  email: string;

  @Column('varchar', { length: 200 })
  displayName: string;

  @Column('text', { nullable: true, select: false })
  passwordHash: string | null;

  @Column('varchar', { length: 20, default: 'admin' })
  role: AdminRole;

  @Index()
  @Column('uuid', { nullable: true })
  organizationId: string | null;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'organization_id' })
  organization?: Relation<OrganizationEntity>;

  /** `local:admin` for the static token's user, the issuer's `sub` for Clerk users. */
  @Index({ unique: true })
  @Column('varchar', { length: 200, nullable: true })
  externalId: string | null;

  @Column('varchar', { length: 2048, nullable: true })
  avatarUrl: string | null;

  @Column('varchar', { length: 64, default: 'UTC' })
  timezone: string;

  @Column('jsonb', { default: {} })
  preferences: Record<string, unknown>;

  @Column('boolean', { default: true })
  isActive: boolean;

  @Column('timestamptz', { nullable: true })
  lastLoginAt: Date | null;
}
