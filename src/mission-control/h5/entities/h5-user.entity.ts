import { Column, Entity, Unique } from 'typeorm';
import { OrganizationScopedEntity } from '../../organizations/entities/organization-scoped.entity';

/** A mobile (H5) chat user; usernames are unique within an organisation. */
@Entity('h5_users')
@Unique(['organizationId', 'username'])
export class H5UserEntity extends OrganizationScopedEntity {
  @Column('varchar', { length: 64 })
  username: string;

  @Column('text', { select: false })
  passwordHash: string;

  @Column('varchar', { length: 100 })
  displayName: string;

  @Column('varchar', { length: 2048, nullable: true })
  avatarUrl: string | null;

  @Column('timestamptz', { nullable: true })
  lastLoginAt: Date | null;
}
