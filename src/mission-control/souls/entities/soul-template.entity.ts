import { Column, Entity, Index, JoinColumn, ManyToOne, Unique, type Relation } from 'typeorm';
import { BaseEntity } from '../../../core/database/base.entity';
import { OrganizationEntity } from '../../organizations/entities/organization.entity';

/**
 * A SOUL.md template: built in (organization_id NULL, shipped with the service, read-only) or an
 * organisation's own. Slugs are unique among the built-ins and within each organisation.
 */
@Entity('soul_templates')
@Unique(['organizationId', 'slug'])
@Index('uq_soul_templates_built_in_slug', ['slug'], { unique: true, where: 'organization_id IS NULL' })
export class SoulTemplateEntity extends BaseEntity {
  /** NULL for a built-in template. */
  @Column('uuid', { nullable: true })
  organizationId: string | null;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'organization_id' })
  organization?: Relation<OrganizationEntity>;

  @Column('varchar', { length: 64 })
  slug: string;

  @Column('varchar', { length: 200 })
  name: string;

  @Column('text', { nullable: true })
  description: string | null;

  /** The SOUL.md body. */
  @Column('text')
  content: string;
}
