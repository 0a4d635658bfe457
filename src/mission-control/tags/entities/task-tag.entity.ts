import { CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { TaskEntity } from '../../tasks/entities/task.entity';
import { TagEntity } from './tag.entity';

@Entity('task_tags')
export class TaskTagEntity {
  @PrimaryColumn('uuid')
  taskId: string;

  @ManyToOne(() => TaskEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id' })
  task?: Relation<TaskEntity>;

  @Index()
  @PrimaryColumn('uuid')
  tagId: string;

  @ManyToOne(() => TagEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tag_id' })
  tag?: Relation<TagEntity>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
