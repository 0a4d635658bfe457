import { CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { TaskEntity } from './task.entity';

/** `taskId` cannot start or finish before `dependsOnId` is done; both are on one board. */
@Entity('task_dependencies')
export class TaskDependencyEntity {
  @PrimaryColumn('uuid')
  taskId: string;

  @ManyToOne(() => TaskEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id' })
  task?: Relation<TaskEntity>;

  @Index()
  @PrimaryColumn('uuid')
  dependsOnId: string;

  @ManyToOne(() => TaskEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'depends_on_id' })
  dependsOn?: Relation<TaskEntity>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
