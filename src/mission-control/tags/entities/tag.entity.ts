import { Column, Entity, Index } from 'typeorm';
import { OrganizationScopedEntity } from '../../organizations/entities/organization-scoped.entity';

/** A label in an organisation's catalogue; names are unique without regard to case. */
@Entity('tags')
@Index('uq_tags_organization_id_lower_name', { synchronize: false })
export class TagEntity extends OrganizationScopedEntity {
  @Column('varchar', { length: 64 })
  name: string;

  /** `#rrggbb` */
  @Column('varchar', { length: 7, default: '#6b7280' })
  color: string;

  @Column('text', { nullable: true })
  description: string | null;
}
