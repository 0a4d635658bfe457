import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../../core/database/base.entity';

@Entity('organizations')
export class OrganizationEntity extends BaseEntity {
  @Column('varchar', { length: 200 })
  name: string;

  @Index({ unique: true })
  @Column('varchar', { length: 100 })
  slug: string;

  @Column('text', { nullable: true })
  description: string | null;

  @Column('jsonb', { default: {} })
  settings: Record<string, unknown>;
}
