import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { H5UserEntity } from './h5-user.entity';

/**
 * One refresh token of a rotation family. Each use replaces it with a new one; presenting a replaced
 * token again means it leaked, and the whole family is revoked.
 */
@Entity('h5_refresh_tokens')
export class H5RefreshTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column('uuid')
  userId: string;

  @ManyToOne(() => H5UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<H5UserEntity>;

  @Index()
  @Column('uuid')
  familyId: string;

  @Index({ unique: true })
  @Column('char', { length: 64 })
  tokenHash: string;

  @Column('timestamptz')
  expiresAt: Date;

  @Column('timestamptz', { nullable: true })
  revokedAt: Date | null;

  @Column('uuid', { nullable: true })
  replacedById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
