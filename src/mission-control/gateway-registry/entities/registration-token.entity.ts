import { Column, Entity, Index } from 'typeorm';
import { OrganizationScopedEntity } from '../../organizations/entities/organization-scoped.entity';

/** A `gw_reg_…` token an admin minted so gateways can register into one organisation. Stored hashed. */
@Entity('gateway_registration_tokens')
export class RegistrationTokenEntity extends OrganizationScopedEntity {
  @Index({ unique: true })
  @Column('char', { length: 64, select: false })
  tokenHash: string;

  @Column('varchar', { length: 16 })
  tokenHint: string;

  @Column('timestamptz')
  expiresAt: Date;

  @Column('timestamptz', { nullable: true })
  revokedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  lastUsedAt: Date | null;

  @Column('integer', { default: 0 })
  useCount: number;
}
