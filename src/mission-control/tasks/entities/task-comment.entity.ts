import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import type { Actor } from '../../../core/auth/principal';
import { OrganizationScopedEntity } from '../../organizations/entities/organization-scoped.entity';
import { TaskEntity } from './task.entity';

@Entity('task_comments')
@Index(['taskId', 'createdAt'])
export class TaskCommentEntity extends OrganizationScopedEntity {
  @Column('uuid')
  taskId: string;

  @ManyToOne(() => TaskEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id' })
  task?: Relation<TaskEntity>;

  @Column('text')
  body: string;

  @Column('varchar', { length: 16 })
  authorType: Actor['type'];

  @Column('uuid', { nullable: true })
  authorId: string | null;
}
