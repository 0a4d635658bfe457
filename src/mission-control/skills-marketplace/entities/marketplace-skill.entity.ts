import { Column, Entity, Unique } from 'typeorm';
import { OrganizationScopedEntity } from '../../organizations/entities/organization-scoped.entity';

export const SKILL_SOURCES = ['bundle', 'clawhub'] as const;
export type SkillSource = (typeof SKILL_SOURCES)[number];

/**
 * A skill in an organisation's catalogue: either a bundle we hold (SKILL.md plus a few text files) that is
 * uploaded to a gateway as a zip, or a pointer to a ClawHub skill that the gateway fetches itself.
 */
@Entity('marketplace_skills')
@Unique(['organizationId', 'slug'])
export class MarketplaceSkillEntity extends OrganizationScopedEntity {
  /** The skill's key on a gateway (SKILL.md `name`). */
  @Column('varchar', { length: 64 })
  slug: string;

  @Column('varchar', { length: 200 })
  name: string;

  @Column('text', { nullable: true })
  description: string | null;

  @Column('varchar', { length: 50, default: '1.0.0' })
  version: string;

  @Column('varchar', { length: 16, default: 'bundle' })
  source: SkillSource;

  /** The SKILL.md body (bundle skills). */
  @Column('text', { nullable: true })
  content: string | null;

  /** Extra text files of a bundle: {relative path: content}. */
  @Column('jsonb', { default: {} })
  files: Record<string, string>;

  @Column('varchar', { length: 200, nullable: true })
  clawhubSlug: string | null;
}
