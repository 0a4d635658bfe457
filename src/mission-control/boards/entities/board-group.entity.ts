import { Column, Entity, Unique } from 'typeorm';
import { OrganizationScopedEntity } from '../../organizations/entities/organization-scoped.entity';

/** Boards that belong together (a team's or a project's); has a shared memory of its own. */
@Entity('board_groups')
@Unique(['organizationId', 'name'])
export class BoardGroupEntity extends OrganizationScopedEntity {
  @Column('varchar', { length: 200 })
  name: string;

  @Column('text', { nullable: true })
  description: string | null;
}
