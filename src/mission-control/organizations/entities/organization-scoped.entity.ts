import { Column, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { BaseEntity } from '../../../core/database/base.entity';
import { OrganizationEntity } from './organization.entity';

/** A row that belongs to one organisation and goes when the organisation goes. */
export abstract class OrganizationScopedEntity extends BaseEntity {
  @Index()
  @Column('uuid')
  organizationId: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Relation<OrganizationEntity>;
}
